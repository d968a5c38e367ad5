"""REST API of the authz app."""
