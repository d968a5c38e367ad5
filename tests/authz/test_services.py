"""The gate: who is granted, who is refused and why, and exactly one log row per subject."""

from datetime import date

import pytest
import time_machine

from authz import activities
from authz.chain import pseudonymise
from authz.exceptions import DisclosureLogUnavailable, UnknownActivity
from authz.models import Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import make_insz
from tests.portal.factories import UserFactory

A = Subject.employer(repertory="RSZ", number="123456749", personal=False)
B = Subject.employer(repertory="RSZ", number="134567808", personal=True)
Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel(date(2025, 6, 15), tick=False):
        yield


def calculator(actor, *subjects):
    return disclose(
        actor=actor,
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=list(subjects),
        categories=["identification"],
    )


def dmfa(actor, *subjects, period=Q1_2025, justification="GECO file 2025/17"):
    return disclose(
        actor=actor,
        activity=activities.DMFA_GECO_DSP,
        subjects=list(subjects),
        categories=["occupation"],
        period=period,
        justification=justification,
    )


def reasons():
    return list(Disclosure.objects.order_by("position").values_list("outcome", "reason"))


def test_anonymous_lookup_of_the_category_is_granted_and_logged():
    decision = disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[A],
        categories=["employer_category"],
    )
    assert decision.granted
    row = Disclosure.objects.get()
    assert (row.actor_id, row.actor_role, row.outcome, row.reason) == (None, "anonymous", "granted", "public-activity")
    assert row.subject_pseudonym == pseudonymise("employer", "RSZ:123456749")
    assert row.personal is False


def test_owner_is_granted_and_the_row_names_role_and_employer():
    access = EmployerAccessFactory()
    assert calculator(Actor(user=access.user), A).granted
    row = Disclosure.objects.get()
    assert (row.actor_id, row.actor_role, row.acting_for, row.outcome) == (
        access.user.pk,
        "owner",
        "RSZ:123456749",
        "granted",
    )


@pytest.mark.parametrize(
    ("access_kwargs", "reason"),
    [
        ({"registration_number": "134567808"}, "no-access"),
        ({"role": "mandatary", "valid_from": date(2023, 1, 1), "valid_until": date(2024, 12, 31)}, "access-expired"),
        ({"role": "mandatary", "valid_from": date(2025, 10, 1)}, "access-not-yet-valid"),
        ({"role": "mandatary", "scopes": []}, "out-of-scope"),
    ],
)
def test_employer_refusals_are_logged_with_their_reason(access_kwargs, reason):
    access = EmployerAccessFactory(**access_kwargs)
    decision = calculator(Actor(user=access.user, mfa_used=True), A)
    assert not decision.granted
    assert reasons() == [("refused", reason)]


def test_ended_access_is_refused(django_user_model):
    from django.utils import timezone

    access = EmployerAccessFactory(role="mandatary", ended_at=timezone.now())
    assert not calculator(Actor(user=access.user, mfa_used=True), A).granted
    assert reasons() == [("refused", "access-expired")]


def test_anonymous_is_refused_employer_data():
    assert not calculator(Actor(user=None), A).granted
    assert reasons() == [("refused", "anonymous")]


def test_mandatary_needs_mfa_in_the_session_owner_does_not():
    mandate = EmployerAccessFactory(role="mandatary", organisation="Secretariat X")
    refused = calculator(Actor(user=mandate.user, mfa_used=False), A)
    assert refused.mfa_required and not refused.granted
    granted = calculator(Actor(user=mandate.user, mfa_used=True), A)
    assert granted.granted
    owner = EmployerAccessFactory()
    assert calculator(Actor(user=owner.user, mfa_used=False), A).granted
    assert reasons() == [("refused", "mfa-required"), ("granted", "employer-access"), ("granted", "employer-access")]
    assert Disclosure.objects.order_by("position")[1].organisation == "Secretariat X"


def test_one_row_per_subject_and_mixed_outcomes():
    access = EmployerAccessFactory()
    decision = calculator(Actor(user=access.user), A, B)
    assert decision.allowed(A) and not decision.allowed(B)
    assert not decision.granted
    assert Disclosure.objects.count() == 2
    assert list(Disclosure.objects.order_by("position").values_list("personal", flat=True)) == [False, True]


