"""The admin: MFA for staff, no page of the log, integrations behind the gate, the CSV import page, the register
read-only but for new versions, the chain verifications read-only."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from authz.models import ChainVerification, Disclosure, ProcessingActivity, ReferenceDirectoryEntry
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
def test_the_disclosure_log_has_no_admin_page_even_for_a_superuser(client, staff):
    log_in_with_mfa(client, staff)
    for url in ("/admin/authz/disclosure/", "/admin/authz/disclosure/add/", "/admin/authz/disclosure/1/change/"):
        assert client.get(url).status_code == 404
    assert "/admin/authz/disclosure/" not in client.get("/admin/").content.decode()


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


def admin_rows():
    return list(Disclosure.objects.order_by("position").values_list("channel", "actor_role", "outcome", "reason"))


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["history", "delete"])
def test_integration_history_and_delete_pages_pass_the_gate(client, staff, page):
    entry = IntegrationFactory(insz="90051512391")
    log_in_with_mfa(client, staff)
    response = client.get(f"/admin/authz/referencedirectoryentry/{entry.pk}/{page}/")
    assert response.status_code == 200
    assert "90051512391" in response.content.decode()
    assert admin_rows() == [("admin", "staff", "granted", "staff")]


@pytest.mark.django_db
def test_deleting_an_integration_passes_the_gate_on_the_confirmation_and_on_the_deletion(client, staff):
    entry = IntegrationFactory()
    log_in_with_mfa(client, staff)
    response = client.post(f"/admin/authz/referencedirectoryentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ReferenceDirectoryEntry.objects.exists()
    assert admin_rows() == [("admin", "staff", "granted", "staff")]


@pytest.mark.django_db
def test_the_delete_selected_confirmation_passes_the_gate_once_per_person(client, staff):
    first, second = IntegrationFactory(insz="90051512391"), IntegrationFactory(insz="85010123176")
    log_in_with_mfa(client, staff)
    response = client.post(
        "/admin/authz/referencedirectoryentry/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 200
    assert "85010123176" in response.content.decode()
    assert admin_rows() == [("admin", "staff", "granted", "staff")] * 2


@pytest.mark.django_db
def test_a_staff_member_refused_by_the_gate_sees_no_history(client, staff):
    entry = IntegrationFactory(insz="90051512391")
    ProcessingActivity.objects.filter(code="reference-directory-admin").update(recipients=["auditor"])
    log_in_with_mfa(client, staff)
    for page in ("history", "delete"):
        response = client.get(f"/admin/authz/referencedirectoryentry/{entry.pk}/{page}/")
        assert response.status_code == 403
        assert "90051512391" not in response.content.decode()
    assert [row[2:] for row in admin_rows()] == [("refused", "not-a-recipient")] * 2


# The register ----------------------------------------------------------------------------------------------------


def activity_form(**changes):
    data = {
        "code": "employer-category-lookup",
        "name": "Employer-category look-up",
        "legal_basis": "Deliberation 06/80",
        "purpose": "The category, to anyone.",
        "data_source": "Employer repertories",
        "subject_kind": "employer",
        "data_categories": '["employer_category"]',
        "recipients": '["public"]',
        "recipient_institutions": "[]",
        "required_scopes": "[]",
        "quality_codes_required": "[]",
        "valid_from": "2027-01-01",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_a_register_version_is_read_only_in_the_admin(client, staff):
    row = ProcessingActivity.objects.get(code="employer-category-lookup", version=1)
    log_in_with_mfa(client, staff)
    page = client.get(f"/admin/authz/processingactivity/{row.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="purpose"' not in body and "Add a new version from this one" in body
    response = client.post(f"/admin/authz/processingactivity/{row.pk}/change/", activity_form(purpose="Changed."))
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.purpose.startswith("Show an employer") and row.version == 1
    assert client.post(f"/admin/authz/processingactivity/{row.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_a_change_is_a_new_version_and_the_previous_one_ends_the_day_before(client, staff):
    old = ProcessingActivity.objects.get(code="employer-category-lookup", version=1)
    log_in_with_mfa(client, staff)
    prefilled = client.get(f"/admin/authz/processingactivity/add/?from_version={old.pk}").content.decode()
    assert "Deliberation 06/80 of 14 November 2006" in prefilled
    response = client.post("/admin/authz/processingactivity/add/", activity_form(purpose="A clearer purpose."))
    assert response.status_code == 302
    new = ProcessingActivity.objects.get(code="employer-category-lookup", version=2)
    old.refresh_from_db()
    assert (new.valid_from, new.valid_until, new.purpose) == (date(2027, 1, 1), None, "A clearer purpose.")
    assert old.valid_until == date(2027, 1, 1) - timedelta(days=1)
    assert ProcessingActivity.objects.current("employer-category-lookup", date(2027, 1, 1)) == new


@pytest.mark.django_db
def test_a_new_version_must_start_after_the_last_one(client, staff):
    log_in_with_mfa(client, staff)
    response = client.post(
        "/admin/authz/processingactivity/add/", activity_form(valid_from="2006-11-14"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "A new version must start after the last one" in response.content.decode()
    assert ProcessingActivity.objects.filter(code="employer-category-lookup").count() == 1


@pytest.mark.django_db
def test_a_chain_verification_cannot_be_changed_or_deleted_in_the_admin(client, staff):
    verification = ChainVerification.objects.create(intact=True, count=0, head_position=0, head_hash="0" * 64)
    log_in_with_mfa(client, staff)
    base = f"/admin/authz/chainverification/{verification.pk}"
    assert client.get(f"{base}/change/").status_code == 200
    assert client.post(f"{base}/change/", {"intact": "", "count": 5}).status_code == 403
    assert client.post(f"{base}/delete/", {"post": "yes"}).status_code == 403
    listing = client.post(
        "/admin/authz/chainverification/", {"action": "delete_selected", "_selected_action": [verification.pk]}
    )
    assert listing.status_code in (200, 302)
    verification.refresh_from_db()
    assert verification.count == 0 and ChainVerification.objects.count() == 1


# Employer accesses: the name of a natural-person employer is personal data ----------------------------------------

ACCESSES = "/admin/authz/employeraccess/"


def access_rows():
    return list(Disclosure.objects.order_by("position").values_list("channel", "outcome", "subject_kind", "personal"))


@pytest.fixture
def two_accesses(db):
    from tests.authz.factories import EmployerAccessFactory
    from tests.repertory.factories import EmployerFactory

    person = EmployerFactory(natural_person=True, name_nl="Jan Peeters")
    company = EmployerFactory(natural_person=False, name_nl="Bouw NV")
    return (
        EmployerAccessFactory(registration_number=person.registration_number, employer_name="Jan Peeters"),
        EmployerAccessFactory(registration_number=company.registration_number, employer_name="Bouw NV"),
    )


def test_the_access_list_passes_the_gate_once_per_natural_person_employer_shown(client, staff, two_accesses):
    log_in_with_mfa(client, staff)
    response = client.get(ACCESSES)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jan Peeters" in page and "Bouw NV" in page
    assert access_rows() == [("admin", "granted", "employer", True)]


def test_an_access_page_passes_the_gate_for_its_employer(client, staff, two_accesses):
    person, company = two_accesses
    log_in_with_mfa(client, staff)
    for access in (person, company):
        assert client.get(f"{ACCESSES}{access.pk}/change/").status_code == 200
    assert access_rows() == [("admin", "granted", "employer", True), ("admin", "granted", "employer", False)]


def test_an_access_to_an_employer_not_in_the_repertory_counts_as_personal(client, staff):
    from tests.authz.factories import EmployerAccessFactory

    access = EmployerAccessFactory(registration_number="134567808", employer_name="Unknown")
    log_in_with_mfa(client, staff)
    assert client.get(ACCESSES).status_code == 200
    assert client.get(f"{ACCESSES}{access.pk}/history/").status_code == 200
    assert access_rows() == [("admin", "granted", "employer", True)] * 2


def test_when_the_gate_refuses_the_access_pages_show_no_employer(client, staff, two_accesses):
    person, _company = two_accesses
    ProcessingActivity.objects.filter(code="repertory-admin").update(recipients=["auditor"])
    log_in_with_mfa(client, staff)
    for url in (ACCESSES, f"{ACCESSES}{person.pk}/change/", f"{ACCESSES}{person.pk}/delete/"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Jan Peeters" not in response.content.decode()
    response = client.post(ACCESSES, {"action": "delete_selected", "_selected_action": [person.pk]})
    assert response.status_code == 403 and "Jan Peeters" not in response.content.decode()
    assert [row[1] for row in access_rows()] == ["refused"] * 4


# The admin's home page -------------------------------------------------------------------------------------------


def test_the_admin_home_page_lists_no_recent_actions(client, staff):
    from django.contrib.admin.models import ADDITION, LogEntry

    entry = IntegrationFactory(insz="90051512391")
    LogEntry.objects.log_actions(staff.pk, [entry], ADDITION, single_object=True)
    assert "90051512391" in LogEntry.objects.get().object_repr  # what the sidebar would show
    log_in_with_mfa(client, staff)
    page = client.get("/admin/").content.decode()
    assert "90051512391" not in page
    assert "Recent actions" not in page
    assert "/admin/authz/referencedirectoryentry/" in page  # the models are listed as before
