"""Who may use the controls and which stored results a request may show: the office's agents only, the workers only
through the authz gate (05/012: persons integrated with quality code 001 for the whole quarter), and the headcount's
totals of the regular staff through it at the employer level."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from authz import activities
from authz.models import Institution, ProcessingActivity
from authz.selectors import memberships_on, persons_visible_to, receiving_memberships
from authz.services import Subject
from authz.shortcuts import require_disclosure
from dmfa.constants import CONTROL_CATEGORIES, HEADCOUNT_CATEGORIES, ControlKind
from dmfa.controls import fte
from dmfa.models import ControlResult
from foundation.quarters import Quarter


def offices_of(user) -> list[Institution]:
    """The institutions the user is an agent of today that the register lets receive DmfA data for GECO/DSP."""
    if not user.is_authenticated:
        return []
    today = timezone.localdate()
    register_row = ProcessingActivity.objects.current(activities.DMFA_GECO_DSP, today)
    if register_row is None:
        return []
    return [
        membership.institution
        for membership in receiving_memberships(memberships_on(user=user, on=today), register_row)
    ]


def justification(quarter: Quarter) -> str:
    """The log's justification of a control: the purpose is the control itself (05/012 §2–3), for that quarter."""
    return f"GECO/DSP control, quarter {quarter}"


def gate_headcount(request, *, hires: Iterable[tuple[str, date | None]], quarter: Quarter, channel: str) -> None:
    """Pass the gate for the headcount of the employers of these hires (registration number, first day of the job):
    the totals of their regular staff, an aggregate that names no worker. One employer-level log row per employer
    (activity dmfa-geco-dsp-headcount, 05/012 §2.2), for the days the totals cover: from the reference year of its
    earliest hire (the calendar year before it) to the quarter controlled. Raises 403 when refused."""
    first_days: dict[str, date] = {}
    for number, hired in hires:
        first = fte.reference_quarters(hired)[0].first_day if hired else quarter.first_day
        first_days[number] = min(first, first_days.get(number, first), quarter.first_day)
    by_period: dict[date, list[str]] = {}
    for number, first in sorted(first_days.items()):
        by_period.setdefault(first, []).append(number)
    for first, numbers in sorted(by_period.items()):
        require_disclosure(
            request,
            activity=activities.DMFA_GECO_DSP_HEADCOUNT,
            subjects=[Subject.employer(repertory="RSZ", number=number, personal=False) for number in numbers],
            categories=HEADCOUNT_CATEGORIES,
            channel=channel,
            period=(first, quarter.last_day),
            justification=justification(quarter),
        )


def gate_workers(
    request, *, insz_numbers: Iterable[str], quarter: Quarter, channel: str, employer: str = ""
) -> set[str]:
    """Pass the gate for the workers of the results a page or the API is about to show; return those it may show.

    A user who is not an agent of the office is refused at the employer level first (the headcount aggregate, the
    least a control shows), in their real capacity, before anything is asked about a worker. For an agent, the workers
    the gate would grant for the whole quarter are asked for (one log row each); the others are not shown. When none
    may be shown, the gate is asked for the workers named all the same so that the refusal is decided and logged.
    """
    if not offices_of(request.user):
        gate_headcount(request, hires=[(employer or "-", None)], quarter=quarter, channel=channel)
    wanted = sorted(set(insz_numbers))
    if not wanted:
        return set()
    period = (quarter.first_day, quarter.last_day)
    visible = set(
        persons_visible_to(user=request.user, activity=activities.DMFA_GECO_DSP, period=period, whole_period=True)
        .filter(insz__in=wanted)
    ) if request.user.is_authenticated else set()  # fmt: skip
    subjects = [Subject.person(insz=insz) for insz in sorted(visible or wanted)]
    decision = require_disclosure(
        request,
        activity=activities.DMFA_GECO_DSP,
        subjects=subjects,
        categories=CONTROL_CATEGORIES,
        channel=channel,
        period=period,
        period_units=[period],
        justification=justification(quarter),
    )
    return {subject.identifier for subject in subjects if decision.covers(subject, *period)}


def shown_results(request, quarter: Quarter, employer: str, channel: str, outcome: str = "") -> tuple[list, int]:
    """The office's stored results of an employer for a quarter (of one outcome when named) that the gate lets the
    request show, and how many there are in all (page and API alike). A headcount result among them shows the
    employer's regular staff in totals: that aggregate is logged once, at the employer level."""
    offices = offices_of(request.user)
    results = ControlResult.objects.filter(institution__in=offices, quarter=quarter, registration_number=employer)
    if outcome:
        results = results.filter(outcome=outcome)
    results = list(results.select_related("job").order_by("insz", "control"))
    allowed = gate_workers(
        request, insz_numbers=[r.insz for r in results], quarter=quarter, channel=channel, employer=employer
    )
    shown = [result for result in results if result.insz in allowed]
    hires = [(employer, r.job.start_date) for r in shown if r.control == ControlKind.HEADCOUNT]
    gate_headcount(request, hires=hires, quarter=quarter, channel=channel)
    return shown, len(results)
