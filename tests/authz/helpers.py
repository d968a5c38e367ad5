"""Helpers other apps' tests use too: logging in as if two-factor authentication was used."""

import time


def log_in_with_mfa(client, user) -> None:
    """Log the user in on the test client with an 'mfa' authentication record, as allauth writes after TOTP."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
