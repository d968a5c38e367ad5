"""The calculator's services: running a calculation for a user (the employer through the authz gate, 07/039, in
``measures.gates``; its facts, the rules, the engine) and the writes of saved scenarios (save, copy, delete).

Pages and the API call :func:`calculate_for`; the scenario pages change scenarios only through the functions here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import replace

from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from authz.constants import Channel
from measures import constants
from measures.calculator import engine, rules
from measures.calculator.result import Result
from measures.calculator.values import EmployerProfile, Hire
from measures.gates import employer_for_calculator
from measures.models import Scenario
from repertory.constants import EmployerType as RepertoryEmployerType
from repertory.selectors import EmployerFacts

#: KBO legal forms of non-profit organisations (vzw/asbl, ivzw/aisbl, foundations): employer type non-profit.
NON_PROFIT_LEGAL_FORMS = frozenset({"017", "026", "029", "117", "125", "325"})
#: Employer categories of sheltered and social workshops (maatwerkbedrijven): structural-reduction category 3.
SHELTERED_CATEGORIES = frozenset({"092", "093"})


def employer_profile(facts: EmployerFacts) -> EmployerProfile:
    """The engine's view of the employer: measures' employer type, regions of its seats, structural category."""
    if facts.employer_type == RepertoryEmployerType.LOCAL:
        employer_type = constants.EmployerType.LOCAL_AUTHORITY
    elif facts.employer_type == RepertoryEmployerType.PUBLIC:
        employer_type = constants.EmployerType.PUBLIC
    elif facts.legal_form in NON_PROFIT_LEGAL_FORMS or "011" in facts.category_codes:
        employer_type = constants.EmployerType.NON_PROFIT
    else:
        employer_type = constants.EmployerType.PRIVATE
    if employer_type in (constants.EmployerType.LOCAL_AUTHORITY, constants.EmployerType.PUBLIC):
        structural = None  # DmfAPPL employers and the public sector fall outside the structural reduction
    elif SHELTERED_CATEGORIES & set(facts.category_codes):
        structural = 3
    elif employer_type == constants.EmployerType.NON_PROFIT:
        structural = 2
    else:
        structural = 1
    seats = tuple(
        (seat.establishment_number, constants.Region.DG if seat.german_language_area else seat.region)
        for seat in facts.operating_seats
    )
    nace = tuple(dict.fromkeys(fact.code for fact in facts.nace_codes))
    return EmployerProfile(
        label=f"{facts.repertory} {facts.registration_number}",
        employer_type=str(employer_type),
        category_codes=facts.category_codes,
        nace_codes=nace,
        importance_code=facts.importance_code,
        seats=seats,
        structural_category=structural,
    )


def apply_seats(hires: Sequence[Hire], profile: EmployerProfile) -> tuple[Hire, ...]:
    """Give each hire the region of its operating seat (the only seat when it named none)."""
    resolved = []
    for hire in hires:
        region = hire.seat_region
        if hire.operating_seat:
            region = profile.seat_region(hire.operating_seat) or region
        elif region is None and len({region for _number, region in profile.seats}) == 1:
            region = profile.seats[0][1]
        resolved.append(replace(hire, seat_region=region))
    return tuple(resolved)


def calculate_for(
    request,
    *,
    employer: str,
    hires: Sequence[Hire],
    on: datetime.date | None = None,
    horizon: int = 8,
    channel: str = Channel.WEB,
    mode: str = constants.RulesMode.IN_FORCE,
) -> tuple[Result, EmployerFacts, EmployerProfile]:
    """Gate, facts, rules, engine: the calculation a page or the API shows."""
    facts = employer_for_calculator(request, employer=employer, channel=channel)
    profile = employer_profile(facts)
    day = on or timezone.localdate()
    result = engine.calculate(
        employer=profile,
        hires=apply_seats(hires, profile),
        on=day,
        horizon=horizon,
        rules=rules.current_rule_book(),
        mode=mode,
        language=translation.get_language(),
    )
    return result, facts, profile


def calculate_again(profile: EmployerProfile, scenario: Scenario) -> Result:
    """A second scenario of the same employer on one page: its facts were disclosed (and logged) once already."""
    return engine.calculate(
        employer=profile,
        hires=apply_seats(scenario.hire_values(), profile),
        on=scenario.on,
        horizon=scenario.horizon,
        rules=rules.current_rule_book(),
        language=translation.get_language(),
    )


# -- saved scenarios: the writes ----------------------------------------------------------------------------------


class ScenarioNameTaken(ValueError):
    """The owner already has a scenario with this name for this employer."""


def name_taken(*, owner, key: str, name: str, exclude: int | None = None) -> bool:
    """Whether ``owner`` has a scenario called ``name`` for the employer ``key`` ("RSZ:123456749")."""
    repertory, _sep, number = key.partition(":")
    same = Scenario.objects.filter(owner=owner, repertory=repertory, registration_number=number, name=name)
    return same.exclude(pk=exclude).exists() if exclude else same.exists()


def save_scenario(
    *,
    owner,
    key: str,
    name: str,
    on: datetime.date,
    horizon: int,
    hires: Sequence[Hire],
    scenario: Scenario | None = None,
) -> Scenario:
    """Save the inputs as a new scenario of ``owner``, or over ``scenario``; raises ScenarioNameTaken.

    ``key`` is the employer as the gate resolved it ("RSZ:123456749"), whatever notation was sent.
    """
    if name_taken(owner=owner, key=key, name=name, exclude=scenario.pk if scenario else None):
        raise ScenarioNameTaken(name)
    target = scenario or Scenario(owner=owner)
    target.set_employer(key)
    target.name = name
    target.on = on
    target.horizon = horizon
    target.set_hires(hires)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:  # the same name saved at the same moment
        raise ScenarioNameTaken(name) from None
    return target


def copy_scenario(original: Scenario, *, owner) -> Scenario:
    """A copy of ``original`` named "… (copy)", "… (copy 2)" and so on.

    Raises ScenarioNameTaken when no name is free."""
    copy = Scenario(
        owner=owner,
        repertory=original.repertory,
        registration_number=original.registration_number,
        on=original.on,
        horizon=original.horizon,
        hires=original.hires,
    )
    for number in range(1, 1000):
        suffix = _(" (copy)") if number == 1 else _(" (copy %(number)s)") % {"number": number}
        copy.name = original.name[: 120 - len(suffix)] + suffix
        if not name_taken(owner=owner, key=original.employer_key, name=copy.name):
            break
    try:
        with transaction.atomic():
            copy.save()
    except IntegrityError:  # every copy name taken, or a copy made at the same moment
        raise ScenarioNameTaken(copy.name) from None
    return copy


def delete_scenario(scenario: Scenario) -> None:
    scenario.delete()
