"""Exports of a scenario: CSV (one row per hire, measure and quarter, in the dialect of the page's language) and PDF
(fpdf2 with a Unicode font: title block, totals, chart), both calculated again through the gate on the export
channel; only the owner may export."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone, translation

import pytest
from pypdf import PdfReader

from authz.models import EmployerAccess
from foundation import pdf as foundation_pdf
from foundation.pdf import latin1
from foundation.quarters import Quarter
from measures.calculator.exports import csv_columns, result_csv
from measures.calculator.result import HireResult, MeasureResult, PeriodAmount, Result
from measures.calculator.values import Hire
from tests.measures.calculator import test_views as pages
from tests.measures.calculator.test_scenarios import make_scenario
from tests.measures.calculator.test_views import assert_one_granted, log_rows

# The page fixtures are defined with the page tests (this folder's conftest holds the engine's).
people, catalogue, owner_a, owner_b, secretariat = (
    pages.people,
    pages.catalogue,
    pages.owner_a,
    pages.owner_b,
    pages.secretariat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def export_url(pk: int, fmt: str) -> str:
    return f"/en/calculator/scenarios/{pk}/export.{fmt}"


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_csv_has_a_header_and_one_row_per_hire_measure_and_quarter(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Two cooks", hires=2)
    response = owner_a.get(export_url(scenario.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="scenario-{scenario.pk}-two-cooks.csv"'
    header, *rows = rows_of(response)
    with translation.override("en"):
        assert header == csv_columns()
    structural = [row for row in rows if row[2] == "fed-structural"]
    assert [row[0] for row in structural] == ["1"] * 8 + ["2"] * 8
    assert [row[5] for row in structural[:8]] == [f"{year}Q{n}" for year in (2025, 2026) for n in (1, 2, 3, 4)]
    for row in rows:
        assert Decimal(row[6]) >= 0 and "," not in row[6] and row[6].count(".") == 1
    assert_one_granted(channel="export")


def test_csv_amounts_add_up_to_the_page_total(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], hires=3)
    page_total = owner_a.get(f"/en/calculator/scenarios/{scenario.pk}/").context["result"].total
    _header, *rows = rows_of(owner_a.get(export_url(scenario.pk, "csv")))
    assert sum(Decimal(row[6]) for row in rows) == page_total


def test_pdf_is_a_pdf_with_a_file_name(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan 2025", hires=2)
    response = owner_a.get(export_url(scenario.pk, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="scenario-{scenario.pk}-plan-2025.pdf"'
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
    assert_one_granted(channel="export")


@pytest.mark.skipif(foundation_pdf.font_files() is None, reason="needs Debian's fonts-dejavu-core (see foundation.pdf)")
def test_pdf_in_french_has_a_title_block_the_total_and_signs_latin1_lacks(client, people):
    owner = people["owner.a@demo.be"]
    client.force_login(owner)
    scenario = make_scenario(owner, name="Œuvre “été” – Łódź € ≥ 1", hires=2)
    total = client.get(f"/fr/calculator/scenarios/{scenario.pk}/").context["result"].total
    response = client.get(f"/fr/calculator/scenarios/{scenario.pk}/export.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Œuvre “été” – Łódź € ≥ 1" in text  # the title, in the Unicode font
    with translation.override("fr"):
        from foundation.formatting import money

        assert money(total).replace("\u202f", " ").replace("\xa0", " ") in text.replace("\u202f", " ").replace(
            "\xa0", " "
        )
    assert "ONSS" in text and "RSZ " not in text  # the institution by its French name
    assert "1234567-49" in text  # the registration number in its one notation
    assert b"/FontFile2" in response.content  # an embedded TrueType font, not a core Latin-1 one


def test_pdf_without_the_font_falls_back_to_latin1(owner_a, people, settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)  # an empty folder: no DejaVu Sans
    scenario = make_scenario(people["owner.a@demo.be"], name="Plan € 2025")
    response = owner_a.get(export_url(scenario.pk, "pdf"))
    assert response.status_code == 200
    assert "Plan EUR 2025" in pdf_text(response.content)


def test_latin1_keeps_accents_and_writes_the_rest_plainly():
    assert latin1("Réduction – “groupe” cible: 2 685,36 €") == 'Réduction - "groupe" cible: 2 685,36 EUR'
    assert latin1("β ≤ 1 ŝ 中") == "beta <= 1 s ?"


def test_someone_elses_scenario_cannot_be_exported(owner_b, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    for fmt in ("csv", "pdf"):
        assert owner_b.get(export_url(scenario.pk, fmt)).status_code == 404
    assert not log_rows().exists()


def test_an_export_after_the_mandate_ended_is_refused_and_logged(secretariat, people):
    user = people["secretariat@demo.be"]
    scenario = make_scenario(user)
    EmployerAccess.objects.filter(user=user, registration_number="123456749").update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = secretariat.get(export_url(scenario.pk, "pdf"))
    assert response.status_code == 403
    row = log_rows().get()
    assert (row.outcome, row.reason, row.channel) == ("refused", "access-expired", "export")


def test_exports_need_a_login(client, people):
    scenario = make_scenario(people["owner.a@demo.be"])
    response = client.get(export_url(scenario.pk, "csv"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _one_row_result(label: str = "Hire 1") -> Result:
    hire = Hire(
        start_date=datetime.date(2025, 1, 1),
        birth_date=datetime.date(1995, 1, 1),
        work_fraction=Decimal(1),
        gross_monthly_wage=Decimal(2800),
        domicile_region="BRU",
    )
    measure = MeasureResult(
        code="fed-first-hires",
        name="First hires, “first”",
        technique="contribution_reduction",
        reduction_role="target_group",
        periods=[PeriodAmount(Quarter(2025, 1), Decimal("1764.33"), Decimal("2100.00"), "cut to the contributions")],
        explanation="",
    )
    hire_result = HireResult(0, hire, label, [Quarter(2025, 1)], [measure], [], [], {})
    return Result(hires=[hire_result], rules_as_of=datetime.date(2025, 1, 1), horizon=1)


def test_csv_in_english_has_commas_plain_decimals_and_the_cut_note():
    with translation.override("en"):
        text = result_csv(_one_row_result())
    assert not text.startswith("\ufeff")
    assert text.splitlines()[1] == (
        '1,Hire 1,fed-first-hires,"First hires, “first”",Social-security contribution reduction,2025Q1,1764.33,'
        "2100.00,cut to the contributions"
    )


@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_csv_in_belgian_languages_has_semicolons_decimal_commas_a_bom_and_translated_headers(language):
    with translation.override(language):
        text = result_csv(_one_row_result())
        headers = csv_columns()
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert header == headers and "Measure" not in header and "Quarter" not in header
    assert row[0] == "1" and row[5:8] == ["2025Q1", "1764,33", "2100,00"]


def test_csv_escapes_a_hire_label_a_spreadsheet_would_run():
    with translation.override("nl"):
        text = result_csv(_one_row_result(label='=HYPERLINK("http://x")'))
    row = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))[1]
    assert row[1] == '\'=HYPERLINK("http://x")'


def test_the_total_table_splits_each_quarter_by_measure(owner_a, people):
    from measures.calculator.exports import measure_totals, totals_by_period_and_measure

    scenario = make_scenario(people["owner.a@demo.be"], hires=2)
    response = owner_a.get(f"/en/calculator/scenarios/{scenario.pk}/")
    result = response.context["result"]
    measures = measure_totals(result)
    rows = totals_by_period_and_measure(result, measures)
    assert [period for period, _amounts, _total in rows] == result.periods
    for _period, amounts, total in rows:
        assert sum(amounts) == total
    for index, measure in enumerate(measures):
        assert sum(amounts[index] for _period, amounts, _total in rows) == measure.total
    assert response.context["totals_by_period"] == rows
