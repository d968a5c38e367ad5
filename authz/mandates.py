"""Mandates managed by the employer: the quarter rule, granting, ending, inviting and accepting (with their reads).

A mandate (lastgeving / mandat) starts on the first day of a quarter and ends on the last day of a quarter or stays
open-ended, as the social-security mandate rules have it. Only a valid owner of the employer manages its mandates.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from authz.constants import AccessRole
from authz.models import AccessScope, EmployerAccess, MandateInvitation, User
from foundation.quarters import Quarter

#: Roles an owner can grant on the mandates page (owners themselves are registered by staff).
GRANTABLE_ROLES = (AccessRole.MANDATARY, AccessRole.APPOINTEE)
INVITATION_VALID_DAYS = 30

Employer = tuple[str, str]  # (repertory, registration number)


class NotAnOwner(PermissionDenied):
    """The user holds no valid owner access to this employer, so it may not manage its mandates."""


class InvitationInvalid(Exception):
    """The invitation cannot be accepted; ``message`` says why in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# The quarter rule -------------------------------------------------------------------------------------------


def check_mandate_period(*, valid_from: date, valid_until: date | None, today: date, allow_past: bool = False) -> None:
    """Raise a ValidationError naming each wrong date and what it should be."""
    errors: dict[str, list[str]] = {}
    if valid_from != Quarter.of(valid_from).first_day:
        errors.setdefault("valid_from", []).append(
            _(
                "A mandate starts on the first day of a quarter (1 January, 1 April, 1 July or 1 October); "
                "%(date)s is not. The quarter of that date starts on %(start)s."
            )
            % {"date": format_day(valid_from), "start": format_day(Quarter.of(valid_from).first_day)}
        )
    elif not allow_past and valid_from < Quarter.of(today).first_day:
        errors.setdefault("valid_from", []).append(
            _("A mandate cannot start in a past quarter; the earliest start is %(start)s.")
            % {"start": format_day(Quarter.of(today).first_day)}
        )
    if valid_until is not None:
        if valid_until != Quarter.of(valid_until).last_day:
            errors.setdefault("valid_until", []).append(
                _(
                    "A mandate ends on the last day of a quarter (31 March, 30 June, 30 September or 31 December), "
                    "or has no end date; %(date)s is not. The quarter of that date ends on %(end)s."
                )
                % {"date": format_day(valid_until), "end": format_day(Quarter.of(valid_until).last_day)}
            )
        if valid_until < valid_from:
            errors.setdefault("valid_until", []).append(_("The end date lies before the start date."))
    if errors:
        raise ValidationError(errors)


def format_day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


# Reads ------------------------------------------------------------------------------------------------------


def owned_employers(*, user: User, on: date | None = None) -> QuerySet[EmployerAccess]:
    """The user's valid owner accesses: the employers whose mandates it manages."""
    day = on or timezone.localdate()
    return (
        EmployerAccess.objects.filter(user=user, role=AccessRole.OWNER)
        .valid_on(day)
        .order_by("employer_name", "repertory", "registration_number")
    )


def owner_access(*, user: User, employer: Employer, on: date | None = None) -> EmployerAccess | None:
    repertory, number = employer
    return owned_employers(user=user, on=on).filter(repertory=repertory, registration_number=number).first()


def own_accesses_not_valid(*, user: User, on: date | None = None) -> QuerySet[EmployerAccess]:
    """The user's own accesses that do not hold on the day: not yet started, past their end date or ended early
    (shown to the user with their dates, so a mandatary knows why an employer is no longer in its list)."""
    day = on or timezone.localdate()
    valid = EmployerAccess.objects.filter(user=user).valid_on(day).values("pk")
    return (
        EmployerAccess.objects.filter(user=user)
        .exclude(pk__in=valid)
        .prefetch_related("scopes")
        .order_by("-valid_from", "employer_name")
    )


def accesses_to(*, employer: Employer) -> QuerySet[EmployerAccess]:
    """Every access to the employer, current, future and ended: its history."""
    repertory, number = employer
    return (
        EmployerAccess.objects.filter(repertory=repertory, registration_number=number)
        .select_related("user", "granted_by", "ended_by")
        .prefetch_related("scopes")
        .order_by("-valid_from", "-created_at")
    )


def invitations_to(*, employer: Employer) -> QuerySet[MandateInvitation]:
    repertory, number = employer
    return (
        MandateInvitation.objects.filter(repertory=repertory, registration_number=number)
        .select_related("invited_by", "access__user")
        .prefetch_related("scopes")
    )


