"""Start the demo provider: ``python -m demo_oidc.serve --port N --data-dir DIR``.

Creates its SQLite database, signing key, clients and citizens in DIR (idempotent), then serves on 127.0.0.1:N with
the issuer http://127.0.0.1:N/o until stopped.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REDIRECT_URIS = (
    # 127.0.0.1 with any port (a loopback redirect URI, RFC 8252), and the test client's host.
    "http://127.0.0.1/accounts/eid/login/callback/ "
    "http://localhost/accounts/eid/login/callback/ "
    "http://testserver/accounts/eid/login/callback/"
)


def _signing_key(path: Path) -> None:
    if path.exists():
        return
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def _seed() -> None:
    from django.contrib.auth import get_user_model

    from oauth2_provider.models import get_application_model

    from demo_oidc.citizens import CITIZENS, OTHER_CLIENT, PORTAL_CLIENT

    for username in CITIZENS:
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.set_unusable_password()
        user.save()
    application = get_application_model()
    for client_id, secret in (PORTAL_CLIENT, OTHER_CLIENT):
        application.objects.filter(client_id=client_id).delete()
        application.objects.create(
            name=client_id,
            client_id=client_id,
            client_secret=secret,
            client_type=application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=REDIRECT_URIS,
            algorithm=application.RS256_ALGORITHM,
            skip_authorization=True,
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args(argv)
    data_dir = Path(args.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    _signing_key(data_dir / "signing-key.pem")
    os.environ["DJANGO_SETTINGS_MODULE"] = "demo_oidc.settings"
    os.environ["DEMO_OIDC_DATA_DIR"] = str(data_dir)
    os.environ["DEMO_OIDC_ISSUER"] = f"http://127.0.0.1:{args.port}/o"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _seed()
    print(f"demo eID provider: issuer http://127.0.0.1:{args.port}/o", flush=True)
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    sys.exit(main())
