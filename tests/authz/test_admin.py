"""The admin: MFA for staff, the log read-only, integrations behind the gate, the CSV import page."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from authz.models import Disclosure, ReferenceDirectoryEntry
from tests.authz.factories import IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_staff_without_mfa_is_sent_to_set_it_up(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_staff_with_authenticator_but_no_mfa_in_session_is_asked_for_the_code(client, staff):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(staff, "JBSWY3DPEHPK3PXP")
    client.force_login(staff)
    response = client.get("/admin/authz/disclosure/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")


@pytest.mark.django_db
def test_disclosure_log_is_read_only_in_the_admin(client, staff):
    log_in_with_mfa(client, staff)
    assert client.get("/admin/authz/disclosure/").status_code == 200
    assert client.get("/admin/authz/disclosure/add/").status_code == 403


@pytest.mark.django_db
def test_integration_list_passes_the_gate_once_per_person_shown(client, staff):
    IntegrationFactory(insz="90051512391")
    IntegrationFactory(insz="85010123176")
    log_in_with_mfa(client, staff)
    before = Disclosure.objects.count()
    response = client.get("/admin/authz/referencedirectoryentry/")
    assert response.status_code == 200
    assert "90051512391" in response.content.decode()
    rows = Disclosure.objects.order_by("position")[before:]
    assert [(r.channel, r.actor_role, r.outcome) for r in rows] == [("admin", "staff", "granted")] * 2


@pytest.mark.django_db
def test_integration_change_page_passes_the_gate(client, staff):
    entry = IntegrationFactory()
    log_in_with_mfa(client, staff)
    assert client.get(f"/admin/authz/referencedirectoryentry/{entry.pk}/change/").status_code == 200
    assert Disclosure.objects.filter(channel="admin", outcome="granted").count() == 1


@pytest.mark.django_db
def test_integration_import_page_imports_all_or_nothing(client, staff):
    log_in_with_mfa(client, staff)
    bad = SimpleUploadedFile(
        "bad.csv",
        b"insz,institution,quality_code,valid_from,valid_until\n90051512391,BGDA,001,2024-01-01,\nx,BGDA,001,2024-01-01,\n",
    )
    response = client.post("/admin/authz/referencedirectoryentry/import/", {"file": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "line 3" in response.content.decode()
    assert ReferenceDirectoryEntry.objects.count() == 0
    good = SimpleUploadedFile(
        "good.csv", b"insz,institution,quality_code,valid_from,valid_until\n90051512391,BGDA,001,2024-01-01,\n"
    )
    response = client.post("/admin/authz/referencedirectoryentry/import/", {"file": good})
    assert response.status_code == 302
    assert ReferenceDirectoryEntry.objects.count() == 1


@pytest.mark.django_db
def test_integration_import_refuses_oversized_upload(client, staff, settings):
    settings.UPLOAD_MAX_MB = 0
    log_in_with_mfa(client, staff)
    upload = SimpleUploadedFile("big.csv", b"insz,institution,quality_code,valid_from,valid_until\n")
    response = client.post("/admin/authz/referencedirectoryentry/import/", {"file": upload}, HTTP_ACCEPT_LANGUAGE="en")
    assert "larger than 0 MB" in response.content.decode()
