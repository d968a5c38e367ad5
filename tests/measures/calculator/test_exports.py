"""Exports of a scenario: CSV (one row per hire, measure and quarter, plain decimals) and PDF (fpdf2, Helvetica,
"EUR"), both calculated again through the gate on the export channel; only the owner may export."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils import timezone

import pytest

from authz.models import EmployerAccess
from foundation.quarters import Quarter
from measures.calculator.exports import CSV_COLUMNS, latin1, result_csv
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


def test_csv_has_a_header_and_one_row_per_hire_measure_and_quarter(owner_a, people):
    scenario = make_scenario(people["owner.a@demo.be"], name="Two cooks", hires=2)
    response = owner_a.get(export_url(scenario.pk, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="scenario-{scenario.pk}-two-cooks.csv"'
    header, *rows = rows_of(response)
    assert header == CSV_COLUMNS
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


def test_pdf_in_french_with_signs_helvetica_lacks(client, people):
    owner = people["owner.a@demo.be"]
    client.force_login(owner)
    scenario = make_scenario(owner, name="Plan “été” – 2025 € ≥ 1")
    response = client.get(f"/fr/calculator/scenarios/{scenario.pk}/export.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


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


def test_csv_writes_plain_decimals_and_the_cut_note():
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
    hire_result = HireResult(0, hire, "Hire 1", [Quarter(2025, 1)], [measure], [], [], {})
    text = result_csv(Result(hires=[hire_result], rules_as_of=datetime.date(2025, 1, 1), horizon=1))
    assert text.splitlines()[1] == (
        '1,Hire 1,fed-first-hires,"First hires, “first”",contribution_reduction,2025Q1,1764.33,2100.00,'
        "cut to the contributions"
    )


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
