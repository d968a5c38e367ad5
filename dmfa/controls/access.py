"""Who may use the controls and which stored results a request may show: the office's agents only, and the
workers only through the authz gate (05/012: persons integrated with quality code 001 for the whole quarter)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from authz import activities
from authz.models import Institution, ProcessingActivity
from authz.selectors import memberships_on, persons_visible_to, receiving_memberships
from authz.services import Subject
from authz.shortcuts import require_disclosure
from dmfa.constants import CONTROL_CATEGORIES
from dmfa.models import ControlResult
from dmfa.quarters import Quarter


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


def gate_workers(
    request, *, insz_numbers: Iterable[str], quarter: Quarter, channel: str, employer: str = ""
) -> set[str]:
    """Pass the gate for the workers of the results a page or the API is about to show; return those it may show.

    The workers the gate would grant for the whole quarter are asked for (one log row each); the others are not
    shown. When none may be shown, the gate is asked all the same so that the refusal is decided and logged (403):
    for the workers named, or, when there is none and the user is not an agent of the office, for the employer.
    """
    wanted = sorted(set(insz_numbers))
    period = (quarter.first_day, quarter.last_day)
    visible = set(
        persons_visible_to(user=request.user, activity=activities.DMFA_GECO_DSP, period=period, whole_period=True)
        .filter(insz__in=wanted)
    ) if wanted and request.user.is_authenticated else set()  # fmt: skip
    if visible:
        subjects = [Subject.person(insz=insz) for insz in sorted(visible)]
    elif wanted:
        subjects = [Subject.person(insz=insz) for insz in wanted]
    elif not offices_of(request.user):
        subjects = [Subject.employer(repertory="RSZ", number=employer or "-", personal=False)]
    else:
        return set()
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


def shown_results(request, quarter: Quarter, employer: str, channel: str) -> tuple[list, int]:
    """The office's stored results of an employer for a quarter that the gate lets the request show, and how many
    there are in all (page and API alike)."""
    offices = offices_of(request.user)
    results = list(
        ControlResult.objects.filter(institution__in=offices, quarter=quarter, registration_number=employer)
        .select_related("job")
        .order_by("insz", "control")
    )
    allowed = gate_workers(
        request, insz_numbers=[r.insz for r in results], quarter=quarter, channel=channel, employer=employer
    )
    return [result for result in results if result.insz in allowed], len(results)