def test_agent_is_granted_a_person_integrated_with_001_in_the_period():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(insz="90051512391")
    decision = dmfa(Actor(user=membership.user, mfa_used=True), Subject.person(insz="900515 123.91"))
    assert decision.granted
    row = Disclosure.objects.get()
    assert (row.actor_role, row.acting_for, row.reason) == ("agent", "BGDA", "integrated")
    assert row.organisation.startswith("BGDA")
    assert row.justification == "GECO file 2025/17"
    assert (row.period_from, row.period_until) == Q1_2025
    assert "90051512391" not in row.subject_pseudonym


PERSON = Subject.person(insz="90051512391")
Q2_2025 = (date(2025, 4, 1), date(2025, 6, 30))
QUARTERS_2024_2025 = [
    (date(year, month, 1), date(year, month + 2, 30 if month in (4, 7) else 31))
    for year in (2024, 2025)
    for month in (1, 4, 7, 10)
]


def logged_periods():
    return list(Disclosure.objects.order_by("position").values_list("outcome", "period_from", "period_until"))


def test_the_grant_is_limited_to_the_part_of_the_period_the_integration_covers():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2025, 4, 1), valid_until=date(2025, 6, 30))
    decision = dmfa(Actor(user=membership.user, mfa_used=True), PERSON, period=(date(2024, 1, 1), date(2025, 12, 31)))
    assert decision.granted
    item = decision.for_subject(PERSON)
    assert item.granted_periods == (Q2_2025,)
    assert item.covers(*Q2_2025) and not item.covers(date(2025, 1, 1), date(2025, 3, 31))
    assert not item.covers(date(2025, 6, 1), date(2025, 7, 31))
    assert logged_periods() == [("granted", *Q2_2025)]


def test_integrations_that_follow_each_other_make_one_granted_period_and_one_row():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2023, 6, 1), valid_until=date(2024, 6, 30))
    IntegrationFactory(valid_from=date(2024, 7, 1), valid_until=None)
    IntegrationFactory(valid_from=date(2024, 9, 1), valid_until=date(2024, 12, 31))  # inside the previous one
    decision = dmfa(Actor(user=membership.user, mfa_used=True), PERSON, period=(date(2024, 1, 1), date(2025, 12, 31)))
    assert decision.for_subject(PERSON).granted_periods == ((date(2024, 1, 1), date(2025, 12, 31)),)
    assert logged_periods() == [("granted", date(2024, 1, 1), date(2025, 12, 31))]


def test_a_grant_in_disjoint_parts_logs_one_row_per_part_and_no_day_outside_them():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2023, 1, 1), valid_until=date(2024, 3, 31))
    IntegrationFactory(valid_from=date(2025, 1, 1), valid_until=date(2025, 3, 31))
    decision = dmfa(Actor(user=membership.user, mfa_used=True), PERSON, period=(date(2024, 1, 1), date(2025, 12, 31)))
    parts = ((date(2024, 1, 1), date(2024, 3, 31)), (date(2025, 1, 1), date(2025, 3, 31)))
    assert decision.for_subject(PERSON).granted_periods == parts
    assert logged_periods() == [("granted", *parts[0]), ("granted", *parts[1])]
    assert set(Disclosure.objects.values_list("request_id", "subject_pseudonym").distinct()) == {
        ("", pseudonymise("person", PERSON.identifier))
    }


def test_with_units_only_the_units_covered_entirely_are_granted():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2025, 4, 15), valid_until=date(2025, 9, 30))
    decision = disclose(
        actor=Actor(user=membership.user, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[PERSON],
        categories=["occupation"],
        period=(date(2024, 1, 1), date(2025, 12, 31)),
        period_units=QUARTERS_2024_2025,
        justification="GECO file 2025/17",
    )
    assert decision.for_subject(PERSON).granted_periods == ((date(2025, 7, 1), date(2025, 9, 30)),)
    assert logged_periods() == [("granted", date(2025, 7, 1), date(2025, 9, 30))]


def test_with_units_none_covered_entirely_is_refused_outside_the_period():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2025, 5, 1), valid_until=date(2025, 6, 30))
    decision = disclose(
        actor=Actor(user=membership.user, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[PERSON],
        categories=["occupation"],
        period=Q2_2025,
        period_units=[Q2_2025],
        justification="GECO file 2025/17",
    )
    assert not decision.granted and decision.for_subject(PERSON).granted_periods is None
    assert not decision.covers(PERSON, date(2025, 5, 1), date(2025, 6, 30))
    assert reasons() == [("refused", "outside-period")]
    assert logged_periods() == [("refused", *Q2_2025)]


def test_a_grant_not_limited_in_time_covers_any_period():
    access = EmployerAccessFactory()
    decision = calculator(Actor(user=access.user), A)
    assert decision.for_subject(A).granted_periods is None
    assert decision.covers(A, date(2000, 1, 1), date(2099, 12, 31))


def test_a_refusal_for_mfa_keeps_no_granted_period():
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2025, 4, 1), valid_until=date(2025, 6, 30))
    decision = dmfa(Actor(user=membership.user, mfa_used=False), PERSON, period=(date(2025, 1, 1), date(2025, 12, 31)))
    assert decision.mfa_required and decision.for_subject(PERSON).granted_periods is None
    assert logged_periods() == [("refused", date(2025, 1, 1), date(2025, 12, 31))]


