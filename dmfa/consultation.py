"""A person's DmfA consultation as the page and the API share it: the gate decides per quarter, then the reads.

Deliberation 05/012 lets an agent consult a person only for the time the agent's institution integrates them with
quality code 001. A DmfA quarter is one declaration, so the quarters are the gate's indivisible units: a quarter is
consultable only when the integrations cover every day of it; a quarter only partly covered is not shown. The log
row carries the consultable quarters (their first to last day), never a day outside the integration.
"""

from __future__ import annotations

from dataclasses import dataclass

from authz import activities
from authz.services import Subject
from authz.shortcuts import require_disclosure
from dmfa import selectors
from dmfa.constants import CONSULTATION_CATEGORIES
from dmfa.models import NaturalPerson, PersonIdentity
from foundation.quarters import Quarter, quarter_range


@dataclass
class PersonConsultation:
    insz: str
    start: Quarter
    end: Quarter
    consultable: list[Quarter]
    not_consultable: list[Quarter]
    identity: PersonIdentity | None
    records: list[NaturalPerson]


def quarter_units(quarters: list[Quarter]) -> list[tuple]:
    return [(quarter.first_day, quarter.last_day) for quarter in quarters]


def consult_person(
    request, *, insz: str, start: Quarter, end: Quarter, justification: str, channel: str
) -> PersonConsultation:
    """Pass the gate (it logs; it raises when no quarter is consultable), then read only the consultable quarters."""
    quarters = quarter_range(start, end)
    subject = Subject.person(insz=insz)
    decision = require_disclosure(
        request,
        activity=activities.DMFA_GECO_DSP,
        subjects=[subject],
        categories=CONSULTATION_CATEGORIES,
        channel=channel,
        period=(start.first_day, end.last_day),
        period_units=quarter_units(quarters),
        justification=justification,
    )
    consultable = [quarter for quarter in quarters if decision.covers(subject, quarter.first_day, quarter.last_day)]
    return PersonConsultation(
        insz=insz,
        start=start,
        end=end,
        consultable=consultable,
        not_consultable=[quarter for quarter in quarters if quarter not in consultable],
        identity=selectors.person_identity(insz=insz),
        records=list(selectors.person_declarations(insz=insz, quarters=consultable)),
    )
