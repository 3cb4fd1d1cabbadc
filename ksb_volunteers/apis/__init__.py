"""REST endpoints for KSB units, TAGANA members, trainings, deployments, availability search, duty rosters and
roster imports, one module per resource with its serializers beside its endpoints. Thin: they check the shape, call
one selector or service, and render."""
