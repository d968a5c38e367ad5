"""The ground floor: the pieces every app shares (quarters, identifiers, CSV, uploads, import jobs, formatting).

It imports no app of the project; every app may import it.
"""
