"""REST endpoints of the PMKS registry, one module per resource. Lists carry no NIK at all; search by NIK is a
POST."""
