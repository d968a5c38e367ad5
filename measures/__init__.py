"""The catalogue of employment-promotion measures, their rules and the benefit calculator."""
