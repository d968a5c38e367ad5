"""The hires' sections of the result are written in Python (``measures.calculator.result_html``) exactly as the
template loop they replace wrote them: that loop is kept in ``reference/hire_sections.html``; the result template
with the loop put back in place of ``{{ hire_sections }}`` and the result template as it is are rendered from the
same context, in every language, with the odd cases (no link, no source, no value, a version with an end, words that
need escaping, a hire to which nothing applies)."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from pathlib import Path

from django.template import Context, Template
from django.template.loader import get_template, render_to_string
from django.utils import translation

import pytest

from measures.calculator import engine
from measures.calculator.display import EmptyQuarters
from measures.calculator.values import Quarter
from measures.calculator.views import _result_context
from tests.measures.calculator.conftest import make_employer, make_hire

LOOP = Path(__file__).parent / "reference" / "hire_sections.html"
RESULT = "measures/calculator/_result.html"

HIRES = [
    make_hire(label="Sales & <co> 'one'"),
    make_hire(hire_rank=1, gross_monthly_wage="2300"),
    make_hire(
        birth_date=datetime.date(2003, 5, 1),
        qualification="lower_secondary",
        jobseeker_since=datetime.date(2023, 6, 1),
        jobseeker_office="Actiris",
        hire_rank=2,
        gross_monthly_wage="2200",
    ),
    make_hire(birth_date=datetime.date(1966, 2, 1), jobseeker_since=datetime.date(2022, 1, 1)),
    make_hire(
        work_fraction="0.5",
        gross_monthly_wage="1400",
        reduced_work_capacity=True,
        weekly_hours=Decimal("19"),
        reference_weekly_hours=Decimal("38"),
        start_date=datetime.date(2025, 2, 17),
    ),
    make_hire(domicile_region="WAL", contract="fixed_term", contract_months=7, gross_monthly_wage="9000"),
    make_hire(domicile_region="DG", seat_region="VLG", hire_rank=3),
]


def _calculate(book, language: str, mode: str = "in_force"):
    return engine.calculate(
        employer=make_employer(),
        hires=HIRES,
        on=datetime.date(2025, 1, 1),
        horizon=12,
        rules=book,
        mode=mode,
        language=language,
    )


def _odd_cases(result) -> None:
    """What the shipped catalogue does not show: no link, no source, no value, a version that ends, no variant."""
    first = result.hires[0]
    first.label = 'A <b>"quoted"</b> & co'
    for measure in first.measures:
        measure.url = ""
        measure.explanation += " <i>&</i>"
        measure.trace = [
            dataclasses.replace(
                item,
                variant="" if index % 2 else item.variant + " & <x>",
                values=() if index == 1 else item.values,
                source_url="" if index % 3 == 0 else item.source_url,
                source_title="" if index % 4 == 0 else item.source_title,
                version_until=datetime.date(2026, 12, 31) if index % 2 else item.version_until,
            )
            for index, item in enumerate(measure.trace)
        ]
        measure.unlimited = measure.assumption = True
    result.hires[1].not_applicable = [dataclasses.replace(item, url="") for item in result.hires[1].not_applicable]
    result.hires[-1].measures = []


def _reference() -> Template:
    """The result template with the loop over the hires in place of the sections written in Python."""
    source = get_template(RESULT).template.source
    lines = source.split("\n")
    (index,) = [number for number, line in enumerate(lines) if "{{ hire_sections }}" in line]
    lines[index : index + 1] = LOOP.read_text(encoding="utf-8").rstrip("\n").split("\n")
    return Template("\n".join(lines))


def _both(context: dict) -> tuple[str, str]:
    expected = _reference().render(Context(context))
    written = render_to_string(RESULT, context)
    return written, expected


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "fr", "de", "en"])
@pytest.mark.parametrize("mode", ["in_force", "announced"])
def test_the_hires_sections_in_python_are_the_templates_byte_for_byte(shipped_book, language, mode):
    with translation.override(language):
        result = _calculate(shipped_book, language, mode)
        _odd_cases(result)
        context = _result_context(result)
        written, expected = _both(context)
    assert written == expected
    # What was compared holds what the odd cases put in: escaped words, a hire without measures, trace rows.
    assert written.count('class="calc-hire-result"') == len(HIRES)
    assert "A &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &amp; co" in written
    assert written.count("calc-trace") >= len(HIRES) - 1
    assert 'class="calc-not-applicable"' in written


@pytest.mark.django_db
def test_empty_quarters_and_a_section_without_decisions_or_exclusions(shipped_book):
    with translation.override("nl"):
        result = _calculate(shipped_book, "nl")
        context = _result_context(result)
        item = context["hire_results"][0]
        item["decisions"] = []
        item["result"].not_applicable = []
        item["rows"] = [EmptyQuarters("2025Q1", 1), *item["rows"], EmptyQuarters("2027Q1 to 2027Q4", 4)]
        item["result"].periods = [Quarter(2025, 1), Quarter(2027, 4)]
        from measures.calculator import result_html

        context["hire_sections"] = result_html.hire_sections(context["hire_results"])
        written, expected = _both(context)
    assert written == expected
    assert written.count("calc-empty-quarters") >= 2
