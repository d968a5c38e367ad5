"""The measures app's calls of the authz gate: the benefit calculator (processing activity benefit-calculator,
deliberation 07/039) asks here whether the user may see an employer's repertory facts, and for which employers.

One place decides, logs and reads: pages, the API and the saved scenarios all come through
:func:`employer_for_calculator`; nothing else reads an employer's repertory data for the calculator.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from authz import activities
from authz.constants import Channel
from authz.selectors import employers_accessible_to
from authz.services import Subject
from authz.shortcuts import require_disclosure
from foundation.identifiers import InvalidIdentifier, validate_employer_number
from repertory.selectors import (
    EmployerFacts,
    EmployerNotFound,
    employer_facts,
    natural_person_flags,
    registrations_with_enterprise_number,
)

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
#: The scope of an access (mandate, appointment) that lets its holder run the calculator.
SCOPE = "calculator"


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
        candidates = registrations_with_enterprise_number(key.enterprise_number)
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


def calculator_subject(employer: str, *, user=None) -> Subject:
    """Whom the gate is asked about when the calculator is run for ``employer`` (any notation, as typed).

    A malformed number names no employer: the gate still refuses it, so that the attempt is in the log. The subject
    is personal data when the employer is a natural person.
    """
    try:
        repertory, number = resolve_employer(employer, user=user)
    except InvalidIdentifier:
        repertory, number = "RSZ", "".join(ch for ch in str(employer) if ch.isalnum())[:32] or "-"
    natural = natural_person_flags({(repertory, number)}).get((repertory, number), False)
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
