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


def make_insz(birth, serial: int) -> str:
    """A valid national-register number for a birth date and a serial (odd men, even women), for test data."""
    base = f"{birth:%y%m%d}{serial:03d}"
    number = int(("2" if birth.year >= 2000 else "") + base)
    return base + f"{97 - number % 97:02d}"
