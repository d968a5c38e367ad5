"""The reconciliation report of an employer for a quarter, as CSV for a Belgian spreadsheet and as PDF (fpdf2)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dmfa.controls.reconciliation import FIGURES, IDENTITY
from foundation import csv as foundation_csv
from foundation import pdf as foundation_pdf
from foundation.formatting import number, registration_number

LABELS = {name: label for name, label, _kind in FIGURES} | dict(IDENTITY)


def direction_label(direction: str) -> str:
    return {
        "declared_more": _("declared more than the DmfA"),
        "declared_less": _("declared less than the DmfA"),
        "different": _("different"),
        "kept": _("The level is kept."),
        "fell": _("The level fell."),
    }.get(direction, "")


def _number(value):
    """A figure as a number (written in the dialect's decimal notation by foundation.csv); other values as they are."""
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value


def headcount_line(headcount: dict) -> dict:
    """The job's headcount as one more line of the report (the regular staff in totals: no worker named)."""
    figures = headcount["figures"]
    if not figures.get("reference"):
        missing = _("quarters missing:") + " " + ", ".join(figures.get("missing_quarters", []))
        return {"field": _("Headcount"), "declared": None, "dmfa": missing, "difference": None, "direction": "",
                "within_tolerance": False}  # fmt: skip
    return {
        "field": _("Headcount (reference %(reference)s FTE)") % {"reference": figures["reference"]},
        "declared": None,
        "dmfa": figures["fte"],
        "difference": figures["difference"],
        "direction": "kept" if figures["kept"] else "fell",
        "within_tolerance": bool(figures["kept"]),
    }


def report_csv(rows: list[dict], *, language: str | None = None) -> bytes:
    """The report in the dialect of the page's language (foundation.csv: nl/fr/de ``;``, decimal comma and a BOM)."""
    header = [
        _("employer"), _("quarter"), _("job"), _("INSZ"), _("name"), _("item"), _("declared to the office"),
        _("DmfA / national register"), _("difference"), _("direction"), _("within tolerance"),
    ]  # fmt: skip
    values = []
    for row in rows:
        for line in [headcount_line(row["headcount"]), *row["lines"]]:
            numeric = line["difference"] is not None
            values.append(
                [
                    registration_number(row["employer"]),
                    row["quarter"],
                    row["reference"],
                    row["insz"],
                    row["name"],
                    str(LABELS.get(line["field"], line["field"])),
                    _number(line["declared"]) if numeric else line["declared"] or "",
                    _number(line["dmfa"]) if numeric else line["dmfa"] or "",
                    _number(line["difference"]),
                    direction_label(line["direction"]),
                    _("yes") if line["within_tolerance"] else _("no"),
                ]
            )
    return foundation_csv.text(header, values, language=language or get_language()).encode("utf-8")


def figure_text(value: object) -> str:
    """A figure in the page's notation with the decimals it was written with; a text as it is; "" for none."""
    amount = _number(value)
    if amount is None or not isinstance(amount, Decimal):
        return "" if value is None else str(value)
    return number(amount, max(0, -amount.as_tuple().exponent))


def report_pdf(*, employer: str, quarter: str, rows: list[dict]) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    font = foundation_pdf.use_unicode_font(pdf)  # DejaVu Sans (Helvetica in Latin-1 only without it, and said so)
    write = font.text
    pdf.set_font(font.family, style="B", size=14)
    title = _("Reconciliation with the DmfA: employer %(employer)s, quarter %(quarter)s") % {
        "employer": registration_number(employer),
        "quarter": quarter,
    }
    pdf.multi_cell(0, 8, write(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    widths = (60, 45, 45, 30, 55, 25)
    headers = (_("item"), _("declared to the office"), _("DmfA / national register"), _("difference"),
               _("direction"), _("within tolerance"))  # fmt: skip
    for row in rows:
        pdf.ln(3)
        pdf.set_font(font.family, style="B", size=11)
        pdf.multi_cell(0, 6, write(f"{row['reference']}  {row['insz']}  {row['name']}"), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)  # fmt: skip
        pdf.set_font(font.family, style="B", size=8)
        for width, header in zip(widths, headers, strict=True):
            pdf.cell(width, 5, write(header), border=1)
        pdf.ln()
        pdf.set_font(font.family, size=8)
        for line in [headcount_line(row["headcount"]), *row["lines"]]:
            cells = (
                LABELS.get(line["field"], line["field"]),
                figure_text(line["declared"]),
                figure_text(line["dmfa"]),
                figure_text(line["difference"]),
                direction_label(line["direction"]),
                _("yes") if line["within_tolerance"] else _("no"),
            )
            for width, cell in zip(widths, cells, strict=True):
                pdf.cell(width, 5, write(cell)[:40], border=1)
            pdf.ln()
        if not row["lines"]:
            pdf.cell(0, 5, write(_("No figure to compare.")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
