"""GECO/DSP controls through the pages, the API and the batch: rights, logging, stored results and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import translation

import pytest
from pypdf import PdfReader

from authz import activities, chain
from authz.models import Disclosure, Institution
from dmfa.constants import ControlOutcome, ParameterKey, PremiumBasis, Programme
from dmfa.models import (
    ControlResult,
    ControlRun,
    MonthlyStatement,
    PersonIdentity,
    ProgrammeParameter,
    SubsidisedJob,
)
from foundation.formatting import registration_number
from foundation.quarters import Quarter
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.dmfa.factories import EMPLOYER_A, import_quarters
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

HIRED = "90051512391"  # integrated at the BGDA with quality code 001
REGULAR = ["85010123176", "64072008826", "01020314523"]
EMPLOYER = EMPLOYER_A[0]
Q = "2025Q1"
RESULTS, API, BATCH = "/en/dmfa/controls/results/", "/api/v1/dmfa/controls/", "/en/dmfa/controls/batch/"


@pytest.fixture
def dmfa(tmp_path):
    """Employer A: four full-time workers in 2024 and 2025Q1 (the research's worked figures use their own data)."""
    import_quarters(tmp_path, insz_numbers=[HIRED, *REGULAR], start=Quarter(2024, 1), end=Quarter(2025, 1))
    IntegrationFactory(insz=HIRED)


@pytest.fixture
def job(dmfa):
    bgda = Institution.objects.get(code="BGDA")
    job = SubsidisedJob.objects.create(
        institution=bgda,
        reference="G-1",
        registration_number=EMPLOYER,
        insz=HIRED,
        programme=Programme.GECO,
        start_date=dt.date(2025, 1, 1),
        days_per_week=Decimal("5"),
        worker_hours=Decimal("38"),
        reference_hours=Decimal("38"),
        joint_committee="200",
        basis=PremiumBasis.FIXED,
        last_name='=HYPERLINK("http://x")',
    )
    for month in (1, 2, 3):
        MonthlyStatement.objects.create(
            job=job,
            month=dt.date(2025, month, 1),
            days_worked=Decimal("21"),
            assimilated_days=Decimal("0"),
            hours=Decimal("159.6"),
            gross_wage=Decimal("3250.00"),
            employer_contributions=Decimal("0"),
            reductions=Decimal("0"),
            premium_paid=Decimal("398.61"),
        )
    return job


@pytest.fixture
def agent(client):
    user = InstitutionMembershipFactory().user
    log_in_with_mfa(client, user)
    return user


def rows_for(insz: str):
    return Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("person", insz))


def employer_rows(number: str = EMPLOYER):
    """The employer-level rows of the headcount's aggregate (activity dmfa-geco-dsp-headcount)."""
    return Disclosure.objects.filter(subject_pseudonym=chain.pseudonymise("employer", f"RSZ:{number}"))


def assert_one_aggregate_row(channel: str, before: int = 0) -> None:
    """The view wrote exactly one employer-level row, granted to the BGDA's agent for the headcount, for the days the
    totals cover: the reference year (2024, before the hire on 1 January 2025) to the quarter controlled."""
    rows = employer_rows().order_by("position")[before:]
    assert [(r.activity.code, r.channel, r.outcome, r.actor_role, r.acting_for, r.personal) for r in rows] == [
        (activities.DMFA_GECO_DSP_HEADCOUNT, channel, "granted", "agent", "BGDA", False)
    ]
    assert (rows[0].period_from, rows[0].period_until) == (dt.date(2024, 1, 1), dt.date(2025, 3, 31))


@pytest.fixture
def run_batch(django_capture_on_commit_callbacks):
    def run(client, quarter=Q):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(BATCH, {"quarter": quarter})

    return run


