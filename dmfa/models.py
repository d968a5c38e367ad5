"""Models of the dmfa app."""
