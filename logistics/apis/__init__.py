"""The logistics REST API, one module per resource; every read goes through the scoped selectors."""
