"""The office's CSV import of subsidised jobs and monthly statements: all rows or none, and a clear message."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from authz.models import Institution
from dmfa.controls.imports import CsvImportError, import_csv
from dmfa.models import MonthlyStatement, SubsidisedJob
from foundation.quarters import Quarter
from tests.authz.factories import InstitutionMembershipFactory
from tests.authz.helpers import log_in_with_mfa
from tests.dmfa.factories import import_quarters

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "dmfa" / "data" / "samples"
HEADER = (
    "reference;registration_number;insz;programme;start_date;end_date;days_per_week;worker_hours;reference_hours;"
    "joint_committee;basis;monthly_wage;minimum_wage_basis;share_exempt;last_name;first_name;birth_date;postcode;street"
)
GOOD = "G-1;123456749;90051512391;GECO;2025-01-01;;5;38;38;200;reference_wage;2.950,00;;yes;Peeters;Lucas;;1000;"


@pytest.fixture
def office(tmp_path):
    import_quarters(tmp_path, insz_numbers=["90051512391"], start=Quarter(2025, 1), end=Quarter(2025, 1))
    return Institution.objects.get(code="BGDA")


def jobs_file(*rows: str) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode()


def test_a_good_file_is_imported_with_decimal_commas(office):
    assert import_csv(content=jobs_file(GOOD), kind="jobs", institution=office) == 1
    job = SubsidisedJob.objects.get()
    assert (str(job.monthly_wage), job.share_exempt, job.institution) == ("2950.00", True, office)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace("90051512391", "90051512392"), "Unknown INSZ"),
        (GOOD.replace("123456749", "145678964"), "Unknown employer"),
        (GOOD.replace("123456749", "123456748"), "not a valid RSZ registration number"),
        (GOOD.replace(";38;38;", ";40;38;"), "cannot exceed the reference hours"),
        (GOOD.replace("2.950,00", "-5"), "greater than or equal to 0"),
        (GOOD.replace("2.950,00", "900000"), "not plausible"),
        (GOOD.replace("2025-01-01;", "2025-13-01;"), "start_date"),
        (GOOD.replace(";yes;", ";perhaps;"), "write yes or no"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_line(office, row, message):
    second = GOOD.replace("G-1", "G-2").replace("90051512391", "85010123176")
    with pytest.raises(CsvImportError) as refused:
        import_csv(content=jobs_file(second, row), kind="jobs", institution=office)
    assert any(message in problem and problem.startswith("Line 3") for problem in refused.value.problems), (
        refused.value.problems
    )
    assert not SubsidisedJob.objects.exists()


def test_overlapping_jobs_are_refused_in_the_file_and_against_the_register(office):
    overlapping = GOOD.replace("G-1", "G-2").replace("2025-01-01;", "2025-06-01;")
    with pytest.raises(CsvImportError, match="overlap"):
        import_csv(content=jobs_file(GOOD, overlapping), kind="jobs", institution=office)
    import_csv(content=jobs_file(GOOD), kind="jobs", institution=office)
    with pytest.raises(CsvImportError, match="overlap"):
        import_csv(content=jobs_file(overlapping), kind="jobs", institution=office)
    assert SubsidisedJob.objects.count() == 1


def test_header_and_encoding_problems(office):
    with pytest.raises(CsvImportError, match="Columns missing"):
        import_csv(content=b"reference;insz\nG-1;1\n", kind="jobs", institution=office)
    with pytest.raises(CsvImportError, match="UTF-8"):
        import_csv(content=HEADER.encode() + "\nG-1;é".encode("latin-1"), kind="jobs", institution=office)


def test_statements_refer_to_jobs_and_absurd_values_are_refused(office):
    import_csv(content=jobs_file(GOOD), kind="jobs", institution=office)
    header = "job;month;days_worked;assimilated_days;hours;gross_wage;employer_contributions;reductions;premium_paid"
    good = "G-1;2025-01;21;0;159,6;2.950,00;700;0;400"
    assert import_csv(content=f"{header}\n{good}\n".encode(), kind="statements", institution=office) == 1
    for row, message in [
        ("G-9;2025-02;21;0;159,6;2950;700;0;400", "job"),
        ("G-1;2025-02;30;5;159,6;2950;700;0;400", "More days than the month has"),
        ("G-1;2025-01;21;0;159,6;2950;700;0;400", "already a statement"),
        ("G-1;2024-12;21;0;159,6;2950;700;0;400", "outside the job's dates"),
        ("G-1;2025/02;21;0;159,6;2950;700;0;400", "YYYY-MM"),
    ]:
        with pytest.raises(CsvImportError) as refused:
            import_csv(content=f"{header}\n{row}\n".encode(), kind="statements", institution=office)
        assert message in " ".join(refused.value.problems), (row, refused.value.problems)
    assert MonthlyStatement.objects.count() == 1


def test_the_samples_follow_the_format(office):
    """The README's samples: their header is the format's (employer E is not imported here: a clear refusal)."""
    with pytest.raises(CsvImportError) as refused:
        import_csv(content=(SAMPLES / "subsidised-jobs.csv").read_bytes(), kind="jobs", institution=office)
    assert all("Unknown employer" in problem for problem in refused.value.problems)


def test_the_import_page_says_what_is_wrong_and_stores_nothing(client, office):
    log_in_with_mfa(client, InstitutionMembershipFactory().user)
    upload = SimpleUploadedFile("jobs.csv", jobs_file(GOOD.replace("90051512391", "1")), "text/csv")
    response = client.post("/en/dmfa/controls/import/", {"kind": "jobs", "file": upload})
    assert response.status_code == 400
    assert "Line 2, insz: Unknown INSZ" in response.content.decode()
    assert not SubsidisedJob.objects.exists()


def test_an_agent_enters_a_job_in_the_form(client, office):
    log_in_with_mfa(client, InstitutionMembershipFactory().user)
    fields = dict(zip(HEADER.split(";"), GOOD.split(";"), strict=True))
    fields |= {"monthly_wage": "2950.00", "share_exempt": "on"}
    response = client.post("/en/dmfa/controls/jobs/new/", fields)
    assert response.status_code == 302
    assert SubsidisedJob.objects.get().reference == "G-1"
    bad = client.post("/en/dmfa/controls/jobs/new/", fields | {"reference": "G-2"})
    assert bad.status_code == 400 and "overlap" in bad.content.decode()
    assert SubsidisedJob.objects.count() == 1
