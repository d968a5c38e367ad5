"""A calculator result as tables (totals per measure, two scenarios side by side) and as CSV and PDF files.

Amounts come from the result object only; these functions arrange them, they never calculate a benefit.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from measures.calculator.result import Result, money

ZERO = Decimal("0.00")
#: Measures side by side in one table of the PDF (A4 portrait); more go in a next table.
PDF_MEASURES_PER_TABLE = 4

CSV_COLUMNS = [
    "hire",
    "hire_label",
    "measure_code",
    "measure_name",
    "technique",
    "period",
    "amount_eur",
    "before_cut_eur",
    "note",
]


@dataclass(frozen=True)
class MeasureTotal:
    code: str
    name: str
    total: Decimal
    unlimited: bool


def measure_totals(result: Result) -> list[MeasureTotal]:
    """Every measure that applies to some hire, with its total over all hires, highest first."""
    totals: dict[str, list] = {}
    for hire in result.hires:
        for measure in hire.measures:
            entry = totals.setdefault(measure.code, [measure.name, ZERO, False])
            entry[1] += measure.total
            entry[2] = entry[2] or measure.unlimited
    rows = [MeasureTotal(code, name, total, unlimited) for code, (name, total, unlimited) in totals.items()]
    return sorted(rows, key=lambda row: (-row.total, row.name))


def totals_by_period_and_measure(result: Result, measures: list[MeasureTotal]) -> list[tuple[object, list, Decimal]]:
    """Per calendar quarter: the amount of each measure (in the order given) over all hires, and the quarter's total."""
    rows = []
    for period, total in result.totals_by_period():
        amounts = {row.code: ZERO for row in measures}
        for hire in result.hires:
            for measure in hire.measures:
                amounts[measure.code] += measure.amount_in(period)
        rows.append((period, [amounts[row.code] for row in measures], total))
    return rows


@dataclass(frozen=True)
class CompareRow:
    label: str
    first: Decimal | None  # None: not in that scenario
    second: Decimal | None

    @property
    def difference(self) -> Decimal:
        return (self.second or ZERO) - (self.first or ZERO)


@dataclass(frozen=True)
class Comparison:
    hires: list[CompareRow]
    measures: list[CompareRow]
    total: CompareRow


def compare(first: Result, second: Result) -> Comparison:
    """Two results side by side: per hire (by position), per measure, and in total; difference = second - first."""
    hires = []
    for index in range(max(len(first.hires), len(second.hires))):
        a = first.hires[index] if index < len(first.hires) else None
        b = second.hires[index] if index < len(second.hires) else None
        labels = [hire.label for hire in (a, b) if hire is not None]
        label = labels[0] if len(set(labels)) == 1 else " / ".join(labels)
        hires.append(CompareRow(label, a.total if a else None, b.total if b else None))
    by_code_a = {row.code: row for row in measure_totals(first)}
    by_code_b = {row.code: row for row in measure_totals(second)}
    measures = [
        CompareRow(
            (by_code_a.get(code) or by_code_b[code]).name,
            by_code_a[code].total if code in by_code_a else None,
            by_code_b[code].total if code in by_code_b else None,
        )
        for code in dict.fromkeys([*by_code_a, *by_code_b])
    ]
    measures.sort(key=lambda row: (-max(row.first or ZERO, row.second or ZERO), row.label))
    return Comparison(hires, measures, CompareRow(_("Total"), first.total, second.total))


def file_name(scenario, extension: str) -> str:
    stem = slugify(scenario.name)[:60] or "scenario"
    return f"scenario-{scenario.pk}-{stem}.{extension}"


