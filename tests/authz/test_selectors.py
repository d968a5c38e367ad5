"""The list scopes agree with the gate's single-subject decision, over generated rights (hypothesis)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from authz import activities
from authz.models import AccessScope, EmployerAccess, Institution, QualityCode, ReferenceDirectoryEntry
from authz.selectors import employers_accessible_to, persons_visible_to
from authz.services import Actor, Subject, disclose
from tests.authz.factories import InstitutionMembershipFactory
from tests.authz.helpers import make_insz
from tests.conftest import ensure_seed_data
from tests.portal.factories import UserFactory

TODAY = date(2025, 6, 15)
PEOPLE = [make_insz(date(1980, 1, 1) + timedelta(days=40 * i), 11 + i) for i in range(6)]
EMPLOYERS = ["123456749", "134567808", "145678963", "156789014"]
days = st.integers(min_value=-900, max_value=900).map(lambda n: TODAY + timedelta(days=n))

integration = st.tuples(
    st.sampled_from(PEOPLE),
    st.sampled_from(["BGDA", "VDAB"]),
    st.sampled_from(["001", "002", "010"]),
    days,
    st.one_of(st.none(), st.integers(0, 800)),
    # Integrations that follow each other (the next one starts the day after), as the reference directory holds
    # them when a job seeker's file is renewed; their union may cover a period no single row covers.
    st.lists(st.tuples(st.sampled_from(["001", "002"]), st.one_of(st.none(), st.integers(0, 300))), max_size=2),
)
access = st.tuples(
    st.sampled_from(EMPLOYERS),
    st.sampled_from(["owner", "appointee", "mandatary"]),
    days,
    st.one_of(st.none(), st.integers(0, 800)),
    st.sets(st.sampled_from(["repertory", "calculator"])),
    st.booleans(),
)


class ScopesAgreeWithTheGate(TestCase):
    def setUp(self):
        ensure_seed_data()

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(integration, max_size=10), days, st.integers(0, 200))
    def test_persons_visible_to_agrees_with_disclose(self, integrations, start, length):
        agent = InstitutionMembershipFactory().user
        institutions = {i.code: i for i in Institution.objects.all()}
        qualities = {q.code: q for q in QualityCode.objects.all()}
        for insz, institution, quality, valid_from, duration, followers in integrations:
            rows = [(quality, valid_from, duration)]
            for next_quality, next_duration in followers:
                if duration is None:
                    break
                valid_from = valid_from + timedelta(days=duration + 1)
                duration = next_duration
                rows.append((next_quality, valid_from, duration))
            for code, row_from, row_duration in rows:
                ReferenceDirectoryEntry.objects.get_or_create(
                    institution=institutions[institution],
                    insz=insz,
                    quality_code=qualities[code],
                    valid_from=row_from,
                    defaults={"valid_until": None if row_duration is None else row_from + timedelta(days=row_duration)},
                )
        period = (start, start + timedelta(days=length))
        for whole_period in (False, True):
            visible = set(
                persons_visible_to(
                    user=agent, activity=activities.DMFA_GECO_DSP, period=period, on=TODAY, whole_period=whole_period
                )
            )
            decision = disclose(
                actor=Actor(user=agent, mfa_used=True),
                activity=activities.DMFA_GECO_DSP,
                subjects=[Subject.person(insz=insz) for insz in PEOPLE],
                categories=["occupation"],
                period=period,
                period_units=[period] if whole_period else None,
                justification="property test",
                on=TODAY,
            )
            allowed = {insz for insz in PEOPLE if decision.allowed(Subject.person(insz=insz))}
            assert visible == allowed, whole_period
            covering = {insz for insz in PEOPLE if decision.covers(Subject.person(insz=insz), *period)}
            assert (covering == allowed) if whole_period else (covering <= allowed)

    @settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(access, max_size=8))
    def test_employers_accessible_to_agrees_with_disclose(self, accesses):
        from django.utils import timezone

        user = UserFactory()
        scopes = {s.code: s for s in AccessScope.objects.all()}
        for number, role, valid_from, duration, scope_codes, ended in accesses:
            row, created = EmployerAccess.objects.get_or_create(
                user=user,
                repertory="RSZ",
                registration_number=number,
                role=role,
                valid_from=valid_from,
                defaults={
                    "valid_until": None if duration is None else valid_from + timedelta(days=duration),
                    "ended_at": timezone.now() if ended else None,
                },
            )
            if created:
                row.scopes.set([scopes[code] for code in scope_codes])
        listed = set()
        for scope in ("repertory", "calculator"):
            listed |= {a.registration_number for a in employers_accessible_to(user=user, scope=scope, on=TODAY)}
        subjects = [Subject.employer(repertory="RSZ", number=number, personal=False) for number in EMPLOYERS]
        decision = disclose(
            actor=Actor(user=user, mfa_used=True),
            activity=activities.REPERTORY_FOR_CALCULATOR,
            subjects=subjects,
            categories=["identification"],
            on=TODAY,
        )
        allowed = {s.repertory_and_number[1] for s in subjects if decision.allowed(s)}
        assert listed == allowed


def test_whole_period_needs_integrations_without_a_gap(db):
    ensure_seed_data()
    agent = InstitutionMembershipFactory().user
    bgda, first = Institution.objects.get(code="BGDA"), QualityCode.objects.get(code="001")
    chained, gap, partial = PEOPLE[:3]
    for insz, pieces in {
        chained: [
            (date(2024, 1, 1), date(2024, 6, 30)),
            (date(2024, 7, 1), date(2024, 8, 15)),
            (date(2024, 8, 16), None),
        ],
        gap: [(date(2024, 1, 1), date(2024, 6, 30)), (date(2024, 7, 2), None)],
        partial: [(date(2024, 3, 1), None)],
    }.items():
        for valid_from, valid_until in pieces:
            ReferenceDirectoryEntry.objects.create(
                institution=bgda, insz=insz, quality_code=first, valid_from=valid_from, valid_until=valid_until
            )
    period = (date(2024, 1, 1), date(2024, 12, 31))

    def visible(whole_period):
        return set(
            persons_visible_to(
                user=agent, activity=activities.DMFA_GECO_DSP, period=period, on=TODAY, whole_period=whole_period
            )
        )

    assert visible(False) == {chained, gap, partial}
    assert visible(True) == {chained}