def test_the_batch_stores_three_results_per_job_and_a_rerun_replaces_them(client, agent, job, run_batch):
    response = run_batch(client)
    run = ControlRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/batch/{run.pk}/")
    assert (run.status, run.done, run.total) == ("succeeded", 1, 1)
    outcomes = dict(ControlResult.objects.values_list("control", "outcome"))
    # Regular staff: 4 FTE in 2024 (the hired worker was regular then), 3 in 2025Q1 once subsidised.
    assert outcomes == {"headcount": "failed", "premium": "failed", "reconciliation": "failed"}
    lines = ControlResult.objects.get(control="reconciliation").figures["lines"]
    assert [line["field"] for line in lines if not line["within_tolerance"]] == ["last_name"]  # not in the register
    headcount = ControlResult.objects.get(control="headcount").figures
    assert (headcount["reference"], headcount["fte"], headcount["persons"]) == ("4.0000", "3.0000", 3)
    run_batch(client)
    assert ControlResult.objects.count() == 3 and ControlRun.objects.count() == 2
    assert list(rows_for(HIRED).values_list("channel", "outcome")) == [("web", "granted")] * 2
    # Each batch works out the employer's headcount: one employer-level row per batch, none naming a regular worker.
    assert employer_rows().filter(outcome="granted", activity__code=activities.DMFA_GECO_DSP_HEADCOUNT).count() == 2
    assert not Disclosure.objects.filter(
        subject_pseudonym__in=[chain.pseudonymise("person", insz) for insz in REGULAR]
    ).exists()
    page = client.get(f"/en/dmfa/controls/batch/{run.pk}/")
    assert page.status_code == 200 and "1 of 1 jobs" in page.content.decode()


def test_a_quarter_not_yet_imported_is_not_available(client, agent, job, run_batch):
    run_batch(client, "2025Q2")
    assert set(ControlResult.objects.values_list("outcome", flat=True)) == {ControlOutcome.NOT_AVAILABLE}


def test_the_results_page_shows_the_worker_not_the_regular_staff_and_logs_one_row(client, agent, job, run_batch):
    run_batch(client)
    before, aggregate_before = Disclosure.objects.count(), employer_rows().count()
    response = client.get(RESULTS, {"quarter": Q, "employer": EMPLOYER})
    page = response.content.decode()
    assert response.status_code == 200 and HIRED in page and "G-1" in page
    assert not any(insz in page for insz in REGULAR) and "Regular-Staff" not in page
    # One row for the worker shown, one employer-level row for the headcount's totals.
    assert Disclosure.objects.count() == before + 2 and rows_for(HIRED).last().channel == "web"
    assert_one_aggregate_row("web", aggregate_before)


def test_a_results_page_without_the_headcount_logs_no_aggregate(client, agent, job, run_batch):
    run_batch(client)
    ControlResult.objects.filter(control="headcount").update(outcome="passed")
    aggregate_before = employer_rows().count()
    response = client.get(RESULTS, {"quarter": Q, "employer": EMPLOYER, "outcome": "failed"})
    page = response.content.decode()
    assert response.status_code == 200 and HIRED in page and "FTE" not in page
    assert rows_for(HIRED).count() == 2  # the batch's row and this page's
    assert employer_rows().count() == aggregate_before


def test_the_api_lists_the_stored_results_with_the_same_rights(client, agent, job, run_batch):
    run_batch(client)
    response = client.get(API, {"quarter": Q, "employer": EMPLOYER})
    assert response.status_code == 200
    body = response.json()
    assert {(item["control"], item["worker"], item["employer"], item["quarter"]) for item in body} == {
        (control, HIRED, EMPLOYER, Q) for control in ("headcount", "premium", "reconciliation")
    }
    assert rows_for(HIRED).filter(channel="api").count() == 1
    assert_one_aggregate_row("api", employer_rows().exclude(channel="api").count())
    assert not any(insz in response.content.decode() for insz in REGULAR)
    assert client.get(API, {"quarter": "2025Q9", "employer": EMPLOYER}).status_code == 400


