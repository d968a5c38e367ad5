"""Running the calculator for a user: the employer through the authz gate (07/039, activity benefit-calculator), its
facts, the rules, the engine.

Pages and the API call :func:`calculate_for`; nothing else reads an employer's repertory data for the calculator.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from authz import activities
from authz.constants import Channel
from authz.selectors import employers_accessible_to
from authz.services import Subject
from authz.shortcuts import require_disclosure
from foundation.identifiers import InvalidIdentifier, validate_employer_number
from measures import constants
from measures.calculator import engine, rules
from measures.calculator.result import Result
from measures.calculator.values import EmployerProfile, Hire
from repertory.constants import EmployerType as RepertoryEmployerType
from repertory.models import Employer
from repertory.selectors import EmployerFacts, EmployerNotFound, employer_facts

#: The repertory data the calculator uses (deliberation 07/039 §2.2), as logged with each disclosure: names of the
#: register's data categories for benefit-calculator (the gate refuses one it does not list).
CATEGORIES = (
    "identification",
    "legal_form",
    "employer_type",
    "employer_category",
    "nace_codes",
    "operating_seats",
    "importance_code",
)
SCOPE = "calculator"

#: KBO legal forms of non-profit organisations (vzw/asbl, ivzw/aisbl, foundations): employer type non-profit.
NON_PROFIT_LEGAL_FORMS = frozenset({"017", "026", "029", "117", "125", "325"})
#: Employer categories of sheltered and social workshops (maatwerkbedrijven): structural-reduction category 3.
SHELTERED_CATEGORIES = frozenset({"092", "093"})


@dataclass(frozen=True)
class EmployerChoice:
    key: str  # "RSZ:123456749", the value of the form's employer field
    label: str
    role: str


def employer_key(repertory: str, number: str) -> str:
    return f"{repertory}:{number}"


def employer_choices(user) -> list[EmployerChoice]:
    """The employers the user may run the calculator for today (valid access with the calculator scope)."""
    return [
        EmployerChoice(employer_key(access.repertory, access.registration_number), access.employer_label, access.role)
        for access in employers_accessible_to(user=user, scope=SCOPE)
    ]


def resolve_employer(text: str, *, user=None) -> tuple[str, str]:
    """(repertory, registration number) named by a form key ("RSZ:123456749") or any number notation.

    An enterprise number or a short number valid in both repertories may name several employers: the one the user
    has an access to is taken, else the first. Raises InvalidIdentifier for a malformed number; an unknown but
    well-formed number still resolves, so that the gate refuses it like any other employer the user may not act for.
    """
    text = (text or "").strip()
    repertory, sep, number = text.partition(":")
    if sep and repertory in ("RSZ", "RSZPPO") and number.isascii() and number.isdigit():
        return repertory, str(int(number))
    key = validate_employer_number(text)
    if key.enterprise_number:
        candidates = list(
            Employer.objects.filter(enterprise_number=key.enterprise_number)
            .order_by("repertory", "registration_number")
            .values_list("repertory", "registration_number")
        )
    else:
        candidates = list(key.registrations)
    if not candidates:
        return "RSZ", f"kbo-{key.enterprise_number}"
    if user is not None and len(candidates) > 1:
        mine = {(choice.key.partition(":")[0], choice.key.partition(":")[2]) for choice in employer_choices(user)}
        for candidate in candidates:
            if tuple(candidate) in mine:
                return tuple(candidate)
    return tuple(candidates[0])


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


def calculator_subject(employer: str, *, user=None) -> Subject:
    """Whom the gate is asked about when the calculator is run for ``employer`` (any notation, as typed).

    A malformed number names no employer: the gate still refuses it, so that the attempt is in the log. The subject
    is personal data when the employer is a natural person.
    """
    try:
        repertory, number = resolve_employer(employer, user=user)
    except InvalidIdentifier:
        repertory, number = "RSZ", "".join(ch for ch in str(employer) if ch.isalnum())[:32] or "-"
    known = Employer.objects.filter(repertory=repertory, registration_number=number).values_list(
        "natural_person", flat=True
    )
    natural = next(iter(known), False)
    return Subject.employer(repertory=repertory, number=number, personal=bool(natural))


def employer_for_calculator(request, *, employer: str, channel: str = Channel.WEB) -> EmployerFacts:
    """The employer's repertory facts, once the gate granted them to this user (07/039); logged either way.

    Raises PermissionDenied (or MFARequired) when the user may not act for the employer, and alike when no employer
    has the number, so that guessing numbers tells nothing. Under the API's permission (DisclosureGate), which asked
    the gate the same question first, the gate's decision is reused, not asked and logged twice.
    """
    subject = calculator_subject(employer, user=request.user if request.user.is_authenticated else None)
    require_disclosure(
        request,
        activity=activities.BENEFIT_CALCULATOR,
        subjects=[subject],
        categories=CATEGORIES,
        channel=channel,
    )
    try:
        return employer_facts(*subject.repertory_and_number)
    except EmployerNotFound:
        raise PermissionDenied from None


def apply_seats(hires: Sequence[Hire], profile: EmployerProfile) -> tuple[Hire, ...]:
    """Give each hire the region of its operating seat (the only seat when it named none)."""
    from dataclasses import replace

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
    )
    return result, facts, profile