@pytest.mark.parametrize(
    ("integration", "period", "reason"),
    [
        ({"quality_code__code": "010"}, Q1_2025, "wrong-quality-code"),
        ({"institution__code": "VDAB"}, Q1_2025, "not-integrated"),
        ({}, (date(2023, 1, 1), date(2023, 3, 31)), "outside-period"),
        (None, Q1_2025, "not-integrated"),
    ],
)
def test_agent_refusals(integration, period, reason):
    from authz.models import Institution, QualityCode

    membership = InstitutionMembershipFactory()
    if integration is not None:
        kwargs = {}
        if "quality_code__code" in integration:
            kwargs["quality_code"] = QualityCode.objects.get(code=integration["quality_code__code"])
        if "institution__code" in integration:
            kwargs["institution"] = Institution.objects.get(code=integration["institution__code"])
        IntegrationFactory(**kwargs)
    decision = dmfa(Actor(user=membership.user, mfa_used=True), Subject.person(insz="90051512391"), period=period)
    assert not decision.granted
    assert reasons() == [("refused", reason)]


def test_agent_without_justification_is_refused():
    membership = InstitutionMembershipFactory()
    IntegrationFactory()
    decision = dmfa(Actor(user=membership.user, mfa_used=True), Subject.person(insz="90051512391"), justification=" ")
    assert not decision.granted
    assert reasons() == [("refused", "justification-missing")]


def test_non_member_and_owner_are_refused_person_data():
    owner = EmployerAccessFactory()
    IntegrationFactory()
    assert not dmfa(Actor(user=owner.user, mfa_used=True), Subject.person(insz="90051512391")).granted
    assert reasons() == [("refused", "not-a-member")]


def test_staff_is_not_granted_person_data_by_being_staff():
    IntegrationFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)
    assert not dmfa(Actor(user=staff, mfa_used=True), Subject.person(insz="90051512391")).granted


def test_agent_needs_mfa():
    membership = InstitutionMembershipFactory()
    IntegrationFactory()
    assert dmfa(Actor(user=membership.user, mfa_used=False), Subject.person(insz="90051512391")).mfa_required


def test_invalid_insz_is_refused_and_logged_without_the_clear_value():
    membership = InstitutionMembershipFactory()
    decision = dmfa(Actor(user=membership.user, mfa_used=True), Subject.person(insz="12345678901"))
    assert not decision.granted
    assert Disclosure.objects.get().outcome == "refused"


def test_unknown_activity_raises():
    with pytest.raises(UnknownActivity):
        disclose(actor=Actor(user=None), activity="no-such-activity", subjects=[A], categories=[])


def test_when_the_log_cannot_be_written_the_gate_fails_closed(monkeypatch):
    from django.db import DatabaseError

    from authz import chain

    def broken(rows, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(chain, "append", broken)
    access = EmployerAccessFactory()
    with pytest.raises(DisclosureLogUnavailable):
        calculator(Actor(user=access.user), A)


def test_fifty_subjects_one_bulk_insert_constant_queries(django_assert_max_num_queries):
    membership = InstitutionMembershipFactory()
    subjects = [Subject.person(insz=make_insz(date(1990, 1, 1), serial)) for serial in range(1, 51)]
    for subject in subjects:
        IntegrationFactory(insz=subject.identifier)
    # 3 reads, the locked head, the bulk insert (SQLite splits it per 49 rows), the head update, 2 savepoints.
    with django_assert_max_num_queries(9):
        decision = dmfa(Actor(user=membership.user, mfa_used=True), *subjects)
    assert decision.granted
    assert Disclosure.objects.count() == 50