def test_the_job_page_shows_every_step(client, agent, job):
    response = client.get(f"/en/dmfa/controls/jobs/{job.pk}/", {"quarter": Q})
    page = response.content.decode()
    assert response.status_code == 200
    assert "5035" in page and "The level fell." in page and "<svg" in page
    assert not any(insz in page for insz in REGULAR) and "Regular-Staff" not in page
    assert rows_for(HIRED).count() == 1
    assert_one_aggregate_row("web")


def _owner(client):
    """The employer itself (its owner's access to employer A)."""
    log_in_with_mfa(client, EmployerAccessFactory().user)
    return ("owner", f"RSZ:{EMPLOYER}", "")


def _mandatary(client):
    log_in_with_mfa(client, EmployerAccessFactory(role="mandatary", organisation="Secretariat").user)
    return ("mandatary", f"RSZ:{EMPLOYER}", "Secretariat")


def _vdab_agent(client):
    log_in_with_mfa(client, InstitutionMembershipFactory(institution=Institution.objects.get(code="VDAB")).user)
    return ("agent", "VDAB", Institution.objects.get(code="VDAB").name)


def _auditor(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="auditor"))
    log_in_with_mfa(client, user)
    return ("auditor", "", "")


@pytest.mark.parametrize("who", [_owner, _mandatary, _vdab_agent, _auditor])
@pytest.mark.parametrize("url", [RESULTS, API, "/en/dmfa/controls/report/"])
def test_roles_other_than_the_offices_agents_are_refused_and_logged(client, job, who, url):
    ControlResult.objects.create(
        job=job, institution=job.institution, registration_number=EMPLOYER, insz=HIRED, quarter=Quarter(2025, 1),
        control="headcount", outcome="failed", figures={"reference": "4.0000", "fte": "3.0000", "persons": 3},
    )  # fmt: skip
    role, acting_for, organisation = who(client)
    before = Disclosure.objects.count()
    response = client.get(url, {"quarter": Q, "employer": EMPLOYER})
    assert response.status_code == 403
    assert HIRED not in response.content.decode() and "3.0000" not in response.content.decode()
    # Refused for the aggregate at the employer level, in the capacity the user really has.
    assert Disclosure.objects.count() == before + 1
    row = Disclosure.objects.last()
    assert (row.activity.code, row.subject_kind, row.outcome) == (
        activities.DMFA_GECO_DSP_HEADCOUNT,
        "employer",
        "refused",
    )
    assert row.subject_pseudonym == chain.pseudonymise("employer", f"RSZ:{EMPLOYER}")
    assert (row.actor_role, row.acting_for, row.organisation) == (role, acting_for, organisation)


@pytest.mark.parametrize("who", [_owner, _vdab_agent, _auditor])
def test_other_roles_cannot_open_a_job_or_run_a_batch(client, job, who, run_batch):
    who(client)
    assert client.get(f"/en/dmfa/controls/jobs/{job.pk}/").status_code == 404
    assert run_batch(client).status_code == 403 and not ControlRun.objects.exists()


def test_a_worker_not_integrated_with_001_is_refused_on_the_job_page(client, agent, job):
    job.insz = REGULAR[1]
    job.save()
    assert client.get(f"/en/dmfa/controls/jobs/{job.pk}/", {"quarter": Q}).status_code == 403
    assert rows_for(REGULAR[1]).get().reason == "not-integrated"