def result_csv(result: Result) -> str:
    """One row per hire, measure and period; amounts as plain decimals (a dot, no grouping), in euros."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for hire in result.hires:
        for measure in hire.measures:
            for item in measure.periods:
                writer.writerow(
                    [
                        hire.index + 1,
                        hire.label,
                        measure.code,
                        measure.name,
                        measure.technique,
                        str(item.period),
                        str(money(item.amount)),
                        str(money(item.before_cut)),
                        item.note,
                    ]
                )
    return out.getvalue()


# -- PDF -------------------------------------------------------------------------------------------------------------

#: Characters the core PDF fonts (Latin-1) lack, written the way a reader expects.
PDF_REPLACEMENTS = {
    "\u20ac": "EUR",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2212": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u202f": " ",
    "\u2009": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00d7": "x",
    "\u03b2": "beta",
    "\u03bc": "mu",
}


def latin1(text: object) -> str:
    """Text the Helvetica core font can write: known replacements, accents kept, anything else as '?'."""
    out = []
    for char in str(text):
        if ord(char) < 256:
            out.append(char)
        elif char in PDF_REPLACEMENTS:
            out.append(PDF_REPLACEMENTS[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            kept = "".join(part for part in decomposed if ord(part) < 256 and not unicodedata.combining(part))
            out.append(kept or "?")
    return "".join(out)


def pdf_amount(amount: Decimal) -> str:
    return latin1(f"{number_format(money(amount), 2, force_grouping=True)} EUR")


def result_pdf(*, result: Result, facts, scenario, employer_label: str) -> bytes:
    """The scenario for the employer's file: inputs, measures per hire with their quarters, reasons, sources."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(latin1(scenario.name))
    pdf.set_author(latin1(_("Front Office Tewerkstelling")))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", style="B", size=size)
        pdf.multi_cell(0, 7, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", size=10)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    heading(_("Benefit calculator: %(name)s") % {"name": scenario.name}, size=16)
    paragraph(
        _("Employer: %(label)s (%(repertory)s %(number)s)")
        % {"label": employer_label, "repertory": facts.repertory, "number": facts.registration_number}
    )
    paragraph(
        _("Employer category: %(categories)s. Importance code: %(code)s. Employer type: %(type)s.")
        % {
            "categories": ", ".join(facts.category_codes) or "-",
            "code": facts.importance_code,
            "type": employer_type_label(facts.employer_type),
        }
    )
    paragraph(
        _("Rules as of %(date)s; horizon %(horizon)s quarters. Total over all hires: %(total)s.")
        % {
            "date": date_format(result.rules_as_of, "DATE_FORMAT"),
            "horizon": result.horizon,
            "total": pdf_amount(result.total),
        }
    )
    pdf.ln(1)
    pdf.set_font("Helvetica", style="I", size=9)
    for note in result.notes or [approximation_statement(result)]:
        paragraph(note)
    pdf.set_font("Helvetica", size=10)

    for hire in result.hires:
        heading(_("%(label)s: %(total)s") % {"label": hire.label, "total": pdf_amount(hire.total)})
        paragraph(
            _("Start %(start)s, working time %(fraction)s %%, gross monthly wage %(wage)s.")
            % {
                "start": date_format(hire.hire.start_date, "DATE_FORMAT"),
                "fraction": number_format(hire.hire.work_fraction * 100, 1),
                "wage": pdf_amount(hire.hire.gross_monthly_wage),
            }
        )
        if hire.measures:
            measures = sorted(hire.measures, key=lambda measure: measure.total, reverse=True)
            with pdf.table(
                col_widths=(150, 40), text_align=("LEFT", "RIGHT"), line_height=5, first_row_as_headings=True
            ) as table:
                row = table.row()
                row.cell(latin1(_("Measure")))
                row.cell(latin1(_("Total over the horizon")))
                for measure in measures:
                    row = table.row()
                    unlimited = " " + _("(no end date: over the horizon only)") if measure.unlimited else ""
                    row.cell(latin1(measure.name + unlimited))
                    row.cell(pdf_amount(measure.total))
            pdf.ln(2)
            for start in range(0, len(measures), PDF_MEASURES_PER_TABLE):
                chunk = measures[start : start + PDF_MEASURES_PER_TABLE]
                last = start + PDF_MEASURES_PER_TABLE >= len(measures)
                width = (190 - 22 - (30 if last else 0)) / len(chunk)
                with pdf.table(
                    col_widths=(22, *([width] * len(chunk)), *((30,) if last else ())),
                    text_align=("LEFT", *(["RIGHT"] * (len(chunk) + last))),
                    line_height=5,
                    first_row_as_headings=True,
                ) as table:
                    row = table.row()
                    row.cell(latin1(_("Quarter")))
                    for measure in chunk:
                        row.cell(latin1(measure.name))
                    if last:
                        row.cell(latin1(_("Total")))
                    for period in hire.periods:
                        row = table.row()
                        row.cell(str(period))
                        for measure in chunk:
                            row.cell(pdf_amount(measure.amount_in(period)))
                        if last:
                            row.cell(pdf_amount(hire.amount_in(period)))
                pdf.ln(2)
            for measure in hire.measures:
                paragraph(f"{measure.name}: {measure.explanation}")
        else:
            paragraph(_("No measure applies to this hire."))
        if hire.decisions:
            heading(_("Cumulation decisions"), size=11)
            for decision in hire.decisions:
                paragraph(f"- {decision.period or ''} {decision.text}".replace("-  ", "- "))
        if hire.not_applicable:
            heading(_("Measures that do not apply, and why"), size=11)
            for item in hire.not_applicable:
                paragraph(f"- {item.name}: {'; '.join(item.reasons)}")

    heading(_("Sources"))
    for source in result.sources:
        paragraph(f"- {source.get('title', '')}: {source.get('url', '')}")
    return bytes(pdf.output())


def employer_type_label(value: str) -> str:
    from repertory.constants import EmployerType

    return str(EmployerType(value).label) if value in EmployerType.values else value


def approximation_statement(result: Result) -> str:
    return _(
        "This is an approximation, not a decision: it applies the rules of the measures as the catalogue knows "
        "them on %(date)s to the facts given. The institution that grants each measure decides."
    ) % {"date": date_format(result.rules_as_of, "DATE_FORMAT")}
