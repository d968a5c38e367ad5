"""Mandates managed by the employer: the quarter rule, granting, ending, inviting and accepting."""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest
from hypothesis import given
from hypothesis import strategies as st

from authz import mandates
from authz.models import AccessScope, EmployerAccess, MandateInvitation
from foundation.quarters import Quarter
from tests.authz.factories import EmployerAccessFactory
from tests.portal.factories import UserFactory

TODAY = date(2026, 11, 22)  # in the fourth quarter of 2026
A = ("RSZ", "123456749")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    return EmployerAccessFactory(employer_name="Employer A", role="owner").user


@pytest.fixture
def scopes(db):
    return list(AccessScope.objects.filter(code="calculator"))


def terms(scopes, **overrides) -> mandates.MandateTerms:
    values = {
        "role": "mandatary",
        "scopes": scopes,
        "valid_from": date(2027, 1, 1),
        "valid_until": None,
        "organisation": "Secretariat X",
    }
    return mandates.MandateTerms(**{**values, **overrides})


def grant(owner, scopes, email=None, **overrides):
    return mandates.grant_mandate(
        employer=A,
        granted_by=owner,
        email=email or UserFactory().email,
        terms=terms(scopes, **overrides),
        today=TODAY,
    )


def field_errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_quarter_bounds_contain_the_day_and_are_three_months_apart(day):
    start, end = Quarter.of(day).first_day, Quarter.of(day).last_day
    assert start <= day <= end
    assert start.day == 1 and start.month in {1, 4, 7, 10}
    assert (end + timedelta(days=1)).month in {1, 4, 7, 10} and (end + timedelta(days=1)).day == 1
    assert 89 <= (end - start).days <= 91


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "field", "fragment"),
    [
        (date(2027, 1, 2), None, "valid_from", "first day of a quarter"),
        (date(2027, 1, 1), date(2027, 3, 30), "valid_until", "last day of a quarter"),
        (date(2027, 4, 1), date(2026, 12, 31), "valid_until", "before the start date"),
        (date(2026, 7, 1), None, "valid_from", "past quarter"),
    ],
)
def test_period_off_the_quarter_rule_is_refused_with_the_reason(valid_from, valid_until, field, fragment):
    with pytest.raises(ValidationError) as excinfo:
        mandates.check_mandate_period(valid_from=valid_from, valid_until=valid_until, today=TODAY)
    assert any(fragment in message for message in field_errors(excinfo)[field])


def test_wrong_start_names_the_quarter_start_of_that_date():
    with pytest.raises(ValidationError) as excinfo:
        mandates.check_mandate_period(valid_from=date(2027, 5, 15), valid_until=None, today=TODAY)
    assert "April 1, 2027" in field_errors(excinfo)["valid_from"][0]


def test_current_quarter_and_open_end_are_accepted():
    mandates.check_mandate_period(valid_from=date(2026, 10, 1), valid_until=None, today=TODAY)
    mandates.check_mandate_period(valid_from=date(2026, 10, 1), valid_until=date(2027, 6, 30), today=TODAY)


def test_owner_grants_a_mandate_to_an_existing_account(owner, scopes):
    mandatary = UserFactory(email="secretariat@example.be")
    access = grant(owner, scopes, email="Secretariat@Example.be", valid_until=date(2027, 12, 31))
    access.refresh_from_db()
    assert access.user == mandatary
    assert (access.role, access.organisation, access.granted_by) == ("mandatary", "Secretariat X", owner)
    assert (access.valid_from, access.valid_until) == (date(2027, 1, 1), date(2027, 12, 31))
    assert [scope.code for scope in access.scopes.all()] == ["calculator"]
    assert access.employer_name == "Employer A"


def test_unknown_email_is_an_error_on_the_email_field(owner, scopes):
    with pytest.raises(ValidationError) as excinfo:
        grant(owner, scopes, email="nobody@example.be")
    assert "No account uses this e-mail address" in field_errors(excinfo)["email"][0]
    assert not EmployerAccess.objects.filter(role="mandatary").exists()


