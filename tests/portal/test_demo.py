"""manage.py demo."""

from django.contrib.auth import authenticate
from django.core.management import call_command

import pytest
from allauth.mfa.models import Authenticator

from authz.models import User
from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD


@pytest.mark.django_db
def test_demo_is_idempotent_and_creates_every_account():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(User.objects.values_list("email", flat=True)) == sorted(DEMO_ACCOUNTS)
    for email in DEMO_ACCOUNTS:
        assert authenticate(email=email, password=DEMO_PASSWORD) is not None, email
    with_totp = set(Authenticator.objects.filter(type="totp").values_list("user__email", flat=True))
    assert with_totp == {"admin@demo.be", "secretariat@demo.be", "agent@demo.be", "auditor@demo.be"}
    assert Authenticator.objects.filter(type="totp").count() == 4
    assert User.objects.get(email="admin@demo.be").is_superuser
