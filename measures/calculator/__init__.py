"""The benefit calculator: which measures apply to the hires of an employer, and what they are worth.

``values`` holds the inputs (plain value objects), ``rules`` turns the catalogue into a rule book, ``engine`` is the
pure function ``calculate(employer, hires, on=..., horizon=..., rules=...)``, ``result`` the answer it gives, and
``services`` runs it for a user through the authz gate.
"""
