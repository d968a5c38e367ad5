"""Why the gate refused, in words the person can act on, and never more than the person may know.

What may be said is decided per reason (see the README, "Refusals that explain"):
- reasons about the user alone (not an agent, an office the register does not name, no justification, a mandate that
  ended or has not started) are said in full, with the dates of the user's own mandate;
- reasons about a person are said only as far as the agent's own office knows them: the gate reads only the
  integrations by the agent's own offices, so "your office did not integrate this person", "your office integrated
  this person with another quality code" and "your office's integration does not cover a whole quarter" tell the
  agent what the office itself registered, and nothing about any other office or about the person's data;
- anything else gets the general answer.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from authz.constants import Reason
from authz.models import EmployerAccess
from authz.services import MFA_ROLES


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _own_access(user, subject, *, on: date, statuses: frozenset[str]) -> EmployerAccess | None:
    """The user's own access to the employer with one of these statuses on the day: the next to start for "future",
    else the one that ended last (one query)."""
    if user is None or not user.is_authenticated:
        return None
    repertory, number = subject.repertory_and_number
    accesses = [
        access
        for access in EmployerAccess.objects.filter(user=user, repertory=repertory, registration_number=number)
        if access.status_on(on) in statuses
    ]
    if statuses == FUTURE:
        return min(accesses, key=lambda access: access.valid_from, default=None)
    return max(accesses, key=_end_of, default=None)


def _end_of(access: EmployerAccess) -> date:
    """The last day of an access that ended: the day it was ended early (in Brussels), else its end date (an access
    without either has not ended: it sorts first)."""
    if access.ended_at:
        return timezone.localdate(access.ended_at)
    return access.valid_until or date.min


def _employer(access: EmployerAccess, *, mfa_used: bool) -> str:
    """The employer as the user's own access names it, but not before a role that must use MFA has used it (for a
    natural-person employer the name is personal data; the employer switcher asks MFA first for the same reason)."""
    if access.role in MFA_ROLES and not mfa_used:
        return _("this employer")
    return access.employer_label


FUTURE = frozenset({"future"})
ENDED = frozenset({"expired", "ended"})


def explain(decision, *, user, mfa_used: bool, on: date | None = None) -> str:
    """One sentence (or two) saying why the first refused subject was refused and what the user can do about it."""
    day = on or timezone.localdate()
    refused = next((item for item in decision.subjects if not item.granted), None)
    reason = refused.reason if refused is not None else ""
    codes = ", ".join(decision.activity.quality_codes_required) or "001"
    if reason == Reason.ANONYMOUS:
        return _("Log in first: this page is only for those the law allows to see it.")
    if reason == Reason.JUSTIFICATION_MISSING:
        return _("Give a justification: the file or the premium you check. Every consultation is logged with it.")
    if reason == Reason.NOT_A_MEMBER:
        return _(
            "Only agents of an employment office may consult DmfA data, and your account is not an agent of an "
            "office. If you work for one, ask your office's administrator to register you."
        )
    if reason == Reason.INSTITUTION_NOT_A_RECIPIENT:
        return _(
            "The deliberation behind this consultation does not name your office (%(office)s) as a recipient, so no "
            "agent of your office may consult these data, whoever the person is."
        ) % {"office": refused.organisation or refused.acting_for}
    if reason == Reason.NOT_INTEGRATED:
        return _(
            "Your office has not integrated this person in the reference directory. If your office follows this "
            "person as a job seeker, register the integration with quality code %(codes)s first; check also the "
            "INSZ number you typed."
        ) % {"codes": codes}
    if reason == Reason.WRONG_QUALITY:
        return _(
            "Your office integrated this person with another quality code than %(codes)s. DmfA data may be "
            "consulted only for persons your office follows with quality code %(codes)s."
        ) % {"codes": codes}
    if reason == Reason.OUTSIDE_PERIOD:
        return _(
            "Your office's integration with quality code %(codes)s does not cover a whole quarter of the period you "
            "asked for. Choose the quarters during which your office followed this person."
        ) % {"codes": codes}
    if reason == Reason.ACCESS_EXPIRED:
        access = _own_access(user, refused.subject, on=day, statuses=ENDED)
        if access is not None:
            return _(
                "Your access as %(role)s to %(employer)s ended on %(date)s. Ask the employer for a new mandate on "
                "its mandates page."
            ) % {
                "role": access.get_role_display(),
                "employer": _employer(access, mfa_used=mfa_used),
                "date": _day(_end_of(access)),
            }
    if reason == Reason.ACCESS_NOT_YET_VALID:
        access = _own_access(user, refused.subject, on=day, statuses=FUTURE)
        if access is not None:
            return _("Your access as %(role)s to %(employer)s starts on %(date)s.") % {
                "role": access.get_role_display(),
                "employer": _employer(access, mfa_used=mfa_used),
                "date": _day(access.valid_from),
            }
    if reason == Reason.OUT_OF_SCOPE:
        return _(
            "Your access to this employer does not cover this application. The employer can extend its scope on its "
            "mandates page."
        )
    return _(
        "You may not see this page. If you act for an employer, check that your mandate is valid and covers this "
        "application."
    )
