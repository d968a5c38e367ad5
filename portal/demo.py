"""Demo accounts shared by every app; each app adds its own demo data in its demo.py."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "Demo-portal-2026"  # noqa: S105 - published in the README on purpose
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - published in the README on purpose

#: email -> (first name, last name, is staff/superuser, needs MFA)
DEMO_ACCOUNTS = {
    "admin@demo.be": ("Ada", "Admin", True, True),
    "owner.a@demo.be": ("Anna", "Aerts", False, False),
    "owner.b@demo.be": ("Bart", "Bogaert", False, False),
    "secretariat@demo.be": ("Sofie", "Secretariaat", False, True),
    "agent@demo.be": ("Amir", "Agent", False, True),
    "auditor@demo.be": ("Audrey", "Auditeur", False, True),
}


@transaction.atomic
def load_accounts() -> dict[str, object]:
    """Create (or reset) the demo accounts with a verified e-mail and, where the role needs it, TOTP."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user_model = get_user_model()
    users = {}
    for email, (first, last, staff, needs_mfa) in DEMO_ACCOUNTS.items():
        user, _created = user_model.objects.get_or_create(email=email)
        user.first_name, user.last_name = first, last
        user.is_staff = user.is_superuser = staff
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        if needs_mfa and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[email] = user
    return users
