"""The summary a job seeker hands an employer: a page and a PDF, in their language, without their national number."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from foundation import formatting
from foundation import pdf as foundation_pdf
from jobseekers import services
from jobseekers.constants import ShowOnSummary
from jobseekers.models import JobSeekerProfile
from measures.calculator.exports import pdf_amount
from measures.calculator.result import Result
from measures.calculator.values import age_on
from measures.models import Measure


@dataclass(frozen=True)
class SummaryMeasure:
    name: str
    total: Decimal
    unlimited: bool
    explanation: str
    employer_conditions: str
    how_to_apply: str
    institution: str
    url: str


@dataclass(frozen=True)
class Summary:
    holder: str  # what the job seeker chose to show: name and age band by default; never the national number
    gross_monthly_wage: Decimal
    work_percent: Decimal
    start_date: datetime.date
    horizon: int
    total: Decimal
    measures: list[SummaryMeasure]
    not_applicable: list[tuple[str, str]]
    rules_as_of: datetime.date
    made_on: datetime.date
    notes: list[str]


def holder_text(profile: JobSeekerProfile, show: str) -> str:
    birth = services.birth_date_of(profile)
    age = age_on(birth, timezone.localdate()) if birth else None
    name = f"{profile.given_name} {profile.surname}".strip()
    band = services.age_band(age) if age is not None else ""
    if show == ShowOnSummary.AGE_BAND:
        return _("A job seeker aged %(band)s") % {"band": band}
    if show == ShowOnSummary.NAME_AND_AGE:
        return _("%(name)s, %(age)s years old") % {"name": name, "age": age}
    return _("%(name)s, aged %(band)s") % {"name": name, "band": band}


def summary(*, profile: JobSeekerProfile, result: Result, show: str) -> Summary:
    hire = result.hires[0]
    catalogue = {m.code: m for m in Measure.objects.filter(code__in=[item.code for item in hire.measures])}
    measures = []
    for item in hire.measures:
        row = catalogue.get(item.code)
        measures.append(
            SummaryMeasure(
                name=item.name,
                total=item.total,
                unlimited=item.unlimited,
                explanation=item.explanation,
                employer_conditions=getattr(row, "employer_text", "") or "",
                how_to_apply=getattr(row, "how_to_apply", "") or "",
                institution=getattr(row, "institution", "") or "",
                url=getattr(row, "institution_url", "") or item.url,
            )
        )
    return Summary(
        holder=holder_text(profile, show),
        gross_monthly_wage=hire.hire.gross_monthly_wage,
        work_percent=hire.hire.work_fraction * 100,
        start_date=hire.hire.start_date,
        horizon=result.horizon,
        total=hire.total,
        measures=measures,
        not_applicable=[(item.name, "; ".join(item.reasons)) for item in hire.not_applicable],
        rules_as_of=result.rules_as_of,
        made_on=timezone.localdate(),
        notes=list(result.notes),
    )


def disclaimer() -> str:
    return _(
        "An indication, not an official certificate: the institution that grants each measure decides, on the "
        "employer's application."
    )


def summary_pdf(item: Summary) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    font = foundation_pdf.use_unicode_font(pdf)  # DejaVu Sans: "€", "Œ", "ł" as they are
    write = font.text
    pdf.set_title(write(_("What hiring me can bring you")))
    pdf.set_author(write(_("Front Office Tewerkstelling")))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()

    def heading(text: str, size: int = 13) -> None:
        pdf.ln(2)
        pdf.set_font(font.family, style="B", size=size)
        pdf.multi_cell(0, 7, write(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(font.family, size=10)

    def paragraph(text: str) -> None:
        pdf.multi_cell(0, 5, write(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    heading(_("What hiring me can bring you"), size=16)
    paragraph(item.holder)
    pdf.set_font(font.family, style="B", size=10)
    paragraph(disclaimer())
    pdf.set_font(font.family, size=10)
    paragraph(
        _("Rules as of %(date)s. Made on %(made)s.")
        % {"date": formatting.date_words(item.rules_as_of), "made": formatting.date_words(item.made_on)}
    )
    paragraph(
        _(
            "For a job starting %(start)s at %(percent)s %% of full time and %(wage)s gross a month, over %(horizon)s "
            "quarters: %(total)s in total."
        )
        % {
            "start": formatting.date_words(item.start_date),
            "percent": f"{item.work_percent:.0f}",
            "wage": pdf_amount(item.gross_monthly_wage),
            "horizon": item.horizon,
            "total": pdf_amount(item.total),
        }
    )
    if not item.measures:
        paragraph(_("No measure applies for this job."))
    for measure in item.measures:
        heading(f"{measure.name}: {pdf_amount(measure.total)}", size=12)
        paragraph(measure.explanation)
        if measure.employer_conditions:
            paragraph(_("Conditions for the employer: %(text)s") % {"text": measure.employer_conditions})
        if measure.how_to_apply:
            paragraph(_("How to apply: %(text)s") % {"text": measure.how_to_apply})
        if measure.institution:
            paragraph(_("Decided by: %(who)s") % {"who": formatting.institutions_in_text(measure.institution)})
        if measure.url:
            paragraph(measure.url)
    if item.not_applicable:
        heading(_("Measures that do not apply, and why"), size=11)
        for name, reasons in item.not_applicable:
            paragraph(f"- {name}: {reasons}")
    pdf.ln(2)
    pdf.set_font(font.family, style="I", size=9)
    for note in item.notes:
        paragraph(note)
    return bytes(pdf.output())