def _pdf_text(content: bytes) -> str:
    """The text drawn in a PDF, as a reader extracts it (the report is written in a Unicode font)."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def named_regular_staff():
    """The regular workers have names in the national register: none may appear in a control."""
    for index, insz in enumerate(REGULAR):
        PersonIdentity.objects.create(insz=insz, last_name=f"Regular-Staff-{index}", first_name="Hidden")


@pytest.mark.parametrize("export", ["", "csv", "pdf"])
def test_the_report_shows_the_headcount_in_totals_and_logs_one_aggregate_row(
    client, agent, job, named_regular_staff, export
):
    response = client.get("/en/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER, "format": export})
    assert response.status_code == 200
    if export == "pdf":
        text = _pdf_text(response.content)
    elif export == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        text = response.content.decode()
    assert HIRED in text and "3.0000" in text  # the worker and the regular FTE (an English CSV has a decimal point)
    assert not any(insz in text for insz in REGULAR) and "Regular-Staff" not in text
    assert rows_for(HIRED).count() == 1
    assert_one_aggregate_row("export" if export else "web")


def test_the_report_csv_opens_in_a_belgian_spreadsheet(client, agent, job):
    response = client.get("/nl/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER, "format": "csv"})
    assert response.status_code == 200
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    header, *lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(header) == 11 and header[0] != "employer"  # the page's language
    assert all(len(line) == 11 for line in lines)
    assert any(line[6:9] == ["9750,00", "9750,00", "0,00"] for line in lines)
    assert rows_for(HIRED).get().channel == "export"


def test_the_report_csv_in_english_has_commas_and_escapes_formulas(client, agent, job):
    response = client.get("/en/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER, "format": "csv"})
    content = response.content
    assert not content.startswith(b"\xef\xbb\xbf")
    header, *lines = list(csv.reader(io.StringIO(content.decode("utf-8")), delimiter=","))
    assert len(header) == 11
    gross = next(line for line in lines if line[5] == "gross wage")
    assert gross[6:9] == ["9750.00", "9750.00", "0.00"]
    last_name = next(line for line in lines if line[5] == "last name")
    assert last_name[6].startswith("'=")
    headcount = next(line for line in lines if line[5].startswith("Headcount"))
    assert headcount[5:10] == ["Headcount (reference 4.0000 FTE)", "", "3.0000", "-1.0000", "The level fell."]


def test_the_report_pdf_and_page(client, agent, job):
    pdf = client.get("/en/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    page = client.get("/en/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER})
    assert page.status_code == 200 and "declared to the office" in page.content.decode()


def test_the_dutch_page_and_the_premium_parameters_carry_their_source(client, agent, job):
    response = client.get(f"/nl/dmfa/controls/jobs/{job.pk}/", {"quarter": Q})
    assert response.status_code == 200 and "Personeelsbestand" in response.content.decode()
    geco = ProgrammeParameter.objects.get(programme="GECO", key=ParameterKey.FIXED_ANNUAL)
    assert geco.source.startswith("https://select.actiris.brussels") and geco.status == "assumption"


def test_a_code_not_in_the_annex_is_shown_as_such_on_the_consultation(client, agent, import_fixture):
    import_fixture("code_999.xml")
    IntegrationFactory(insz=HIRED)
    response = client.post(
        "/en/dmfa/",
        {"insz": HIRED, "period_from": "2025Q2", "period_until": "2025Q3", "justification": "GECO file 1234"},
    )
    assert response.status_code == 200
    assert "code not in the annex for this quarter" in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"quarter": "2025Q9", "employer": EMPLOYER}, {"quarter": Q, "employer": "123"}, {}, {"quarter": "2099Q1"}]
)
def test_bad_input_gets_a_clear_message_not_a_500(client, agent, query):
    for url in (RESULTS, "/en/dmfa/controls/report/"):
        response = client.get(url, query)
        assert response.status_code == 400 and 'class="errorlist"' in response.content.decode()
    assert not Disclosure.objects.exists()


def test_the_results_read_does_not_grow_with_the_workers(client, agent, job, run_batch, django_assert_max_num_queries):
    run_batch(client)
    with django_assert_max_num_queries(60) as one:
        assert len(client.get(API, {"quarter": Q, "employer": EMPLOYER}).json()) == 3
    first = len(one.captured_queries)
    for index, insz in enumerate(REGULAR[:2]):
        IntegrationFactory(insz=insz)
        other = SubsidisedJob.objects.get(pk=job.pk)
        other.pk, other.reference, other.insz = None, f"G-{index + 2}", insz
        other.save()
    run_batch(client)
    with django_assert_max_num_queries(first):
        body = client.get(API, {"quarter": Q, "employer": EMPLOYER}).json()
    assert len(body) == 9


def test_the_first_page_and_the_entry_forms(client, agent, job, run_batch):
    page = client.get("/en/dmfa/controls/")
    assert page.status_code == 200 and "Run the controls for a quarter" in page.content.decode()
    assert f"{EMPLOYER}: 1 job" in page.content.decode()
    assert client.get("/en/dmfa/controls/jobs/new/").status_code == 200
    assert client.get("/en/dmfa/controls/statements/new/").status_code == 200
    assert client.get("/en/dmfa/controls/import/").status_code == 200
    run_batch(client)
    run = ControlRun.objects.get()
    status = client.get(f"/en/dmfa/controls/batch/{run.pk}/", {"format": "json"}).json()
    assert status == {"status": "succeeded", "progress": 100, "done": 1, "total": 1}


def test_a_statement_entered_in_the_form(client, agent, job):
    fields = {
        "job": "G-1", "month": "2025-01", "days_worked": "20", "assimilated_days": "1", "hours": "152",
        "gross_wage": "3000", "employer_contributions": "0", "reductions": "0", "premium_paid": "400",
    }  # fmt: skip
    assert client.post("/en/dmfa/controls/statements/new/", fields).status_code == 400  # January already has one
    MonthlyStatement.objects.filter(job=job, month=dt.date(2025, 1, 1)).delete()
    assert client.post("/en/dmfa/controls/statements/new/", fields).status_code == 302
    negative = client.post("/en/dmfa/controls/statements/new/", fields | {"month": "2025-02", "gross_wage": "-1"})
    assert negative.status_code == 400 and MonthlyStatement.objects.filter(job=job).count() == 3


def test_an_employer_cannot_open_the_controls(client, job):
    _owner(client)
    assert client.get("/en/dmfa/controls/").status_code == 403


def test_the_headcount_register_row_names_the_employer_and_the_institutions_of_the_dmfa_row():
    from authz.models import ProcessingActivity

    today = dt.date.today()
    row = ProcessingActivity.objects.current(activities.DMFA_GECO_DSP_HEADCOUNT, today)
    dmfa_row = ProcessingActivity.objects.current(activities.DMFA_GECO_DSP, today)
    assert (row.subject_kind, row.recipients, row.quality_codes_required) == ("employer", ["institution"], [])
    assert row.recipient_institutions == dmfa_row.recipient_institutions == ["BGDA"]
    assert row.requires_justification and "05/012" in row.legal_basis


def test_an_employer_number_with_a_leading_zero_or_a_dash_is_read_as_the_dmfa_stores_it():
    from dmfa.controls.forms import QuarterEmployerForm

    for typed in ("0123456749", "1234567-49", " 123456749 "):
        form = QuarterEmployerForm(data={"quarter": "2025Q1", "employer": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["employer"] == "123456749"
    assert not QuarterEmployerForm(data={"quarter": "2025Q1", "employer": "123456748"}).is_valid()


def test_the_report_page_and_pdf_name_each_item_in_words_and_write_figures_in_the_page_s_notation(client, agent, job):
    from dmfa.controls.exports import LABELS

    page = client.get("/nl/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER}).content.decode()
    pdf = _pdf_text(
        client.get("/nl/dmfa/controls/report/", {"quarter": Q, "employer": EMPLOYER, "format": "pdf"}).content
    )
    for text in (page, pdf):
        assert "gross_wage" not in text and "days_worked" not in text
    with translation.override("nl"):
        assert str(LABELS["gross_wage"]) in page
    assert "9.750,00" in page  # the quarter's declared gross wage, in Dutch notation
    assert registration_number(EMPLOYER) in pdf