def invitation_for_token(token: str) -> MandateInvitation | None:
    return (
        MandateInvitation.objects.filter(token_hash=_token_hash(token))
        .select_related("invited_by")
        .prefetch_related("scopes")
        .first()
    )


# Writes -----------------------------------------------------------------------------------------------------


def _require_owner(*, user: User, employer: Employer, today: date, lock: bool = False) -> EmployerAccess:
    accesses = owned_employers(user=user, on=today).filter(repertory=employer[0], registration_number=employer[1])
    access = (accesses.select_for_update() if lock else accesses).first()
    if access is None:
        raise NotAnOwner
    return access


@dataclass(frozen=True)
class MandateTerms:
    """What an owner grants: the role, the applications (scopes), the period and the mandatary's organisation."""

    role: str
    scopes: Sequence[AccessScope]
    valid_from: date
    valid_until: date | None
    organisation: str = ""


def _owner_and_terms(*, by: User, employer: Employer, terms: MandateTerms, today: date) -> EmployerAccess:
    """Lock and return the owner's access; raise one ValidationError with every wrong term of the mandate."""
    owner = _require_owner(user=by, employer=employer, today=today, lock=True)
    errors: dict[str, list[str]] = {}
    if terms.role not in GRANTABLE_ROLES:
        errors["role"] = [_("An owner can grant the role of mandatary or appointee only.")]
    if not terms.scopes:
        errors["scopes"] = [_("Choose at least one application the mandate covers.")]
    if terms.role == AccessRole.MANDATARY and not terms.organisation.strip():
        errors["organisation"] = [
            _(
                "Name the mandatary's organisation (social secretariat, accounting firm): it is shown to the "
                "persons whose data it consults."
            )
        ]
    try:
        check_mandate_period(valid_from=terms.valid_from, valid_until=terms.valid_until, today=today)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return owner


def _create_access(*, owner: EmployerAccess, user: User, terms: MandateTerms, granted_by: User) -> EmployerAccess:
    held = EmployerAccess.objects.select_for_update().filter(
        user=user, repertory=owner.repertory, registration_number=owner.registration_number, ended_at__isnull=True
    )
    if held.filter(role=AccessRole.OWNER).exists():
        raise ValidationError({"email": _("This account is already an owner of the employer.")})
    overlapping = held.filter(role=terms.role, valid_from__lte=terms.valid_until or date.max).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=terms.valid_from)
    )
    clash = overlapping.order_by("valid_from").first()
    if clash is not None:
        raise ValidationError(
            {
                "email": _(
                    "This account already holds an access of this role to the employer from %(start)s; "
                    "end it first or choose a period that does not overlap."
                )
                % {"start": format_day(clash.valid_from)}
            }
        )
    access = EmployerAccess.objects.create(
        user=user,
        repertory=owner.repertory,
        registration_number=owner.registration_number,
        employer_name=owner.employer_name,
        role=terms.role,
        organisation=terms.organisation.strip() or owner.employer_label,
        valid_from=terms.valid_from,
        valid_until=terms.valid_until,
        granted_by=granted_by,
    )
    access.scopes.set(terms.scopes)
    return access


def grant_mandate(
    *, employer: Employer, granted_by: User, email: str, terms: MandateTerms, today: date | None = None
) -> EmployerAccess:
    """An owner grants an existing account an access to its employer; errors name the form field they concern."""
    day = today or timezone.localdate()
    with transaction.atomic():
        owner = _owner_and_terms(by=granted_by, employer=employer, terms=terms, today=day)
        user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
        if user is None:
            raise ValidationError(
                {
                    "email": _(
                        "No account uses this e-mail address. Check it, or send an invitation instead: the person "
                        "then creates an account and accepts."
                    )
                }
            )
        return _create_access(owner=owner, user=user, terms=terms, granted_by=granted_by)


