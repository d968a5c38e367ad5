"""The wage the "measures for me" page starts from: the guaranteed average minimum monthly income valid on the
calculation date, read from the measures data with its source, and changeable by the job seeker."""

from __future__ import annotations

import datetime
import html
from decimal import Decimal

from django.utils import timezone

import pytest

from jobseekers.constants import TYPICAL_WAGE_PARAMETER
from measures.constants import Status
from measures.models import Parameter
from measures.selectors import parameter_in_force
from tests.jobseekers.test_views import MEASURES, SUMMARY, catalogue, job, jobseeker

__all__ = ["catalogue", "jobseeker"]

pytestmark = pytest.mark.django_db


def _wage_used(response) -> Decimal:
    return response.context["result"].hires[0].hire.gross_monthly_wage


def _set_figures(*rows: tuple[datetime.date, datetime.date | None, str, str]) -> None:
    """Replace the data file's figures by these (valid_from, valid_until, value, status) rows."""
    Parameter.objects.filter(key=TYPICAL_WAGE_PARAMETER).delete()
    for valid_from, valid_until, value, status in rows:
        Parameter.objects.create(
            key=TYPICAL_WAGE_PARAMETER,
            valid_from=valid_from,
            valid_until=valid_until,
            value=Decimal(value),
            unit="EUR gross per month",
            description="test figure",
            source_title=f"Test source {value}",
            source_url="https://example.org/ggmmi",
            source_read=datetime.date(2026, 12, 6),
            status=status,
            announcement={"title": "t", "url": "https://example.org/a", "read": "2026-12-06"}
            if status == Status.ANNOUNCED
            else {},
        )


def test_the_data_file_gives_every_figure_a_source_a_read_date_and_a_status(catalogue):
    """The loader accepts a shared parameter that no formula uses (the portal reads it outside the formulas)."""
    rows = list(Parameter.objects.filter(key=TYPICAL_WAGE_PARAMETER))
    assert len(rows) >= 4
    for row in rows:
        assert row.source_title and (row.source_url or row.source_reference) and row.source_read
        assert row.status in {Status.IN_FORCE, Status.ASSUMPTION}
    assert parameter_in_force(TYPICAL_WAGE_PARAMETER, datetime.date(2024, 4, 1)).value == Decimal("2029.88")


def test_the_page_starts_from_the_figure_valid_today_computes_with_it_and_uses_a_changed_wage(
    client, jobseeker, catalogue
):
    expected = parameter_in_force(TYPICAL_WAGE_PARAMETER, timezone.localdate())
    amount = expected.value.quantize(Decimal("0.01"))
    response = client.get(MEASURES)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="gross_monthly_wage" value="{amount}"' in page
    assert _wage_used(response) == amount
    assert "In total:" in page

    changed = client.get(MEASURES, job(gross_monthly_wage="3100"))
    assert changed.status_code == 200
    assert _wage_used(changed) == Decimal("3100") != amount
    assert 'name="gross_monthly_wage" value="3100"' in changed.content.decode()


def test_the_explanation_names_the_figure_its_date_its_source_and_that_it_can_be_changed(client, jobseeker, catalogue):
    today = timezone.localdate()
    _set_figures(
        (today - datetime.timedelta(days=400), today - datetime.timedelta(days=1), "1111.11", "in_force"),
        (today, None, "1234.56", "in_force"),
    )
    response = client.get(MEASURES)
    page = html.unescape(response.content.decode())
    assert 'value="1234.56"' in page and "€1,234.56 gross a month" in page
    assert _wage_used(response) == Decimal("1234.56")
    assert "guaranteed average minimum monthly income" in page
    assert "Test source 1234.56 https://example.org/ggmmi" in page
    assert "You can change it" in page
    assert "This figure is an assumption" not in page
    assert "1111.11" not in page and "1,111.11" not in page

    _set_figures((today - datetime.timedelta(days=10), None, "1500.00", "assumption"))
    page = client.get(MEASURES).content.decode()
    assert 'value="1500.00"' in page and "This figure is an assumption" in page


def test_the_summary_starts_from_the_same_figure(client, jobseeker, catalogue):
    today = timezone.localdate()
    _set_figures((today - datetime.timedelta(days=10), None, "1900.00", "in_force"))
    response = client.get(SUMMARY)
    assert response.status_code == 200
    assert response.context["summary"] is not None
    assert 'value="1900.00"' in response.content.decode()


@pytest.mark.parametrize("status", [None, "announced"])
def test_without_a_figure_in_force_today_no_wage_is_made_up(client, jobseeker, status):
    today = timezone.localdate()
    if status is None:
        _set_figures()
    else:
        _set_figures((today - datetime.timedelta(days=10), None, "2999.99", status))
    response = client.get(MEASURES)
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["result"] is None
    assert 'name="gross_monthly_wage" value=' not in page and "2999.99" not in page
    assert "No guaranteed average minimum monthly income is known for" in page


@pytest.mark.parametrize(
    ("language", "total", "wage"),
    [("nl", "In totaal: € ", "€ 1.234,56 bruto per maand"), ("fr", "Au total : ", "1 234,56 € brut par mois")],
)
def test_amounts_and_dates_in_sentences_follow_the_pages_language(client, jobseeker, catalogue, language, total, wage):
    from foundation.formatting import date_words

    today = timezone.localdate()
    _set_figures((today, None, "1234.56", "in_force"))
    page = html.unescape(client.get(MEASURES.replace("/en/", f"/{language}/")).content.decode())
    page = page.replace("\u202f", " ").replace("\xa0", " ")
    heading = page.split("<h2>", 1)[1].split("</h2>", 1)[0]
    assert heading.startswith(total) and "EUR" not in heading
    assert wage in page
    assert date_words(today, language=language).replace("\xa0", " ") in page
