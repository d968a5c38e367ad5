"""The employer a user acts for (chosen on the switcher, kept in the session), shown on every page."""

from __future__ import annotations

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from authz import selectors
from authz.models import EmployerAccess, User
from authz.services import MFA_ROLES, mfa_used_in_session

ACTING_FOR_SESSION_KEY = "authz_acting_for"
_ROLE_ORDER = {"owner": 0, "appointee": 1, "mandatary": 2}


def employer_key(repertory: str, number: str) -> str:
    return f"{repertory}:{number}"


def valid_accesses(user: User) -> list[EmployerAccess]:
    """The user's accesses valid today, one per employer (the strongest role), ordered by employer name."""
    best: dict[str, EmployerAccess] = {}
    for access in selectors.employers_accessible_to(user=user, on=timezone.localdate()):
        key = employer_key(access.repertory, access.registration_number)
        if key not in best or _ROLE_ORDER[access.role] < _ROLE_ORDER[best[key].role]:
            best[key] = access
    return list(best.values())


def acting_access(request) -> EmployerAccess | None:
    """The access the user acts under now: the one chosen on the switcher while it stays valid, or the only one.

    Other pages (the calculator) use it to preselect the employer; the gate still decides on every disclosure.
    """
    if not request.user.is_authenticated:
        return None
    if not hasattr(request, "_acting_access"):
        accesses = valid_accesses(request.user)
        chosen = request.session.get(ACTING_FOR_SESSION_KEY)
        found = next(
            (a for a in accesses if employer_key(a.repertory, a.registration_number) == chosen),
            accesses[0] if len(accesses) == 1 else None,
        )
        request._acting_access = found
    return request._acting_access


def needs_mfa_first(request, accesses: list[EmployerAccess]) -> bool:
    """A mandatary sees no employer name (personal data for a natural-person employer) before using MFA."""
    return any(access.role in MFA_ROLES for access in accesses) and not mfa_used_in_session(request)


def acting_for(request) -> dict:
    """``acting_for``: the name of the employer the user acts for ("" when none), computed only when rendered."""

    def label() -> str:
        access = acting_access(request)
        if access is None or needs_mfa_first(request, [access]):
            return ""
        # The name recorded with the user's own access (set from the repertory when the access is made): reading the
        # repertory here would disclose a natural-person employer's name outside the gate.
        return access.employer_label

    return {"acting_for": SimpleLazyObject(label)}
