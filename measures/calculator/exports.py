"""A calculator result as tables (totals per measure, two scenarios side by side) and as CSV and PDF files.

Amounts come from the result object only; these functions arrange them, they never calculate a benefit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from foundation import csv as foundation_csv
from foundation import formatting
from foundation import pdf as foundation_pdf
from measures.calculator.result import Result, money

ZERO = Decimal("0.00")
#: Measures side by side in one table of the PDF (A4 portrait); more go in a next table.
PDF_MEASURES_PER_TABLE = 4


def csv_columns() -> list[str]:
    """The CSV header in the active language (the spreadsheet's user reads it)."""
    return [
        _("Hire no."),
        _("Hire"),
        _("Measure code"),
        _("Measure"),
        _("Technique"),
        _("Quarter"),
        _("Amount (EUR)"),
        _("Amount before the cap (EUR)"),
        _("Note"),
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


def result_csv(result: Result, *, language: str | None = None) -> str:
    """One row per hire, measure and period, in the dialect of the language (nl/fr/de: ``;``, decimal comma, BOM).

    Amounts are plain numbers in euros (no grouping, no sign) so a spreadsheet adds them up; texts the user typed
    (the hire's label) are escaped against formulas by foundation.csv.
    """
    from measures.constants import Technique

    rows = (
        [
            hire.index + 1,
            hire.label,
            measure.code,
            measure.name,
            Technique(measure.technique).label if measure.technique in Technique.values else measure.technique,
            str(item.period),
            money(item.amount),
            money(item.before_cut),
            item.note,
        ]
        for hire in result.hires
        for measure in hire.measures
        for item in measure.periods
    )
    return foundation_csv.text(csv_columns(), rows, language=language or get_language())


# -- PDF -------------------------------------------------------------------------------------------------------------
# fpdf2 with a Unicode TrueType font (foundation.pdf): already a dependency, pure Python, no system libraries; the
# page's SVG chart is drawn again with fpdf2's shapes. See the README (calculator, "Exports").

#: fpdf2's default colours for the title band and the chart's bars (the portal's blue).
BAND_COLOUR = (0, 62, 116)
BAR_COLOUR = (0, 94, 170)


def pdf_amount(amount: Decimal) -> str:
    """An amount as the pages write it (foundation.formatting.money), in the active language."""
    return formatting.money(money(amount))


def _category_labels(codes) -> str:
    from repertory.selectors import employer_category_labels

    found = employer_category_labels(list(codes))
    return ", ".join(formatting.code_with_label(code, found.get(code, "")) for code in codes)


def _draw_chart(pdf, font, periods: list[tuple[object, Decimal]], *, width: float = 180, height: float = 45) -> None:
    """The total per quarter as bars (the page's chart), with the highest amount on the axis."""
    highest = max((amount for _period, amount in periods), default=ZERO)
    if not periods or highest <= 0:
        return
    if pdf.get_y() + height + 14 > pdf.h - pdf.b_margin:
        pdf.add_page()
    left, top = pdf.l_margin + 22, pdf.get_y() + 2
    plot_width = width - 22
    slot = plot_width / len(periods)
    pdf.set_font(font.family, size=7)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(left, top + height, left + plot_width, top + height)
    pdf.line(left, top, left, top + height)
    pdf.set_xy(pdf.l_margin, top - 1.5)
    pdf.cell(21, 3, font.text(pdf_amount(highest)), align="R")
    pdf.set_xy(pdf.l_margin, top + height - 1.5)
    pdf.cell(21, 3, font.text(pdf_amount(ZERO)), align="R")
    pdf.set_fill_color(*BAR_COLOUR)
    for index, (period, amount) in enumerate(periods):
        bar = float(amount / highest) * height
        x = left + index * slot + slot * 0.15
        if bar > 0:
            pdf.rect(x, top + height - bar, slot * 0.7, bar, style="F")
        pdf.set_xy(left + index * slot, top + height + 1)
        pdf.cell(slot, 3, font.text(str(period)), align="C")
    pdf.set_y(top + height + 6)
    pdf.set_font(font.family, size=10)


def result_pdf(*, result: Result, facts, scenario, employer_label: str) -> bytes:
    """The scenario for the employer's file: a title block, the totals (per measure and per quarter, with the chart),
    then per hire its measures and quarters, the reasons, and the sources."""
    from django.utils import timezone

    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    font = foundation_pdf.use_unicode_font(pdf)
    text = font.text
    title = _("Benefit calculator: %(name)s") % {"name": scenario.name}
    pdf.set_title(text(title))
    pdf.set_author(text(_("Front Office Tewerkstelling")))
    pdf.set_lang(get_language() or "nl")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(value: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font(font.family, style="B", size=size)
        pdf.multi_cell(0, 7, text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(font.family, size=10)

    def paragraph(value: str) -> None:
        pdf.multi_cell(0, 5, text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # Title block: a band with the portal's name and the title, then who it is for and when it was made.
    pdf.set_fill_color(*BAND_COLOUR)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(font.family, size=9)
    pdf.cell(0, 6, text(_("Front Office Tewerkstelling")), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(font.family, style="B", size=16)
    pdf.multi_cell(0, 9, text(title), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(font.family, size=10)
    paragraph(
        _("Employer: %(label)s (%(repertory)s %(number)s)")
        % {
            "label": employer_label,
            "repertory": formatting.institution(facts.repertory),
            "number": formatting.registration_number(facts.registration_number, facts.repertory),
        }
    )
    paragraph(
        _("Employer category: %(categories)s. Importance code: %(code)s. Employer type: %(type)s.")
        % {
            "categories": _category_labels(facts.category_codes) or "-",
            "code": facts.importance_code,
            "type": employer_type_label(facts.employer_type),
        }
    )
    paragraph(
        _("Made on %(made)s; rules as of %(date)s; horizon %(horizon)s quarters.")
        % {
            "made": formatting.date_words(timezone.localdate()),
            "date": formatting.date_words(result.rules_as_of),
            "horizon": result.horizon,
        }
    )
    pdf.set_font(font.family, style="B", size=12)
    paragraph(_("Total benefit: %(total)s") % {"total": pdf_amount(result.total)})
    pdf.set_font(font.family, style="I", size=9)
    for note in result.notes or [approximation_statement(result)]:
        paragraph(note)
    pdf.set_font(font.family, size=10)

    # The totals: per measure, then per quarter with the chart.
    totals = measure_totals(result)
    if totals:
        heading(_("Total per measure"))
        with pdf.table(
            col_widths=(150, 40), text_align=("LEFT", "RIGHT"), line_height=5, first_row_as_headings=True
        ) as table:
            row = table.row()
            row.cell(text(_("Measure")))
            row.cell(text(_("Total over the horizon")))
            for item in totals:
                row = table.row()
                unlimited = " " + _("(no end date: over the horizon only)") if item.unlimited else ""
                row.cell(text(item.name + unlimited))
                row.cell(text(pdf_amount(item.total)))
            row = table.row()
            row.cell(text(_("Total")))
            row.cell(text(pdf_amount(result.total)))
        heading(_("Total per quarter"))
        _draw_chart(pdf, font, result.totals_by_period())

    for hire in result.hires:
        heading(_("%(label)s: %(total)s") % {"label": hire.label, "total": pdf_amount(hire.total)})
        paragraph(
            _("Start %(start)s, working time %(fraction)s, gross monthly wage %(wage)s.")
            % {
                "start": formatting.date_words(hire.hire.start_date),
                "fraction": formatting.percent(hire.hire.work_fraction, 1),
                "wage": pdf_amount(hire.hire.gross_monthly_wage),
            }
        )
        if hire.measures:
            measures = sorted(hire.measures, key=lambda measure: measure.total, reverse=True)
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
                    row.cell(text(_("Quarter")))
                    for measure in chunk:
                        row.cell(text(measure.name))
                    if last:
                        row.cell(text(_("Total")))
                    for period in hire.periods:
                        if not hire.amount_in(period) and not any(m.amount_in(period) for m in chunk):
                            continue  # a quarter without any amount says nothing
                        row = table.row()
                        row.cell(str(period))
                        for measure in chunk:
                            row.cell(text(pdf_amount(measure.amount_in(period))))
                        if last:
                            row.cell(text(pdf_amount(hire.amount_in(period))))
                    row = table.row()
                    row.cell(text(_("Total")))
                    for measure in chunk:
                        row.cell(text(pdf_amount(measure.total)))
                    if last:
                        row.cell(text(pdf_amount(hire.total)))
                pdf.ln(2)
            for measure in hire.measures:
                paragraph(f"{measure.name}: {measure.explanation}")
        else:
            paragraph(_("No measure applies to this hire."))
        if hire.decisions:
            heading(_("Cumulation decisions"), size=11)
            for decision in hire.decisions:
                paragraph(f"– {decision.period or ''} {decision.text}".replace("–  ", "– "))
        if hire.not_applicable:
            heading(_("Measures that do not apply, and why"), size=11)
            for item in hire.not_applicable:
                paragraph(f"– {item.name}: {'; '.join(item.reasons)}")

    heading(_("Sources"))
    for source in result.sources:
        paragraph(f"– {source.get('title', '')}: {source.get('url', '')}")
    return bytes(pdf.output())


def employer_type_label(value: str) -> str:
    from repertory.constants import EmployerType

    return str(EmployerType(value).label) if value in EmployerType.values else value


def approximation_statement(result: Result) -> str:
    return _(
        "This is an approximation, not a decision: it applies the rules of the measures as the catalogue knows "
        "them on %(date)s to the facts given. The institution that grants each measure decides."
    ) % {"date": formatting.date_words(result.rules_as_of)}
