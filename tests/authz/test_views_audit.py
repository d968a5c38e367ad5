"""The auditors' disclosure log: who may see it, the search by clear identifiers, the logged CSV export, and the
chain verification panel."""

import csv
import io
from datetime import date, datetime, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest
import time_machine

from authz import activities
from authz.chain import pseudonymise
from authz.models import ChainVerification, Disclosure
from authz.services import Actor, Subject, disclose
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

AUDIT = "/en/audit/disclosures/"
EXPORT = "/en/audit/disclosures/export.csv"
VERIFY = "/en/audit/disclosures/verify/"
PERSON, OTHER_PERSON = "90051512391", "64072008826"
QUARTER = (date(2025, 1, 1), date(2025, 3, 31))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def auditor():
    user = UserFactory(email="auditor@example.be")
    user.groups.add(Group.objects.get(name="auditor"))
    return user


@pytest.fixture
def agent_consultations():
    """An agent consults two persons (one integrated, one not) and an owner its employer."""
    agent = InstitutionMembershipFactory(user=UserFactory(email="agent.smith@example.be")).user
    IntegrationFactory(insz=PERSON)
    disclose(
        actor=Actor(user=agent, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz=PERSON), Subject.person(insz=OTHER_PERSON)],
        categories=["occupation"],
        period=QUARTER,
        justification="GECO file 42",
    )
    owner = EmployerAccessFactory().user
    disclose(
        actor=Actor(user=owner),
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[Subject.employer(repertory="RSZ", number="123456749", personal=False)],
        categories=["employer_category"],
    )
    return agent


def entries(response) -> list[Disclosure]:
    return list(response.context["page"].object_list)


def test_anonymous_is_sent_to_log_in_and_the_attempt_is_logged(client, agent_consultations):
    before = Disclosure.objects.count()
    response = client.get(AUDIT)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    refusal = Disclosure.objects.order_by("-position").first()
    assert Disclosure.objects.count() == before + 1
    assert (refusal.outcome, refusal.reason, refusal.activity.code) == ("refused", "anonymous", "audit-log-export")


@pytest.mark.parametrize("url", [AUDIT, EXPORT])
def test_a_user_outside_the_auditor_group_is_refused_even_with_mfa(client, agent_consultations, url):
    log_in_with_mfa(client, agent_consultations)
    before = Disclosure.objects.count()
    response = client.get(url)
    assert response.status_code == 403
    content = response.content.decode()
    assert "agent.smith@example.be</td>" not in content and pseudonymise("person", PERSON) not in content
    refusal = Disclosure.objects.order_by("-position").first()
    assert Disclosure.objects.count() == before + 1
    assert (refusal.outcome, refusal.reason) == ("refused", "not-a-recipient")


def test_auditor_without_mfa_in_the_session_goes_to_mfa_first(client, auditor, agent_consultations):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(auditor, "JBSWY3DPEHPK3PXP")
    client.force_login(auditor)
    response = client.get(AUDIT)
    assert response.status_code == 302 and response.url.startswith("/accounts/2fa/reauthenticate/")
    assert Disclosure.objects.order_by("-position").first().reason == "mfa-required"


def test_auditor_without_any_authenticator_is_sent_to_set_one_up(client, auditor):
    client.force_login(auditor)
    response = client.get(EXPORT)
    assert response.status_code == 302 and response.url == "/accounts/2fa/totp/activate/"
    assert "Content-Disposition" not in response


def test_auditor_sees_the_log_and_the_consultation_is_logged(client, auditor, agent_consultations):
    log_in_with_mfa(client, auditor)
    before = Disclosure.objects.count()
    response = client.get(AUDIT)
    assert response.status_code == 200
    assert Disclosure.objects.count() == before + 1
    own = Disclosure.objects.order_by("-position").first()
    assert (own.actor, own.outcome, own.channel) == (auditor, "granted", "web")
    assert len(entries(response)) == before + 1
    assert "agent.smith@example.be" in response.content.decode()


