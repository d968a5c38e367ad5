"""Models of the repertory app."""
