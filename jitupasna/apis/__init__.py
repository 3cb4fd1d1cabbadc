"""REST endpoints of the Jitupasna app, one module per resource with its serializers: thin, reading through the
scoped selectors and writing through the services."""
