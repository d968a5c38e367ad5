"""REST API of the dmfa app."""
