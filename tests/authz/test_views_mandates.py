"""The owner's mandates page, ending and inviting, accepting an invitation, and the acting-for switcher."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

import pytest
import time_machine

from authz.context_processors import ACTING_FOR_SESSION_KEY
from authz.models import AccessScope, EmployerAccess, MandateInvitation
from tests.authz.factories import EmployerAccessFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

MANDATES_A = "/en/mandates/RSZ/123456749/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fourth_quarter_of_2026():
    with time_machine.travel(datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")), tick=True):
        yield


@pytest.fixture
def owner_a():
    return EmployerAccessFactory(employer_name="Employer A", role="owner").user


@pytest.fixture
def secretariat(owner_a):
    return EmployerAccessFactory(
        role="mandatary",
        organisation="Demo Social Secretariat",
        employer_name="Employer A",
        valid_from=date(2025, 1, 1),
        granted_by=owner_a,
        user=UserFactory(email="secretariat@example.be"),
    )


def grant_data(**overrides):
    calculator = AccessScope.objects.get(code="calculator").pk
    data = {
        "email": "secretariat@example.be",
        "role": "mandatary",
        "organisation": "Other Secretariat",
        "scopes": [calculator],
        "valid_from": "2027-01-01",
        "valid_until": "",
        "action": "grant",
    }
    return {**data, **overrides}


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(MANDATES_A)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_owner_sees_every_access_with_its_history(client, owner_a, secretariat):
    EmployerAccessFactory(
        role="mandatary",
        organisation="Old Firm",
        valid_from=date(2021, 1, 1),
        valid_until=date(2022, 12, 31),
        user=UserFactory(email="old.firm@example.be"),
    )
    EmployerAccessFactory(role="owner", registration_number="134567808", user=UserFactory(email="b@example.be"))
    client.force_login(owner_a)
    response = client.get(MANDATES_A)
    content = response.content.decode()
    assert response.status_code == 200
    assert "secretariat@example.be" in content and "Demo Social Secretariat" in content
    assert "old.firm@example.be" in content and "ended (end date passed)" in content
    assert "b@example.be" not in content


@pytest.mark.parametrize("who", ["mandatary", "other owner", "expired owner", "stranger"])
def test_others_get_the_same_404_as_for_an_unknown_employer(client, secretariat, who):
    if who == "mandatary":
        user = secretariat.user
    elif who == "other owner":
        user = EmployerAccessFactory(registration_number="134567808").user
    elif who == "expired owner":
        user = EmployerAccessFactory(valid_until=date(2025, 12, 31)).user
    else:
        user = UserFactory()
    client.force_login(user)
    response = client.get(MANDATES_A)
    assert response.status_code == 404
    assert "Demo Social Secretariat" not in response.content.decode()
    assert client.get("/en/mandates/RSZ/999999999/").status_code == 404
    assert client.post(MANDATES_A, grant_data()).status_code == 404
    assert EmployerAccess.objects.filter(role="mandatary").count() == 1


def test_owner_with_one_employer_goes_straight_to_its_page(client, owner_a):
    client.force_login(owner_a)
    response = client.get("/en/mandates/")
    assert response.status_code == 302 and response.url == MANDATES_A


def test_owner_grants_a_mandate(client, owner_a):
    mandatary = UserFactory(email="new.mandatary@example.be")
    client.force_login(owner_a)
    response = client.post(MANDATES_A, grant_data(email="new.mandatary@example.be", valid_until="2027-12-31"))
    assert response.status_code == 302
    access = EmployerAccess.objects.get(user=mandatary)
    assert (access.valid_from, access.valid_until, access.granted_by) == (date(2027, 1, 1), date(2027, 12, 31), owner_a)
    assert "new.mandatary@example.be" in client.get(MANDATES_A).content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"valid_from": "2027-01-15"}, "valid_from", "A mandate starts on the first day of a quarter"),
        ({"valid_until": "2027-05-31"}, "valid_until", "A mandate ends on the last day of a quarter"),
        ({"valid_from": "2027-07-01", "valid_until": "2027-03-31"}, "valid_until", "before the start date"),
        ({"valid_from": "2026-04-01"}, "valid_from", "cannot start in a past quarter"),
        ({"email": "nobody@example.be"}, "email", "No account uses this e-mail address"),
        ({"organisation": ""}, "organisation", "Name the mandatary"),
    ],
)
def test_form_says_what_is_wrong_and_keeps_what_was_typed(client, owner_a, changes, field, message):
    UserFactory(email="secretariat@example.be")
    client.force_login(owner_a)
    data = grant_data(**changes)
    response = client.post(MANDATES_A, data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    content = response.content.decode()
    assert f'value="{data["email"]}"' in content
    if data["valid_from"]:
        assert f'value="{data["valid_from"]}"' in content
    assert not EmployerAccess.objects.filter(role="mandatary").exists()


def test_owner_invites_someone_without_an_account(client, owner_a):
    client.force_login(owner_a)
    response = client.post(MANDATES_A, grant_data(email="someone.new@example.be", action="invite"))
    assert response.status_code == 302
    invitation = MandateInvitation.objects.get()
    assert invitation.email == "someone.new@example.be" and invitation.invited_by == owner_a
    assert len(mail.outbox) == 1 and "http://testserver/en/mandate-invitation/" in mail.outbox[0].body
    assert "someone.new@example.be" in client.get(MANDATES_A).content.decode()


def invitation_link() -> str:
    line = next(line for line in mail.outbox[-1].body.splitlines() if "/mandate-invitation/" in line)
    return line.replace("http://testserver", "").strip()


def test_invited_person_accepts_and_then_acts_for_the_employer(client, owner_a):
    client.force_login(owner_a)
    client.post(MANDATES_A, grant_data(email="someone.new@example.be", action="invite"))
    link = invitation_link()
    person = UserFactory(email="someone.new@example.be")
    client.force_login(person)
    page = client.get(link)
    assert page.status_code == 200 and "Employer A" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302 and response.url == "/en/acting-for/"
    access = EmployerAccess.objects.get(user=person)
    assert access.role == "mandatary" and access.organisation == "Other Secretariat"
    assert client.session[ACTING_FOR_SESSION_KEY] == "RSZ:123456749"
    again = client.get(link).content.decode()
    assert "This invitation has already been accepted." in again and ">Accept</button>" not in again
    assert client.post(link).status_code == 400
    assert EmployerAccess.objects.filter(user=person).count() == 1


def test_invitation_link_tells_another_account_nothing_of_the_employer(client, owner_a):
    client.force_login(owner_a)
    client.post(MANDATES_A, grant_data(email="someone.new@example.be", action="invite"))
    link = invitation_link()
    client.force_login(UserFactory(email="intruder@example.be"))
    response = client.get(link)
    assert response.status_code == 403 and "Employer A" not in response.content.decode()
    assert client.post(link).status_code == 403
    assert client.get("/en/mandate-invitation/guessed-token/").status_code == 404
    assert not EmployerAccess.objects.filter(user__email="intruder@example.be").exists()


def test_owner_withdraws_an_invitation_and_another_owner_cannot(client, owner_a):
    client.force_login(owner_a)
    client.post(MANDATES_A, grant_data(email="someone.new@example.be", action="invite"))
    invitation = MandateInvitation.objects.get()
    url = reverse("authz:withdraw-invitation", kwargs={"pk": invitation.pk})
    client.force_login(EmployerAccessFactory(registration_number="134567808").user)
    assert client.post(url).status_code == 404
    client.force_login(owner_a)
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"


def test_owner_ends_a_mandate_at_the_end_of_the_quarter_or_now(client, owner_a, secretariat):
    url = reverse("authz:end-access", kwargs={"pk": secretariat.pk})
    client.force_login(owner_a)
    assert client.post(url, {"when": "quarter"}).status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.valid_until == date(2026, 12, 31) and secretariat.ended_at is None
    assert client.post(url, {"when": "now"}).status_code == 302
    secretariat.refresh_from_db()
    assert secretariat.ended_at is not None and secretariat.ended_by == owner_a
    response = client.post(url, {"when": "now"}, follow=True)
    assert "already ended" in response.content.decode()


@pytest.mark.parametrize("who", ["the mandatary itself", "another employer's owner", "anonymous"])
def test_others_cannot_end_a_mandate(client, secretariat, who):
    url = reverse("authz:end-access", kwargs={"pk": secretariat.pk})
    if who == "the mandatary itself":
        client.force_login(secretariat.user)
    elif who == "another employer's owner":
        client.force_login(EmployerAccessFactory(registration_number="134567808").user)
    response = client.post(url, {"when": "now"})
    assert response.status_code == (302 if who == "anonymous" else 404)
    secretariat.refresh_from_db()
    assert secretariat.ended_at is None and secretariat.valid_until is None


def test_ending_needs_a_post(client, owner_a, secretariat):
    client.force_login(owner_a)
    assert client.get(reverse("authz:end-access", kwargs={"pk": secretariat.pk})).status_code == 405


def test_owner_without_mfa_is_encouraged_not_forced(client, owner_a):
    client.force_login(owner_a)
    response = client.get(MANDATES_A)
    assert response.status_code == 200
    assert "We recommend that you protect your account with two-factor authentication" in response.content.decode()


# The acting-for switcher ------------------------------------------------------------------------------------


@pytest.fixture
def two_employers(secretariat):
    EmployerAccessFactory(
        user=secretariat.user,
        role="mandatary",
        organisation="Demo Social Secretariat",
        registration_number="134567808",
        employer_name="Employer B",
        valid_from=date(2026, 1, 1),
    )
    EmployerAccessFactory(
        user=secretariat.user,
        role="mandatary",
        organisation="Demo Social Secretariat",
        registration_number="198765432",
        employer_name="Employer Expired",
        valid_from=date(2023, 1, 1),
        valid_until=date(2024, 12, 31),
    )
    return secretariat.user


def test_switcher_lists_valid_accesses_and_stores_the_choice(client, two_employers):
    log_in_with_mfa(client, two_employers)
    page = client.get("/en/acting-for/").content.decode()
    assert "Employer A" in page and "Employer B" in page
    # The expired mandate is listed with its dates under "not valid today", never offered as a choice.
    assert 'value="RSZ:198765432"' not in page
    assert "Mandates not valid today" in page and "Employer Expired" in page.split("Mandates not valid today", 1)[1]
    assert "Acting for" not in client.get("/en/").content.decode()  # two employers, none chosen yet
    response = client.post("/en/acting-for/", {"employer": "RSZ:134567808", "next": "/en/"})
    assert response.status_code == 302 and response.url == "/en/"
    assert client.session[ACTING_FOR_SESSION_KEY] == "RSZ:134567808"
    assert "Acting for Employer B" in client.get("/en/").content.decode()


def test_switcher_refuses_an_employer_without_valid_access(client, two_employers):
    log_in_with_mfa(client, two_employers)
    for key in ("RSZ:198765432", "RSZ:111111111"):
        client.post("/en/acting-for/", {"employer": key})
        assert ACTING_FOR_SESSION_KEY not in client.session


def test_switcher_ignores_an_outside_next_url(client, two_employers):
    log_in_with_mfa(client, two_employers)
    response = client.post("/en/acting-for/", {"employer": "RSZ:123456749", "next": "https://evil.example/"})
    assert response.url == "/en/acting-for/"


def test_only_access_is_shown_without_choosing_and_an_ended_choice_disappears(client, secretariat):
    log_in_with_mfa(client, secretariat.user)
    assert "Acting for Employer A" in client.get("/en/").content.decode()
    EmployerAccess.objects.filter(pk=secretariat.pk).update(valid_until=date(2026, 9, 30))
    assert "Acting for" not in client.get("/en/").content.decode()


def test_anonymous_pages_show_no_acting_for(client, secretariat):
    assert "Acting for" not in client.get("/en/").content.decode()
    assert client.get("/en/acting-for/").status_code == 302


def test_mandatary_without_mfa_goes_to_mfa_before_seeing_employer_names(client, secretariat):
    client.force_login(secretariat.user)
    response = client.get("/en/acting-for/")
    assert response.status_code == 302 and response.url == "/accounts/2fa/totp/activate/"
    home = client.get("/en/").content.decode()
    assert "Acting for" not in home and "Employer A" not in home


def test_appointee_sees_the_employer_without_mfa(client, owner_a):
    appointee = EmployerAccessFactory(role="appointee", employer_name="Employer A", user=UserFactory()).user
    client.force_login(appointee)
    assert client.get("/en/acting-for/").status_code == 200
    assert "Acting for Employer A" in client.get("/en/").content.decode()


def test_mandates_page_reads_a_constant_number_of_queries(client, owner_a, django_assert_max_num_queries):
    def add_mandataries(count):
        for _ in range(count):
            EmployerAccessFactory(role="mandatary", organisation="Firm", granted_by=owner_a, user=UserFactory())

    client.force_login(owner_a)
    add_mandataries(3)
    with django_assert_max_num_queries(15) as few:
        client.get(MANDATES_A)
    add_mandataries(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(MANDATES_A)
    assert len(response.context["accesses"]) == 24


def test_the_employer_switcher_reads_a_constant_number_of_queries(client, django_assert_max_num_queries):
    user = UserFactory()
    scope = AccessScope.objects.first()

    def add_accesses(count):
        for _ in range(count):
            number = f"10{EmployerAccess.objects.count():07d}"
            EmployerAccessFactory(user=user, role="mandatary", registration_number=number).scopes.add(scope)

    log_in_with_mfa(client, user)
    add_accesses(1)
    with django_assert_max_num_queries(30) as few:
        client.get("/en/acting-for/")
    add_accesses(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/en/acting-for/")
    assert response.status_code == 200 and len(response.context["rows"]) == 6
