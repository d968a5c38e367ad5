"""REST API of the measures app."""
