"""The gate against the register: data categories, recipient institutions (versions 2 of migration 0009), and the
decision and its log rows in one transaction, under the chain head's lock."""

from datetime import date, timedelta
from importlib import import_module

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from authz import activities, demo, services
from authz.constants import Reason
from authz.models import Disclosure, Institution, ProcessingActivity, QualityCode
from authz.selectors import persons_visible_to
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory

MIGRATION = import_module("authz.migrations.0009_register_v2_categories_and_institutions")
CHANGED_ON = MIGRATION.CHANGED_ON
TODAY = date(2027, 1, 15)
A = Subject.employer(repertory="RSZ", number="123456749", personal=False)
Q1_2026 = (date(2026, 1, 1), date(2026, 3, 31))

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def reasons():
    return list(Disclosure.objects.order_by("position").values_list("outcome", "reason"))


def dmfa(user, insz, *, on=None, period=Q1_2026):
    return disclose(
        actor=Actor(user=user, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz=insz)],
        categories=["occupation"],
        period=period,
        justification="GECO file 2026/3",
        on=on,
    )


# The register's versions ------------------------------------------------------------------------------------------


def repertory(user, *, on=None):
    """Employer A's repertory data for the calculator (07/039), asked by ``user``."""
    return disclose(
        actor=Actor(user=user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[A],
        categories=["identification"],
        on=on,
    )


@pytest.mark.parametrize("code", [activities.REPERTORY_FOR_CALCULATOR, activities.BENEFIT_CALCULATOR, "dmfa-geco-dsp"])
def test_a_changed_activity_is_a_new_version_and_the_old_one_ends_the_day_before(code):
    first, second = ProcessingActivity.objects.filter(code=code).order_by("version")
    assert (first.version, first.valid_until) == (1, CHANGED_ON - timedelta(days=1))
    assert (second.version, second.valid_from, second.valid_until) == (2, CHANGED_ON, None)
    assert ProcessingActivity.objects.current(code, CHANGED_ON - timedelta(days=1)) == first
    assert ProcessingActivity.objects.current(code, CHANGED_ON) == second


@pytest.mark.parametrize("code", [activities.REPERTORY_FOR_CALCULATOR, activities.BENEFIT_CALCULATOR])
def test_the_07_039_versions_list_every_category_of_its_point_2_2(code):
    row = ProcessingActivity.objects.current(code, TODAY)
    assert row.data_categories == [
        "identification",
        "deletion_date",
        "legal_form",
        "registered_office",
        "employer_type",
        "employer_category",
        "nace_codes",
        "operating_seats",
        "importance_code",
    ]
    assert row.recipient_institutions == []


def test_the_05_012_version_lists_the_dmfa_blocks_and_names_the_bgda_alone():
    row = ProcessingActivity.objects.current(activities.DMFA_GECO_DSP, TODAY)
    assert len(row.data_categories) == 13 and {"occupation", "remunerations", "services"} <= set(row.data_categories)
    assert row.recipient_institutions == ["BGDA"]
    assert ProcessingActivity.objects.get(code=activities.DMFA_GECO_DSP, version=1).recipient_institutions == []


def test_the_seed_can_run_again_without_changing_anything():
    before = list(ProcessingActivity.objects.order_by("code", "version").values())
    MIGRATION.seed(__import__("django.apps", fromlist=["apps"]).apps, None)
    assert list(ProcessingActivity.objects.order_by("code", "version").values()) == before


def _callers():
    from dmfa.constants import CONSULTATION_CATEGORIES
    from measures.gates import CATEGORIES as CALCULATOR_CATEGORIES
    from repertory import gates

    return [
        (activities.REPERTORY_FOR_CALCULATOR, gates.RECORD_CATEGORIES),
        (activities.EMPLOYER_CATEGORY_LOOKUP, gates.LOOKUP_CATEGORIES),
        (activities.BENEFIT_CALCULATOR, CALCULATOR_CATEGORIES),
        (activities.DMFA_GECO_DSP, CONSULTATION_CATEGORIES),
        (activities.REFERENCE_DIRECTORY_ADMIN, ["integration"]),
        (activities.AUDIT_LOG_EXPORT, ["disclosure_log"]),
    ]


@pytest.mark.parametrize(("activity", "categories"), _callers(), ids=lambda value: str(value)[:30])
def test_every_caller_names_only_categories_its_register_row_lists(activity, categories):
    row = ProcessingActivity.objects.current(activity, TODAY)
    assert categories and set(categories) <= set(row.data_categories)


def test_the_dmfa_consultation_names_every_block_of_the_register():
    from dmfa.constants import CONSULTATION_CATEGORIES

    row = ProcessingActivity.objects.current(activities.DMFA_GECO_DSP, TODAY)
    assert list(CONSULTATION_CATEGORIES) == row.data_categories


# Data categories ---------------------------------------------------------------------------------------------------


def test_a_category_the_register_does_not_list_is_refused_and_logged():
    access = EmployerAccessFactory()
    decision = disclose(
        actor=Actor(user=access.user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[A],
        categories=["identification", "national_register"],
    )
    assert not decision.granted and not decision.allowed(A)
    row = Disclosure.objects.get()
    assert (row.outcome, row.reason, row.actor_role) == ("refused", "category-not-in-register", "none")
    assert row.categories == ["identification", "national_register"]  # the log says what was asked


def test_the_names_the_callers_used_before_are_refused():
    access = EmployerAccessFactory()
    for categories in (["dmfa-occupation"], ["activity_sector"]):
        disclose(
            actor=Actor(user=access.user),
            activity=activities.REPERTORY_FOR_CALCULATOR,
            subjects=[A],
            categories=categories,
        )
    assert reasons() == [("refused", "category-not-in-register")] * 2


def test_a_public_activity_refuses_a_category_it_does_not_disclose():
    decision = disclose(
        actor=Actor(user=None), activity=activities.EMPLOYER_CATEGORY_LOOKUP, subjects=[A], categories=["legal_form"]
    )
    assert not decision.granted
    assert Disclosure.objects.get().actor_role == "anonymous"
    assert reasons() == [("refused", "category-not-in-register")]


def test_naming_no_category_is_refused():
    decision = disclose(
        actor=Actor(user=None), activity=activities.EMPLOYER_CATEGORY_LOOKUP, subjects=[A], categories=[]
    )
    assert not decision.granted
    assert reasons() == [("refused", "category-not-in-register")]


def test_the_categories_are_checked_against_the_version_valid_on_the_day():
    access = EmployerAccessFactory()
    before = CHANGED_ON - timedelta(days=1)
    old = disclose(
        actor=Actor(user=access.user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[A],
        categories=["registered_office"],
        on=before,
    )
    new = disclose(
        actor=Actor(user=access.user),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[A],
        categories=["registered_office"],
    )
    assert (old.activity.version, old.granted) == (1, False)
    assert (new.activity.version, new.granted) == (2, True)


def test_the_new_reasons_have_labels():
    assert Reason("category-not-in-register").label.startswith("a data category")
    assert "institution" in Reason("institution-not-a-recipient").label


# Recipient institutions (05/012: the BGDA alone) ----------------------------------------------------------------------


def _demo_integration(insz):
    """The demo's integration of this person, as `manage.py demo` loads it."""
    insz, institution, quality, valid_from, valid_until = next(row for row in demo.INTEGRATIONS if row[0] == insz)
    return IntegrationFactory(
        insz=insz,
        institution=Institution.objects.get(code=institution),
        quality_code=QualityCode.objects.get(code=quality),
        valid_from=valid_from,
        valid_until=valid_until,
    )


def test_a_vdab_agent_is_refused_the_demo_vdab_integration_for_05_012():
    entry = _demo_integration("64072008826")
    assert entry.institution.code == "VDAB" and entry.quality_code.code == "001"
    agent = InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user
    decision = dmfa(agent, "64072008826")
    assert not decision.granted
    row = Disclosure.objects.get()
    assert (row.outcome, row.reason, row.actor_role, row.acting_for) == (
        "refused",
        "institution-not-a-recipient",
        "agent",
        "VDAB",
    )
    assert (row.period_from, row.period_until) == Q1_2026


def test_the_bgda_agent_is_still_granted_its_demo_job_seeker():
    _demo_integration("90051512391")
    agent = InstitutionMembershipFactory().user
    assert dmfa(agent, "90051512391").granted
    assert reasons() == [("granted", "integrated")]


def test_an_agent_of_both_offices_sees_only_what_the_bgda_integrated():
    _demo_integration("64072008826")
    _demo_integration("90051512391")
    agent = InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user
    InstitutionMembershipFactory(user=agent)
    assert not dmfa(agent, "64072008826").granted
    assert dmfa(agent, "90051512391").granted
    assert reasons() == [("refused", "not-integrated"), ("granted", "integrated")]
    assert Disclosure.objects.order_by("position").last().acting_for == "BGDA"


def test_the_list_scope_agrees_it_shows_a_vdab_agent_nobody():
    _demo_integration("64072008826")
    agent = InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user
    assert list(persons_visible_to(user=agent, activity=activities.DMFA_GECO_DSP, period=Q1_2026)) == []
    bgda_agent = InstitutionMembershipFactory().user
    _demo_integration("90051512391")
    visible = persons_visible_to(user=bgda_agent, activity=activities.DMFA_GECO_DSP, period=Q1_2026)
    assert list(visible) == ["90051512391"]


def test_before_the_change_version_1_named_no_institution():
    _demo_integration("64072008826")
    agent = InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user
    decision = dmfa(agent, "64072008826", on=CHANGED_ON - timedelta(days=1))
    assert decision.activity.version == 1 and decision.granted


# One transaction, the chain head locked first ----------------------------------------------------------------------


def test_the_decision_reads_and_the_log_rows_are_in_one_transaction_under_the_head_lock():
    access = EmployerAccessFactory()
    with CaptureQueriesContext(connection) as queries:
        repertory(access.user)
    sql = [query["sql"] for query in queries.captured_queries]

    def first(fragment):
        return next(index for index, text in enumerate(sql) if fragment in text)

    opened = first("SAVEPOINT")  # the test runs in a transaction: the gate's own is a savepoint of it
    head = first('FROM "authz_chainhead"')
    register, accesses = first('FROM "authz_processingactivity"'), first('FROM "authz_employeraccess"')
    insert = first('INSERT INTO "authz_disclosure"')
    released = max(index for index, text in enumerate(sql) if text.startswith("RELEASE SAVEPOINT"))
    assert opened < head <= register <= accesses < insert < released
    if head == accesses:  # PostgreSQL: one round trip, the lock statement first
        assert sql[head].index('FROM "authz_chainhead"') < sql[head].index('FROM "authz_employeraccess"')
    assert not any(text.startswith("RELEASE SAVEPOINT") for text in sql[opened + 1 : insert])


def test_the_register_row_valid_today_is_read_in_the_statement_that_locks_the_head():
    access = EmployerAccessFactory()

    def sql_of_one_call():
        with CaptureQueriesContext(connection) as queries:
            repertory(access.user)
        return [query["sql"] for query in queries.captured_queries]

    sql_of_one_call()
    sql = sql_of_one_call()
    register_reads = [text for text in sql if 'FROM "authz_processingactivity"' in text]
    assert len(register_reads) == 1 and 'FROM "authz_chainhead"' in register_reads[0]
    # SAVEPOINT, the head with the register row's id, the accesses with their scopes (on PostgreSQL in the same
    # round trip), the log rows and the new head (on PostgreSQL in one statement), RELEASE.
    assert len(sql) == (4 if connection.vendor == "postgresql" else 6)


def test_a_new_register_version_is_used_from_the_next_disclosure_on():
    access = EmployerAccessFactory()
    tomorrow = timezone.localdate() + timedelta(days=1)
    before = repertory(access.user, on=tomorrow)
    assert before.granted
    narrower = ProcessingActivity.objects.get(pk=before.activity.pk)
    narrower.data_categories = [c for c in before.activity.data_categories if c != "identification"]
    narrower.valid_from = tomorrow
    services.add_activity_version(activity=narrower)
    after = repertory(access.user, on=tomorrow)
    assert after.activity.version == before.activity.version + 1
    assert not after.granted and after.subjects[0].reason == Reason.CATEGORY_NOT_IN_REGISTER


def test_a_failing_decision_writes_nothing_and_keeps_the_head(monkeypatch):
    from django.db import DatabaseError

    from authz.exceptions import DisclosureLogUnavailable
    from authz.models import ChainHead

    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[A],
        categories=["employer_category"],
    )
    head = ChainHead.objects.values_list("position", "hash").get()

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(services.selectors, "accesses_from_rows", broken)
    with pytest.raises(DisclosureLogUnavailable):
        repertory(EmployerAccessFactory().user)
    assert ChainHead.objects.values_list("position", "hash").get() == head
    assert Disclosure.objects.count() == 1


def test_the_texts_of_the_new_versions_are_marked_for_translation():
    from authz.audit import SEEDED_TEXTS

    for row in [*MIGRATION.VERSIONS_2, MIGRATION.REPERTORY_ADMIN]:
        assert {row["name"], row["legal_basis"], row["purpose"]} <= set(SEEDED_TEXTS), row["code"]


@pytest.mark.parametrize("offset", [-1, 0, 1, 400])
def test_the_chain_statement_and_the_orm_name_the_same_current_version(offset):
    """The gate's hand-written subquery (sent with the chain head's lock) and the ORM's valid_on agree on every row."""
    from authz.models.register import current_id_sql

    day = CHANGED_ON + timedelta(days=offset)
    codes = set(ProcessingActivity.objects.values_list("code", flat=True))
    assert len(codes) > 3
    for code in codes:
        sql, parameters = current_id_sql(code, day, connection.ops.quote_name)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {sql}", parameters)
            raw = cursor.fetchone()[0]
        current = ProcessingActivity.objects.current(code, day)
        assert raw == (current.pk if current else None), code