def test_mandatary_needs_an_organisation_and_a_scope(owner):
    with pytest.raises(ValidationError) as excinfo:
        grant(owner, [], organisation=" ")
    assert set(field_errors(excinfo)) == {"scopes", "organisation"}


def test_appointee_gets_the_employer_as_organisation(owner, scopes):
    access = grant(owner, scopes, role="appointee", organisation="")
    assert access.organisation == "Employer A"


def test_owner_role_cannot_be_granted(owner, scopes):
    with pytest.raises(ValidationError) as excinfo:
        grant(owner, scopes, role="owner")
    assert "role" in field_errors(excinfo)


@pytest.mark.parametrize("who", ["stranger", "mandatary", "expired owner", "owner of another employer"])
def test_only_a_valid_owner_of_this_employer_grants(db, scopes, who):
    user = UserFactory()
    if who == "mandatary":
        EmployerAccessFactory(user=user, role="mandatary", organisation="X")
    elif who == "expired owner":
        EmployerAccessFactory(user=user, valid_until=date(2025, 12, 31))
    elif who == "owner of another employer":
        EmployerAccessFactory(user=user, registration_number="134567808")
    with pytest.raises(mandates.NotAnOwner):
        grant(user, scopes)
    assert not EmployerAccess.objects.filter(granted_by=user).exists()


def test_overlapping_mandate_of_the_same_account_is_refused(owner, scopes):
    mandatary = UserFactory()
    grant(owner, scopes, email=mandatary.email, valid_until=date(2027, 6, 30))
    with pytest.raises(ValidationError) as excinfo:
        grant(owner, scopes, email=mandatary.email, valid_from=date(2027, 4, 1))
    assert "already holds an access" in field_errors(excinfo)["email"][0]
    follow_up = grant(owner, scopes, email=mandatary.email, valid_from=date(2027, 7, 1))
    assert follow_up.valid_from == date(2027, 7, 1)


def test_end_at_the_end_of_the_quarter_keeps_it_valid_until_then(owner, scopes):
    access = grant(owner, scopes, valid_from=date(2026, 10, 1))
    ended = mandates.end_access(access_id=access.pk, ended_by=owner, today=TODAY)
    assert ended.valid_until == date(2026, 12, 31)
    assert ended.ended_at is None and ended.ended_by == owner
    assert ended.status_on(TODAY) == "valid" and ended.status_on(date(2027, 1, 1)) == "expired"


def test_end_now_ends_it_at_once(owner, scopes):
    access = grant(owner, scopes, valid_from=date(2026, 10, 1))
    ended = mandates.end_access(access_id=access.pk, ended_by=owner, immediately=True, today=TODAY)
    assert ended.ended_at is not None
    assert ended.status_on(TODAY) == "ended"
    assert not EmployerAccess.objects.filter(pk=access.pk).valid_on(TODAY).exists()


def test_a_future_mandate_is_cancelled(owner, scopes):
    access = grant(owner, scopes)
    ended = mandates.end_access(access_id=access.pk, ended_by=owner, today=TODAY)
    assert ended.status_on(TODAY) == "ended"


def test_ending_twice_or_an_owner_is_refused(owner, scopes):
    access = grant(owner, scopes, valid_from=date(2026, 10, 1))
    mandates.end_access(access_id=access.pk, ended_by=owner, immediately=True, today=TODAY)
    with pytest.raises(ValidationError, match="already ended"):
        mandates.end_access(access_id=access.pk, ended_by=owner, today=TODAY)
    own = EmployerAccess.objects.get(user=owner)
    with pytest.raises(ValidationError, match="owner"):
        mandates.end_access(access_id=own.pk, ended_by=owner, today=TODAY)