def test_search_by_a_clear_insz_finds_that_person_only(client, auditor, agent_consultations):
    log_in_with_mfa(client, auditor)
    response = client.get(AUDIT, {"subject": "90.05.15-123.91"})
    found = entries(response)
    assert len(found) == 1
    assert found[0].subject_pseudonym == pseudonymise("person", PERSON)
    content = response.content.decode()
    assert pseudonymise("person", OTHER_PERSON) not in content
    assert PERSON not in Disclosure.objects.order_by("-position").first().justification  # never in clear in the log


@pytest.mark.parametrize("typed", ["RSZ:123456749", "rsz 123456749", "123456749"])
def test_search_by_employer_number(client, auditor, agent_consultations, typed):
    log_in_with_mfa(client, auditor)
    found = entries(client.get(AUDIT, {"subject": typed}))
    assert [entry.subject_pseudonym for entry in found] == [pseudonymise("employer", "RSZ:123456749")]


def test_search_by_actor_activity_outcome_and_period(client, auditor, agent_consultations):
    log_in_with_mfa(client, auditor)
    found = entries(client.get(AUDIT, {"actor": "agent.smith", "outcome": "refused", "activity": "dmfa-geco-dsp"}))
    assert [(e.actor.email, e.outcome, e.reason) for e in found] == [
        ("agent.smith@example.be", "refused", "not-integrated")
    ]
    assert entries(client.get(AUDIT, {"date_until": "2020-01-01"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"subject": "12345678901"}, "subject"),
        ({"subject": "Mr Smith"}, "subject"),
        ({"subject": "RSZ:12"}, "subject"),
        ({"date_from": "2026-02-01", "date_until": "2026-01-01"}, "date_until"),
    ],
)
def test_a_wrong_search_says_why_and_shows_no_rows(client, auditor, agent_consultations, params, field):
    log_in_with_mfa(client, auditor)
    response = client.get(AUDIT, params)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert entries(response) == []


def test_pages_hold_fifty_rows_with_a_constant_number_of_queries(client, auditor, django_assert_max_num_queries):
    subjects = [Subject.employer(repertory="RSZ", number=f"1000000{n:02d}", personal=False) for n in range(70)]
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=subjects,
        categories=["employer_category"],
    )
    log_in_with_mfa(client, auditor)
    with django_assert_max_num_queries(25):
        first = client.get(AUDIT)
    assert len(entries(first)) == 50
    assert len(entries(client.get(AUDIT, {"page": 2}))) == 72 - 50  # 70 look-ups and the two page views


def test_export_is_logged_once_and_holds_the_filtered_rows(client, auditor, agent_consultations):
    log_in_with_mfa(client, auditor)
    before = Disclosure.objects.count()
    response = client.get(EXPORT, {"subject": PERSON})
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert Disclosure.objects.count() == before + 1
    export = Disclosure.objects.order_by("-position").first()
    assert (export.channel, export.outcome, export.activity.code) == ("export", "granted", "audit-log-export")
    assert PERSON not in export.justification
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["Subject (pseudonym)"] for row in rows] == [pseudonymise("person", PERSON)]
    assert rows[0]["Justification"] == "GECO file 42" and rows[0]["Actor"] == "agent.smith@example.be"


def test_export_neutralises_spreadsheet_formulas(client, auditor):
    agent = InstitutionMembershipFactory().user
    disclose(
        actor=Actor(user=agent, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz=PERSON)],
        categories=["occupation"],
        period=QUARTER,
        justification='=HYPERLINK("http://evil.example")',
    )
    log_in_with_mfa(client, auditor)
    body = b"".join(client.get(EXPORT, {"outcome": "refused"}).streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["Justification"].startswith("'=HYPERLINK")


def test_export_in_dutch_opens_in_a_belgian_spreadsheet_with_words_for_the_codes(client, auditor):
    agent = InstitutionMembershipFactory().user
    disclose(
        actor=Actor(user=agent, mfa_used=True),
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz=PERSON)],
        categories=["occupation"],
        period=QUARTER,
        justification="GECO file 42",
    )
    log_in_with_mfa(client, auditor)
    body = b"".join(client.get(EXPORT.replace("/en/", "/nl/"), {"outcome": "refused"}).streaming_content).decode()
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0]["Resultaat"] == "geweigerd"
    assert rows[0]["Gegevenscategorieën"] == "tewerkstelling"
    assert "-" not in rows[0]["Reden"] and rows[0]["Reden"]  # words, not a code such as "not-integrated"


