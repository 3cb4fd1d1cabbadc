"""REST endpoints of the shelters app, one module per resource with its serializers beside its endpoints."""
