"""The job seeker's pages: profile, measures for me, the summary and its PDF, and the refusals around them."""

from __future__ import annotations

import datetime
import io

import pytest

from authz import chain
from authz.models import Disclosure
from jobseekers.models import JobSeekerProfile
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa
from tests.jobseekers.factories import BRUSSELS_INSZ, WALLONIA_INSZ, JobSeekerProfileFactory, log_in_with_eid
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE, MEASURES, SUMMARY, PDF = (
    "/en/jobseeker/profile/",
    "/en/jobseeker/measures/",
    "/en/jobseeker/summary/",
    "/en/jobseeker/summary.pdf",
)


@pytest.fixture
def catalogue(db):
    from measures.demo import DATA_FILE
    from measures.loader import load

    load(DATA_FILE)


@pytest.fixture
def jobseeker(client):
    profile = JobSeekerProfileFactory()
    log_in_with_eid(client, profile.user)
    return profile


def job(**overrides) -> dict:
    start = datetime.date.today() + datetime.timedelta(days=30)
    return {"gross_monthly_wage": "2500", "work_percent": "100", "start_date": start.isoformat(), "horizon": "8"} | (
        overrides
    )


def rows_about(insz: str):
    return Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("person", insz))


def test_the_profile_is_asked_once_and_then_editable(client):
    profile = JobSeekerProfileFactory(completed_at=None, domicile_region="", registered_since=None)
    log_in_with_eid(client, profile.user)
    assert client.get("/en/jobseeker/")["Location"] == PROFILE
    assert client.get(MEASURES)["Location"] == PROFILE
    page = client.get(PROFILE).content.decode()
    assert "Before your dashboard, tell us once the facts below" in page  # why the profile comes first
    assert 'href="/en/dashboard/"' in page  # the dashboard stays one click away
    assert "Age (from your national register number)" in page and 'name="birth_date"' not in page
    response = client.post(
        PROFILE,
        {
            "domicile_region": "BRU",
            "registered_since": "2025-10-01",
            "employment_office": "Actiris",
            "qualification": "higher",
        },
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.domicile_region, profile.qualification, profile.is_complete) == ("BRU", "higher", True)
    assert profile.insz == BRUSSELS_INSZ
    assert client.get("/en/jobseeker/")["Location"] == "/en/dashboard/"  # where every later eID log-in lands
    assert "Before your dashboard" not in client.get(PROFILE).content.decode()


