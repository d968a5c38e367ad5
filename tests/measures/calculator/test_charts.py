"""The benefit chart's SVG, written as it was before its figures were formatted once per amount and its markup
written without ``format_html``: ``reference/charts.json`` holds what the chart wrote then for these points, in the
four languages (no point, one, all zero, a few, many, words to escape, a negative zero)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.utils import translation

import pytest

from foundation.quarters import Quarter
from measures.calculator.charts import benefit_chart

REFERENCE = Path(__file__).parent / "reference" / "charts.json"
LANGUAGES = ("nl", "fr", "de", "en")


def _quarter(n: int) -> Quarter:
    return Quarter(2025 + n // 4, n % 4 + 1)


CASES = {
    "none": [],
    "one": [(_quarter(0), Decimal("1234.56"))],
    "all zero": [(_quarter(n), Decimal("0.00")) for n in range(6)],
    "eight": [
        (_quarter(n), Decimal(value))
        for n, value in enumerate(["1375.00", "1375.00", "0.00", "812.34", "99999.99", "12.01", "0.00", "4500.50"])
    ],
    "twenty": [(_quarter(n), Decimal(n * 137) + Decimal("0.25")) for n in range(20)],
    "forty": [(_quarter(n), Decimal(7 * n % 13) * Decimal("1000.10")) for n in range(40)],
    "strings": [("<b>&", Decimal("10.00")), ("Q'2", Decimal("-0.00"))],
}


def charts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            f"{language} {name}": str(
                benefit_chart(
                    points,
                    chart_id=f"chart-{name.replace(' ', '-')}",
                    title=f"Title <{name}> & 'x'",
                    table_id="table-x" if len(points) % 2 else "",
                )
            )
            for name, points in CASES.items()
        }


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chart_is_written_as_before_byte_for_byte(language):
    expected = json.loads(REFERENCE.read_text(encoding="utf-8"))
    written = charts(language)
    assert written == {key: value for key, value in expected.items() if key.startswith(f"{language} ")}
    assert len(written) == len(CASES)
