"""Importers of the repertory: the portal's own CSV and KBO Open Data extracts (folder or zip)."""
