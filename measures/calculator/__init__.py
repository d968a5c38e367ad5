"""The benefit calculator: which measures apply to the hires of an employer, and what they are worth.

``values`` holds the inputs (plain value objects), ``rules`` turns the catalogue into a rule book, ``engine`` (a
package: periods, amounts, cumulation, wording) is the pure function ``calculate(employer, hires, on=..., horizon=...,
rules=..., language=...)``, ``result`` the answer it gives, ``display`` arranges that answer for a page, and
``services`` runs it for a user (through the gate wrapper ``measures.gates``) and writes the saved scenarios.
"""