def test_another_employers_owner_cannot_end_it(owner, scopes):
    access = grant(owner, scopes, valid_from=date(2026, 10, 1))
    other = EmployerAccessFactory(registration_number="134567808").user
    with pytest.raises(mandates.NotAnOwner):
        mandates.end_access(access_id=access.pk, ended_by=other, immediately=True, today=TODAY)
    access.refresh_from_db()
    assert access.ended_at is None


def invite(owner, scopes, email="new.person@example.be", **overrides):
    return mandates.invite(
        employer=A,
        invited_by=owner,
        email=email,
        terms=terms(scopes, **{"valid_until": date(2027, 12, 31), "organisation": "Accountants Y", **overrides}),
        link_for=lambda token: f"https://portal.example/invitation/{token}/",
        today=TODAY,
    )


def sent_token() -> str:
    link = next(line for line in mail.outbox[-1].body.splitlines() if line.startswith("https://"))
    return link.rstrip("/").rsplit("/", 1)[1]


def test_invitation_is_mailed_and_stores_only_a_hash_of_the_token(owner, scopes):
    invitation = invite(owner, scopes, email="New.Person@Example.be")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.be"]
    assert "Employer A" in mail.outbox[0].subject
    token = sent_token()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64
    assert invitation.status == "pending"


def test_invitation_follows_the_quarter_rule(owner, scopes):
    with pytest.raises(ValidationError):
        invite(owner, scopes, valid_until=date(2027, 11, 30))
    assert not MandateInvitation.objects.exists() and not mail.outbox


def test_invited_person_accepts_with_the_invited_address(owner, scopes):
    invite(owner, scopes)
    person = UserFactory(email="new.person@example.be")
    access = mandates.accept_invitation(token=sent_token(), user=person, today=TODAY)
    assert (access.user, access.role, access.organisation, access.granted_by) == (
        person,
        "mandatary",
        "Accountants Y",
        owner,
    )
    assert (access.valid_from, access.valid_until) == (date(2027, 1, 1), date(2027, 12, 31))
    invitation = MandateInvitation.objects.get()
    assert invitation.status == "accepted" and invitation.access == access
    with pytest.raises(mandates.InvitationInvalid, match="already been accepted"):
        mandates.accept_invitation(token=sent_token(), user=person, today=TODAY)


def test_another_account_cannot_accept(owner, scopes):
    invite(owner, scopes)
    with pytest.raises(mandates.InvitationInvalid, match="another e-mail address"):
        mandates.accept_invitation(token=sent_token(), user=UserFactory(), today=TODAY)
    assert not EmployerAccess.objects.filter(role="mandatary").exists()


def test_withdrawn_expired_or_orphaned_invitations_cannot_be_accepted(owner, scopes):
    person = UserFactory(email="new.person@example.be")
    withdrawn = invite(owner, scopes)
    token = sent_token()
    mandates.withdraw_invitation(invitation_id=withdrawn.pk, withdrawn_by=owner, today=TODAY)
    with pytest.raises(mandates.InvitationInvalid, match="withdrew"):
        mandates.accept_invitation(token=token, user=person, today=TODAY)

    expired = invite(owner, scopes)
    token = sent_token()
    MandateInvitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(mandates.InvitationInvalid, match="expired"):
        mandates.accept_invitation(token=token, user=person, today=TODAY)

    invite(owner, scopes)
    token = sent_token()
    EmployerAccess.objects.filter(user=owner).update(valid_until=date(2026, 10, 31))
    with pytest.raises(mandates.InvitationInvalid, match="no longer manages"):
        mandates.accept_invitation(token=token, user=person, today=TODAY)
    assert not EmployerAccess.objects.filter(user=person).exists()


def test_unknown_token_is_refused(db):
    with pytest.raises(mandates.InvitationInvalid):
        mandates.accept_invitation(token="not-a-token", user=UserFactory(), today=TODAY)
