"""A local OpenID Connect provider standing in for the federal eID log-in (FAS) in tests and the demo.

A Django project of its own (settings ``demo_oidc.settings``, its own SQLite file), served by django-oauth-toolkit in
OIDC mode: discovery, JWKS, authorize (PKCE required), token and userinfo, with FAS's claim names. Never in
production: ``make run`` starts it only in debug mode.
"""
