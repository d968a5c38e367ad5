"""REST API of the repertory app."""