def end_access(
    *, access_id: int, ended_by: User, immediately: bool = False, today: date | None = None
) -> EmployerAccess:
    """End a mandate at the end of the current quarter, or at once (a mandate not yet started is cancelled)."""
    day = today or timezone.localdate()
    with transaction.atomic():
        access = EmployerAccess.objects.select_for_update().filter(pk=access_id).first()
        if access is None:
            raise NotAnOwner
        _require_owner(user=ended_by, employer=(access.repertory, access.registration_number), today=day)
        if access.role == AccessRole.OWNER:
            raise ValidationError(_("An owner's access is not ended here; staff register changes of owner."))
        status = access.status_on(day)
        if status in {"ended", "expired"}:
            raise ValidationError(_("This access has already ended."))
        end_of_quarter = Quarter.of(day).last_day
        if immediately or status == "future":
            access.ended_at = timezone.now()
        elif access.valid_until is not None and access.valid_until <= end_of_quarter:
            raise ValidationError(_("This access already ends on %(end)s.") % {"end": format_day(access.valid_until)})
        else:
            access.valid_until = end_of_quarter
        access.ended_by = ended_by
        access.save(update_fields=["ended_at", "valid_until", "ended_by"])
    return access


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(
    *,
    employer: Employer,
    invited_by: User,
    email: str,
    terms: MandateTerms,
    link_for: Callable[[str], str],
    today: date | None = None,
) -> MandateInvitation:
    """Record an invitation and e-mail its link (``link_for(token)`` makes the absolute URL)."""
    day = today or timezone.localdate()
    with transaction.atomic():
        owner = _owner_and_terms(by=invited_by, employer=employer, terms=terms, today=day)
        token = secrets.token_urlsafe(32)
        invitation = MandateInvitation.objects.create(
            repertory=owner.repertory,
            registration_number=owner.registration_number,
            employer_name=owner.employer_name,
            email=email.strip().lower(),
            role=terms.role,
            organisation=terms.organisation.strip(),
            valid_from=terms.valid_from,
            valid_until=terms.valid_until,
            token_hash=_token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS),
        )
        invitation.scopes.set(terms.scopes)
        context = {"invitation": invitation, "link": link_for(token), "days": INVITATION_VALID_DAYS}
        subject = render_to_string("authz/email/invitation_subject.txt", context).strip()
        body = render_to_string("authz/email/invitation_body.txt", context)
        send_mail(subject, body, None, [invitation.email])
    return invitation


def withdraw_invitation(*, invitation_id: int, withdrawn_by: User, today: date | None = None) -> MandateInvitation:
    day = today or timezone.localdate()
    with transaction.atomic():
        invitation = MandateInvitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None:
            raise NotAnOwner
        _require_owner(user=withdrawn_by, employer=(invitation.repertory, invitation.registration_number), today=day)
        if invitation.status != "pending":
            raise ValidationError(_("This invitation can no longer be withdrawn."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_closed_reason(invitation: MandateInvitation) -> str:
    """Why an invitation can no longer be accepted, in the user's language ("" while it is pending)."""
    reasons = {
        "accepted": _("This invitation has already been accepted."),
        "withdrawn": _("The employer withdrew this invitation."),
        "expired": _("This invitation has expired; ask the employer for a new one."),
    }
    return reasons.get(invitation.status, "")


def accept_invitation(*, token: str, user: User, today: date | None = None) -> EmployerAccess:
    """The invited person, logged in with the invited e-mail address, turns the invitation into an access."""
    day = today or timezone.localdate()
    with transaction.atomic():
        invitation = MandateInvitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
        if invitation is None:
            raise InvitationInvalid(_("This invitation does not exist."))
        if invitation.status != "pending":
            raise InvitationInvalid(invitation_closed_reason(invitation))
        if invitation.email.lower() != user.email.lower():
            raise InvitationInvalid(
                _("This invitation was sent to another e-mail address; log in with the account of that address.")
            )
        employer = (invitation.repertory, invitation.registration_number)
        try:
            owner = _require_owner(user=invitation.invited_by, employer=employer, today=day)
        except NotAnOwner:
            message = _("The person who invited you no longer manages this employer's mandates.")
            raise InvitationInvalid(message) from None
        check_mandate_period(
            valid_from=invitation.valid_from, valid_until=invitation.valid_until, today=day, allow_past=True
        )
        try:
            terms = MandateTerms(
                role=invitation.role,
                scopes=list(invitation.scopes.all()),
                valid_from=invitation.valid_from,
                valid_until=invitation.valid_until,
                organisation=invitation.organisation,
            )
            access = _create_access(owner=owner, user=user, terms=terms, granted_by=invitation.invited_by)
        except ValidationError as exc:
            raise InvitationInvalid(" ".join(exc.messages)) from None
        invitation.accepted_at = timezone.now()
        invitation.access = access
        invitation.save(update_fields=["accepted_at", "access"])
    return access
