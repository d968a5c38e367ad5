"""The DmfA's calls of the authz gate: a person's consultation (page and API) and the workers of a declaration.

A person's consultation: the gate decides per quarter, then the reads.

Deliberation 05/012 lets an agent consult a person only for the time the agent's institution integrates them with
quality code 001. A DmfA quarter is one declaration, so the quarters are the gate's indivisible units: a quarter is
consultable only when the integrations cover every day of it; a quarter only partly covered is not shown. The log
row carries the consultable quarters (their first to last day), never a day outside the integration.
"""

from __future__ import annotations

from dataclasses import dataclass

from authz import activities
from authz.constants import Channel
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


def disclose_declaration_workers(request, *, persons: list, period: tuple, justification: str) -> list:
    """The workers of one declaration the gate lets the agent see for the quarter ``period`` (it logs each of them).

    ``persons`` are already scoped to the integrations that cover the whole quarter, so that the list agrees with the
    gate; the gate still decides and logs every worker shown.
    """
    if not persons:
        return []
    decision = require_disclosure(
        request,
        activity=activities.DMFA_GECO_DSP,
        subjects=[Subject.person(insz=person.insz) for person in persons],
        categories=CONSULTATION_CATEGORIES,
        channel=Channel.WEB,
        period=period,
        period_units=[period],
        justification=justification,
    )
    return [person for person in persons if decision.covers(Subject.person(insz=person.insz), *period)]
