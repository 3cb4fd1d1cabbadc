"""REST endpoints of the clusters app, one module per resource with its serializers beside its endpoints.
Thin: they check the shape, call one selector or service, and render."""