def test_auditor_runs_the_chain_verification(client, auditor, agent_consultations):
    log_in_with_mfa(client, auditor)
    response = client.post(VERIFY)
    assert response.status_code == 302 and response.url == AUDIT
    verification = ChainVerification.objects.get()
    assert verification.intact and verification.count == Disclosure.objects.count()
    page = client.get(AUDIT).content.decode()
    assert verification.head_hash in page and "Intact" in page


def test_others_cannot_run_the_verification(client, agent_consultations):
    log_in_with_mfa(client, agent_consultations)
    assert client.post(VERIFY).status_code == 403
    assert client.get(VERIFY).status_code == 405
    assert not ChainVerification.objects.exists()


def test_anonymous_verification_request_is_sent_to_log_in_and_back_to_the_log(client):
    response = client.post(VERIFY)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/en/audit/disclosures/"
    assert not ChainVerification.objects.exists()


def test_past_the_count_limit_the_page_says_more_and_still_lists_the_newest(client, auditor, monkeypatch):
    """A log of millions is not counted to the end on every search (authz.audit.COUNT_LIMIT)."""
    from authz import audit

    monkeypatch.setattr(audit, "COUNT_LIMIT", 60)
    subjects = [Subject.employer(repertory="RSZ", number=f"1000000{n:02d}", personal=False) for n in range(70)]
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=subjects,
        categories=["employer_category"],
    )
    log_in_with_mfa(client, auditor)
    page = client.get(AUDIT)
    assert "More than 60 entries found" in page.content.decode()
    assert [entry.position for entry in entries(page)] == list(range(71, 21, -1))
    # Under the limit, the count is exact (the two consultations of the log, this one included).
    narrowed = client.get(AUDIT, {"activity": activities.AUDIT_LOG_EXPORT})
    assert "2 entries found" in narrowed.content.decode()


def test_an_incremental_verification_says_where_it_started(client, auditor, agent_consultations):
    from authz.services import record_verification

    assert record_verification().intact
    disclose(
        actor=Actor(user=None),
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[Subject.employer(repertory="RSZ", number="123456749", personal=False)],
        categories=["employer_category"],
    )
    assert record_verification(incremental=True).intact
    log_in_with_mfa(client, auditor)
    page = client.get(AUDIT).content.decode()
    assert "The entries after the checkpoint at entry 3 were recomputed" in page


def test_a_date_search_finds_entries_whose_times_disagree_a_little_with_their_order(client, auditor):
    """The dates also bound the position (authz.audit.ORDER_MARGIN): an entry written after another, with an earlier
    time (it took its time before it waited for the chain's lock), is still found, and only the right ones are."""

    def lookup_at(moment):
        with time_machine.travel(moment, tick=False):
            disclose(
                actor=Actor(user=None),
                activity=activities.EMPLOYER_CATEGORY_LOOKUP,
                subjects=[Subject.employer(repertory="RSZ", number="123456749", personal=False)],
                categories=["employer_category"],
            )

    day = timezone.make_aware(datetime(2026, 3, 10, 12))
    lookup_at(day - timedelta(days=5))  # 1: well before
    lookup_at(day + timedelta(hours=13))  # 2: the next day
    lookup_at(day + timedelta(hours=10))  # 3: written after 2, time of the day itself
    lookup_at(day + timedelta(days=5))  # 4: well after
    log_in_with_mfa(client, auditor)
    params = {"date_from": "2026-03-10", "date_until": "2026-03-10", "activity": activities.EMPLOYER_CATEGORY_LOOKUP}
    assert [entry.position for entry in entries(client.get(AUDIT, params))] == [3]
    params["date_until"] = "2026-03-11"
    assert [entry.position for entry in entries(client.get(AUDIT, params))] == [3, 2]