def test_bad_profile_input_gets_a_clear_message_and_nothing_is_saved(client, jobseeker):
    response = client.post(PROFILE, {"domicile_region": "XX", "registered_since": "2999-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page and "cannot be in the future" in page
    jobseeker.refresh_from_db()
    assert jobseeker.domicile_region == "BRU"


def test_the_insz_cannot_be_changed_through_the_form(client, jobseeker):
    client.post(PROFILE, {"domicile_region": "WAL", "insz": WALLONIA_INSZ})
    jobseeker.refresh_from_db()
    assert jobseeker.insz == BRUSSELS_INSZ


def test_measures_for_a_young_brussels_jobseeker_and_why_others_do_not_apply(client, jobseeker, catalogue):
    response = client.get(MEASURES, job())
    assert response.status_code == 200
    page = response.content.decode()
    assert "activa.brussels" in page
    assert "Why the other measures do not apply" in page and "this measure starts at" in page
    assert BRUSSELS_INSZ not in page
    rows = list(rows_about(BRUSSELS_INSZ))
    assert len(rows) == 1 == Disclosure.objects.count()
    assert (rows[0].outcome, rows[0].actor_role, rows[0].activity.code) == ("granted", "self", "jobseeker-calculator")


def test_the_wallonia_jobseeker_of_58_gets_the_walloon_older_workers_measure(client, catalogue):
    profile = JobSeekerProfileFactory(insz=WALLONIA_INSZ, domicile_region="WAL", employment_office="Forem")
    log_in_with_eid(client, profile.user)
    page = client.get(MEASURES, job()).content.decode()
    assert "wal-older-workers" not in page and "older" in page.lower()
    assert "activa.brussels" in page  # listed among those that do not apply, with its reason
    assert "residents of Brussels-Capital Region" in page


def test_a_wage_typed_wrong_is_refused_with_a_message(client, jobseeker, catalogue):
    response = client.get(MEASURES, job(gross_monthly_wage="-5", start_date="2001-01-01"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 1" in page and "Choose a start date" in page


def test_the_summary_shows_name_and_age_band_but_never_the_national_number(client, jobseeker, catalogue):
    response = client.get(SUMMARY, job(show="name_age_band"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yasmina Demo-Brussel, aged 26 to 29" in page or "Yasmina Demo-Brussel, aged under 26" in page
    assert "An indication, not an official certificate" in page and "Rules as of" in page
    assert "Conditions for the employer" in page or "How to apply" in page
    assert BRUSSELS_INSZ not in page
    assert rows_about(BRUSSELS_INSZ).count() == 1


def test_the_summary_can_hide_the_name(client, jobseeker, catalogue):
    page = client.get(SUMMARY, job(show="age_band")).content.decode()
    assert "A job seeker aged" in page and "Demo-Brussel, aged" not in page


def _pdf_text(content: bytes) -> str:
    """The text of the PDF (its font is a Unicode TrueType font: the text is read through its character map)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_pdf_is_in_the_jobseekers_language_without_the_national_number(client, jobseeker, catalogue):
    response = client.get(PDF.replace("/en/", "/nl/"), job())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert BRUSSELS_INSZ not in text and "Demo-Brussel" in text
    assert rows_about(BRUSSELS_INSZ).count() == 1


@pytest.mark.parametrize("url", [PROFILE, MEASURES, SUMMARY, PDF])
def test_an_employer_account_is_refused_the_jobseeker_pages(client, url):
    user = EmployerAccessFactory().user
    log_in_with_mfa(client, user)
    response = client.get(url, job())
    assert response.status_code == 403
    assert "did not log in with an eID" in response.content.decode()
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize("url", [PROFILE, MEASURES, SUMMARY, PDF])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_without_the_eid_in_this_session_the_gate_asks_for_strong_authentication(client, catalogue):
    profile = JobSeekerProfileFactory()
    client.force_login(profile.user)  # e.g. a session that did not go through the eID log-in
    response = client.get(MEASURES, job())
    assert response.status_code == 302
    refused = rows_about(BRUSSELS_INSZ).get()
    assert (refused.outcome, refused.reason) == ("refused", "mfa-required")


def test_a_jobseeker_opening_an_employer_page_is_refused_and_logged(client, jobseeker):
    from repertory.models import Employer  # noqa: F401 (the page looks the employer up through the gate)

    response = client.get("/en/employers/123456749/")
    assert response.status_code in (403, 404)
    row = Disclosure.objects.get()
    assert (row.outcome, row.actor_id, row.subject_kind) == ("refused", jobseeker.user_id, "employer")


def test_a_jobseeker_opening_the_dmfa_consultation_is_refused_and_logged(client, jobseeker):
    response = client.post(
        "/en/dmfa/",
        {
            "insz": "90051512391",
            "period_from": "2025Q1",
            "period_until": "2025Q4",
            "justification": "GECO file 2025/0042: premium check",
        },
    )
    assert response.status_code == 403
    row = Disclosure.objects.get()
    assert (row.outcome, row.reason, row.actor_id) == ("refused", "not-a-member", jobseeker.user_id)


def test_the_profile_of_another_person_cannot_be_reached(client, jobseeker):
    other = JobSeekerProfileFactory(insz=WALLONIA_INSZ, given_name="Jean-Marie", surname="Demo-Wallonie")
    page = client.get(PROFILE).content.decode()
    assert "Yasmina" in page and other.given_name not in page
    assert JobSeekerProfile.objects.count() == 2


def test_an_agent_is_refused_a_jobseekers_own_activity(client):
    agent = InstitutionMembershipFactory().user
    log_in_with_mfa(client, agent)
    assert client.get(MEASURES).status_code == 403
    assert UserFactory  # the agent has no profile: the job seeker's pages are not for agents
