"""The gate: decides who may see which data and logs every disclosure, granted or refused, in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rest_framework.request import Request

from authz import chain, checkpoints, selectors
from authz.constants import ActorRole, Channel, MembershipRole, Outcome, Reason, Recipient, SubjectKind
from authz.exceptions import DisclosureLogUnavailable, UnknownActivity
from authz.models import (
    ApiToken,
    ChainVerification,
    EmployerAccess,
    InstitutionMembership,
    ProcessingActivity,
    ReferenceDirectoryEntry,
    RefusalCount,
    User,
)
from authz.models.register import current_id_sql
from authz.selectors import AnyUser, Period
from foundation.identifiers import validate_insz

#: Roles that must have used two-factor authentication in the session before any personal data is shown.
MFA_ROLES = frozenset(
    {ActorRole.MANDATARY, ActorRole.AGENT, ActorRole.SUPERVISOR, ActorRole.AUDITOR, ActorRole.STAFF, ActorRole.SELF}
)


@dataclass(frozen=True)
class Subject:
    """Whom the data is about: an employer (repertory + registration number) or a person (INSZ)."""

    kind: str
    identifier: str
    personal: bool

    @classmethod
    def employer(cls, *, repertory: str, number: str, personal: bool) -> Subject:
        return cls(SubjectKind.EMPLOYER, f"{repertory}:{number}", personal)

    @classmethod
    def person(cls, *, insz: str) -> Subject:
        try:
            insz = validate_insz(insz)
        except ValidationError:
            insz = "".join(ch for ch in str(insz) if ch.isalnum())[:32]
        return cls(SubjectKind.PERSON, insz, True)

    @classmethod
    def log(cls, *, description: str) -> Subject:
        return cls(SubjectKind.LOG, description, False)

    @property
    def repertory_and_number(self) -> tuple[str, str]:
        repertory, _, number = self.identifier.partition(":")
        return repertory, number


@dataclass(frozen=True)
class Actor:
    """Who asks: the user (None when anonymous), the request id and whether MFA was used in this session."""

    user: User | None
    request_id: str = ""
    mfa_used: bool = False
    #: The portal itself acting for ``user`` (a task, nobody at a screen): see :meth:`system_for`.
    on_behalf: bool = False

    @classmethod
    def from_request(cls, request: HttpRequest | Request) -> Actor:
        user = request.user if isinstance(request.user, User) else None
        return cls(user=user, request_id=getattr(request, "request_id", ""), mfa_used=mfa_used(request))

    @classmethod
    def system_for(cls, user: User, *, reference: str = "") -> Actor:
        """The portal acting on behalf of ``user`` (a task recalculating what the user saved): the user's own rights
        decide, the log names the system as actor (role ``system``) and the user as the one on whose behalf.

        Only employer data disclosed to employers (``Recipient.EMPLOYER``) can be asked for so; no second factor is
        asked, as nobody is at a screen: a page that later shows the outcome to the user asks the gate again.
        ``reference`` goes into the log's request id (for example the task's batch).
        """
        return cls(user=user, request_id=reference, on_behalf=True)


def mfa_used_in_session(request: HttpRequest | Request) -> bool:
    """MFA used in this session, or a log-in through a provider that is strong authentication by itself (the eID:
    settings.AUTHZ_STRONG_LOGIN_PROVIDERS), as allauth recorded it on the session."""
    if not request.user.is_authenticated:
        return False
    from allauth.account.internal.flows.login import get_authentication_records

    strong = set(getattr(settings, "AUTHZ_STRONG_LOGIN_PROVIDERS", ()))
    return any(
        record.get("method") == "mfa" or (record.get("method") == "socialaccount" and record.get("provider") in strong)
        for record in get_authentication_records(request, request.user)
    )


def mfa_used(request: HttpRequest | Request) -> bool:
    """Two-factor authentication used in this session, or an API request authenticated with a token that was issued
    after using it (ApiToken) and has not expired. A token made elsewhere (admin, drf_create_token) does not count."""
    return mfa_used_in_session(request) or _token_stands_for_mfa(request)


def _token_stands_for_mfa(request: HttpRequest | Request) -> bool:
    from knox.models import AuthToken

    token = getattr(request, "auth", None)  # DRF's request: the AuthToken that knox's TokenAuthentication accepted
    if not isinstance(token, AuthToken):
        return False
    return ApiToken.objects.standing_for_mfa().filter(token_id=token.pk, token__user_id=request.user.pk).exists()


@dataclass(frozen=True)
class SubjectDecision:
    subject: Subject
    granted: bool
    reason: str
    role: str
    acting_for: str = ""
    organisation: str = ""
    #: When the rule limits a grant in time (05/012: a person only for the time the institution integrates them),
    #: the parts of the requested period that are granted, in order and disjoint; None when it is not limited.
    granted_periods: tuple[Period, ...] | None = None

    def covers(self, start: date, end: date) -> bool:
        """Whether the grant includes every day from start to end (a caller shows only what this allows)."""
        if not self.granted:
            return False
        if self.granted_periods is None:
            return True
        return any(first <= start and end <= last for first, last in self.granted_periods)


@dataclass
class Decision:
    activity: ProcessingActivity
    subjects: list[SubjectDecision] = field(default_factory=list)

    @property
    def granted(self) -> bool:
        return bool(self.subjects) and all(item.granted for item in self.subjects)

    @property
    def mfa_required(self) -> bool:
        return any(item.reason == Reason.MFA_REQUIRED for item in self.subjects)

    def allowed(self, subject: Subject) -> bool:
        return any(item.granted and item.subject == subject for item in self.subjects)

    def for_subject(self, subject: Subject) -> SubjectDecision | None:
        return next((item for item in self.subjects if item.subject == subject), None)

    def covers(self, subject: Subject, start: date, end: date) -> bool:
        item = self.for_subject(subject)
        return item is not None and item.covers(start, end)


def disclose(
    *,
    actor: Actor,
    activity: str,
    subjects: Sequence[Subject],
    categories: Sequence[str],
    channel: str = Channel.WEB,
    period: Period | None = None,
    period_units: Sequence[Period] | None = None,
    justification: str = "",
    on: date | None = None,
) -> Decision:
    """Decide for every subject and write its log row (granted or refused), in one transaction.

    A person is granted only for the part of ``period`` that the qualifying integrations cover; that part is on the
    decision (``granted_periods``) and in the log row. ``period_units`` optionally names the indivisible parts of
    the period (for DmfA its quarters, one declaration each): then only the units covered entirely are granted.
    A grant in several disjoint parts writes one row per part, so that no row names a day that was not granted.

    Raises DisclosureLogUnavailable when the log cannot be written: the caller then shows nothing.
    """
    today = on or timezone.localdate()
    asked = period or (today, today)
    categories = list(categories)
    try:
        # One transaction for the decision and its log rows. The chain head is locked first, before any read the
        # decision makes: every writer takes the same lock first, so writers cannot deadlock, and a decision sees
        # every change (an ended mandate, a removed integration) committed before the row logged before it.
        with transaction.atomic():
            # The id of the register row valid today is read in the statement that locks the head; the row itself
            # comes from the process's copy of the register (one query less on every disclosure).
            # The user's accesses to the employers named are read in the same round trip (used when the activity
            # discloses employer data to employers, as nearly every such call does).
            subjects = list(subjects)
            employers = {s.repertory_and_number for s in subjects if s.kind == SubjectKind.EMPLOYER}
            read_accesses = selectors.accesses_statement(user=actor.user, employers=employers)
            current = current_id_sql(activity, today, transaction.get_connection().ops.quote_name)
            head = chain.lock_head(also_select=current, then=read_accesses)
            # chain.lock_head returns the head row with the answers of the statements sent with the lock attached.
            register_row = _register_row(head.also)  # type: ignore[attr-defined]
            if register_row is None:
                raise UnknownActivity(activity)
            accesses = (
                selectors.accesses_from_rows(user=actor.user, rows=head.then_rows)  # type: ignore[attr-defined]
                if read_accesses and actor.user is not None  # no user: no statement was sent (accesses_statement)
                else []
            )
            decisions = _decide(
                actor, register_row, subjects, categories, asked, period_units, justification, today, accesses
            )
            rows = [
                _log_row(actor, register_row, item, categories, channel, logged_period, justification)
                for item in decisions
                for logged_period in (item.granted_periods if item.granted and item.granted_periods else [period])
            ]
            chain.append(rows, head=head)
    except DatabaseError as exc:
        raise DisclosureLogUnavailable(str(exc)) from exc
    return Decision(activity=register_row, subjects=decisions)


#: The register rows read so far in this process, by primary key. A register row is never edited in place (a change
#: is a new version, services.add_activity_version); any save or delete of a row empties it (register_changed).
_REGISTER_ROWS: dict[int, ProcessingActivity] = {}


def _register_row(pk: int | None) -> ProcessingActivity | None:
    if pk is None:
        return None
    row = _REGISTER_ROWS.get(pk)
    if row is None:
        row = _REGISTER_ROWS[pk] = ProcessingActivity.objects.get(pk=pk)
    return row


def register_changed(**_kwargs: object) -> None:
    """Forget the process's copy of the register rows (connected to their post_save and post_delete)."""
    _REGISTER_ROWS.clear()


def _decide(
    actor: Actor,
    activity: ProcessingActivity,
    subjects: list[Subject],
    categories: list[str],
    period: Period,
    period_units: Sequence[Period] | None,
    justification: str,
    today: date,
    accesses: list[EmployerAccess],
) -> list[SubjectDecision]:
    user = actor.user
    if not categories or not set(categories) <= set(activity.data_categories):
        # The register says which data the activity may disclose; a caller asking for more (or naming none) is
        # refused, whoever asks: the log must say truthfully what was shown.
        role = ActorRole.SYSTEM if actor.on_behalf else ActorRole.ANONYMOUS if user is None else ActorRole.NONE
        return [SubjectDecision(subject, False, Reason.CATEGORY_NOT_IN_REGISTER, role) for subject in subjects]
    recipients = set(activity.recipients)
    if actor.on_behalf:
        return _decide_on_behalf(user, activity, subjects, today, accesses)
    if Recipient.PUBLIC in recipients:
        role = ActorRole.ANONYMOUS if user is None else ActorRole.NONE
        return [SubjectDecision(subject, True, Reason.PUBLIC, role) for subject in subjects]
    if user is None:
        return [SubjectDecision(subject, False, Reason.ANONYMOUS, ActorRole.ANONYMOUS) for subject in subjects]
    if activity.requires_justification and not justification.strip():
        return [SubjectDecision(subject, False, Reason.JUSTIFICATION_MISSING, ActorRole.NONE) for subject in subjects]
    if Recipient.EMPLOYER in recipients and activity.subject_kind == SubjectKind.EMPLOYER:
        decisions = _decide_employers(activity, subjects, today, accesses)
    elif Recipient.INSTITUTION in recipients and activity.subject_kind == SubjectKind.PERSON:
        decisions = _decide_persons(user, activity, subjects, period, period_units, today)
    elif Recipient.INSTITUTION in recipients and activity.subject_kind == SubjectKind.EMPLOYER:
        decisions = _decide_institution_employers(user, activity, subjects, today, accesses)
    elif Recipient.SELF in recipients and activity.subject_kind == SubjectKind.PERSON:
        decisions = _decide_self(user, subjects)
    elif Recipient.STAFF in recipients and user.is_staff:
        decisions = [SubjectDecision(s, True, Reason.STAFF, ActorRole.STAFF) for s in subjects]
    elif Recipient.AUDITOR in recipients:
        auditor = selectors.is_auditor(user)
        role = ActorRole.AUDITOR if auditor else _refused_role(user)
        reason = Reason.AUDITOR if auditor else Reason.NOT_A_RECIPIENT
        decisions = [SubjectDecision(s, auditor, reason, role) for s in subjects]
    else:
        decisions = [SubjectDecision(s, False, Reason.NOT_A_RECIPIENT, _refused_role(user)) for s in subjects]
    return [_enforce_mfa(item, actor) for item in decisions]


def _decide_on_behalf(
    user: User | None,
    activity: ProcessingActivity,
    subjects: list[Subject],
    today: date,
    accesses: list[EmployerAccess],
) -> list[SubjectDecision]:
    """The system acting for ``user``: decided on the user's accesses as if the user asked (scope, dates, an ended
    mandate), logged with the role ``system``; refused for anything but employer data to employers."""
    if user is None or Recipient.EMPLOYER not in activity.recipients or activity.subject_kind != SubjectKind.EMPLOYER:
        return [SubjectDecision(subject, False, Reason.NOT_A_RECIPIENT, ActorRole.SYSTEM) for subject in subjects]
    return [replace(item, role=ActorRole.SYSTEM) for item in _decide_employers(activity, subjects, today, accesses)]


def _refused_role(user: User) -> ActorRole:
    """The capacity a refused user really has, for the log: staff, or none (never a role the user does not hold)."""
    return ActorRole.STAFF if user.is_staff else ActorRole.NONE


def _enforce_mfa(item: SubjectDecision, actor: Actor) -> SubjectDecision:
    if item.granted and item.role in MFA_ROLES and not actor.mfa_used:
        return replace(item, granted=False, reason=Reason.MFA_REQUIRED, granted_periods=None)
    return item


def _decide_self(user: User, subjects: list[Subject]) -> list[SubjectDecision]:
    """A person's own data, to that person: the INSZ an eID log-in proved for the account (``user.insz``)."""
    own = str(getattr(user, "insz", "") or "")
    return [
        SubjectDecision(s, True, Reason.SELF, ActorRole.SELF)
        if own and s.kind == SubjectKind.PERSON and s.identifier == own
        else SubjectDecision(s, False, Reason.NOT_A_RECIPIENT, _refused_role(user))
        for s in subjects
    ]


def _decide_employers(
    activity: ProcessingActivity, subjects: list[Subject], today: date, accesses: list[EmployerAccess]
) -> list[SubjectDecision]:
    """``accesses``: the user's accesses to the employers among the subjects (read under the head lock)."""
    by_employer: dict[tuple[str, str], list[EmployerAccess]] = {}
    for access in accesses:
        by_employer.setdefault((access.repertory, access.registration_number), []).append(access)
    scopes = set(activity.required_scopes)
    decisions = []
    for subject in subjects:
        if subject.kind != SubjectKind.EMPLOYER:
            decisions.append(SubjectDecision(subject, False, Reason.INVALID_SUBJECT, ActorRole.NONE))
            continue
        candidates = by_employer.get(subject.repertory_and_number, [])
        decisions.append(_decide_employer(subject, candidates, scopes, today))
    return decisions


_ROLE_RANK = {"owner": 0, "appointee": 1, "mandatary": 2}


def _decide_employer(
    subject: Subject, candidates: list[EmployerAccess], scopes: set[str], today: date
) -> SubjectDecision:
    if not candidates:
        return SubjectDecision(subject, False, Reason.NO_ACCESS, ActorRole.NONE)
    valid = [access for access in candidates if access.status_on(today) == "valid"]
    in_scope = [a for a in valid if not scopes or scopes & a.scope_codes]
    if in_scope:
        access = min(in_scope, key=lambda a: _ROLE_RANK[a.role])
        organisation = access.organisation if access.role != "owner" else ""
        return SubjectDecision(subject, True, Reason.ACCESS, access.role, subject.identifier, organisation)
    best = min(candidates, key=lambda a: _ROLE_RANK[a.role])
    if valid:
        reason = Reason.OUT_OF_SCOPE
    elif any(access.status_on(today) == "future" for access in candidates):
        reason = Reason.ACCESS_NOT_YET_VALID
    else:
        reason = Reason.ACCESS_EXPIRED
    return SubjectDecision(subject, False, reason, best.role, subject.identifier)


def _decide_persons(
    user: User,
    activity: ProcessingActivity,
    subjects: list[Subject],
    period: Period,
    units: Sequence[Period] | None,
    today: date,
) -> list[SubjectDecision]:
    memberships = selectors.memberships_on(user=user, on=today)
    if not memberships:
        return [SubjectDecision(s, False, Reason.NOT_A_MEMBER, ActorRole.NONE) for s in subjects]
    receiving = selectors.receiving_memberships(memberships, activity)
    if not receiving:
        # An agent of an institution the register does not name (05/012: the BGDA alone) is refused whoever the
        # person is, before anything is read about the person.
        return [_as_member(s, memberships[0], False, Reason.INSTITUTION_NOT_A_RECIPIENT) for s in subjects]
    memberships = receiving
    institutions = {m.institution_id: m for m in memberships}
    entries: dict[str, list[ReferenceDirectoryEntry]] = {}
    wanted = [s.identifier for s in subjects if s.kind == SubjectKind.PERSON]
    for entry in selectors.integrations_of(insz_numbers=wanted, institution_ids=list(institutions)):
        entries.setdefault(entry.insz, []).append(entry)
    quality_codes = set(activity.quality_codes_required)
    decisions = []
    for subject in subjects:
        found = entries.get(subject.identifier, []) if subject.kind == SubjectKind.PERSON else []
        found.sort(key=lambda e: (e.valid_from, e.institution_id))
        membership = institutions[found[0].institution_id] if found else memberships[0]
        qualified = [e for e in found if not quality_codes or e.quality_code.code in quality_codes]
        # 05/012: only for the time the person is integrated, so the grant is the covered part of the period.
        granted = selectors.covered_parts([(e.valid_from, e.valid_until) for e in qualified], period)
        if units is not None:
            granted = selectors.whole_units(granted, units)
        if granted:
            first_day = granted[0][0]
            entry = next(
                e for e in qualified if selectors.overlaps(e.valid_from, e.valid_until, (first_day, first_day))
            )
            membership = institutions[entry.institution_id]
            reason = Reason.INTEGRATED
        elif qualified:
            reason = Reason.OUTSIDE_PERIOD
        elif found:
            reason = Reason.WRONG_QUALITY
        else:
            reason = Reason.NOT_INTEGRATED
        role = ActorRole.SUPERVISOR if membership.role == MembershipRole.SUPERVISOR else ActorRole.AGENT
        acting_for, organisation = membership.institution.code, membership.institution.name
        decisions.append(
            SubjectDecision(
                subject, bool(granted), reason, role, acting_for, organisation, granted_periods=granted or None
            )
        )
    return decisions


def _as_member(subject: Subject, membership: InstitutionMembership, granted: bool, reason: str) -> SubjectDecision:
    """A decision in the capacity of a member of an institution: agent or supervisor, acting for the institution."""
    role = ActorRole.SUPERVISOR if membership.role == MembershipRole.SUPERVISOR else ActorRole.AGENT
    return SubjectDecision(subject, granted, reason, role, membership.institution.code, membership.institution.name)


def _decide_institution_employers(
    user: User, activity: ProcessingActivity, subjects: list[Subject], today: date, accesses: list[EmployerAccess]
) -> list[SubjectDecision]:
    """Employer-level data (an aggregate, no person in it: 05/012 §2.2, the regular staff's headcount) to the agents
    of an institution the register names, whichever the employer; refused to anyone else, in their real capacity.

    ``accesses``: the user's accesses to the employers among the subjects (read under the head lock): an employer's
    owner, appointee or mandatary asking is refused as such, acting for that employer.
    """
    memberships = selectors.memberships_on(user=user, on=today)
    receiving = selectors.receiving_memberships(memberships, activity)
    decisions = []
    for subject in subjects:
        if subject.kind != SubjectKind.EMPLOYER:
            decisions.append(SubjectDecision(subject, False, Reason.INVALID_SUBJECT, ActorRole.NONE))
        elif receiving:
            decisions.append(_as_member(subject, receiving[0], True, Reason.INSTITUTION_RECIPIENT))
        elif memberships:
            decisions.append(_as_member(subject, memberships[0], False, Reason.INSTITUTION_NOT_A_RECIPIENT))
        else:
            decisions.append(_refused_at_employer(user, subject, accesses, today))
    return decisions


def _refused_at_employer(user: User, subject: Subject, accesses: list[EmployerAccess], today: date) -> SubjectDecision:
    """Refused to someone who is not an institution's agent: as the employer's owner, appointee or mandatary when a
    valid access says so, as an auditor when in that group, otherwise in the role ``_refused_role`` gives."""
    own = [
        a
        for a in accesses
        if (a.repertory, a.registration_number) == subject.repertory_and_number and a.status_on(today) == "valid"
    ]
    if own:
        access = min(own, key=lambda a: _ROLE_RANK[a.role])
        organisation = access.organisation if access.role != "owner" else ""
        return SubjectDecision(subject, False, Reason.NOT_A_MEMBER, access.role, subject.identifier, organisation)
    if selectors.is_auditor(user):
        return SubjectDecision(subject, False, Reason.NOT_A_MEMBER, ActorRole.AUDITOR)
    return SubjectDecision(subject, False, Reason.NOT_A_MEMBER, _refused_role(user))


def _log_row(
    actor: Actor,
    activity: ProcessingActivity,
    item: SubjectDecision,
    categories: Sequence[str],
    channel: str,
    period: Period | None,
    justification: str,
) -> dict[str, object]:
    return {
        "occurred_at": timezone.now(),
        "request_id": actor.request_id,
        "actor_id": getattr(actor.user, "pk", None),
        "actor_role": item.role,
        "acting_for": item.acting_for,
        "organisation": item.organisation,
        "activity_id": activity.pk,
        "subject_kind": item.subject.kind,
        "subject_pseudonym": chain.pseudonymise(item.subject.kind, item.subject.identifier),
        "personal": item.subject.personal,
        "categories": list(categories),
        "channel": str(channel),
        "outcome": Outcome.GRANTED if item.granted else Outcome.REFUSED,
        "reason": str(item.reason),
        "justification": justification.strip(),
        "period_from": period[0] if period else None,
        "period_until": period[1] if period else None,
    }


def record_verification(
    *, store: bool = True, folder: Path | None = None, incremental: bool = False
) -> chain.Verification:
    """Verify the whole chain against every signed checkpoint (those in ``folder``, by default the checkpoint
    directory); store the result, and when the chain is intact sign a checkpoint of the head it saw.

    ``incremental=True`` recomputes only the entries after the latest checkpoint, from the hash it signed (the
    entries before it were intact when it was signed; a full verification checks them again).
    ``store=False`` only reads: nothing is stored and no checkpoint is written.
    """
    since = None
    try:
        if incremental:
            since = checkpoints.latest(folder)
            result = chain.verify(since=since)
        else:
            result = chain.verify(checkpoints=checkpoints.read_all(folder))
    except checkpoints.CheckpointError as exc:
        result = chain.Verification(False, 0, 0, chain.GENESIS_HASH, exc.position, str(exc))
    if store:
        _store_verification(result, since_position=since.position if since is not None else 0)
        if result.intact and (since is None or result.head_position > since.position):
            checkpoints.write(position=result.head_position, hash=result.head_hash, legacy_until=result.legacy_until)
    return result


def checkpoint_chain() -> chain.Verification:
    """The scheduled checkpoint: verify the entries written since the latest checkpoint and, when they are intact
    and the head has moved, sign a checkpoint of the new head. A broken chain is stored as a verification (the
    auditors' page shows it) and gets no checkpoint."""
    try:
        last = checkpoints.latest()
        result = chain.verify(since=last)
    except checkpoints.CheckpointError as exc:
        last, result = None, chain.Verification(False, 0, 0, chain.GENESIS_HASH, exc.position, str(exc))
    if not result.intact:
        _store_verification(result)
    elif last is None or result.head_position > last.position:
        checkpoints.write(position=result.head_position, hash=result.head_hash, legacy_until=result.legacy_until)
    return result


def _store_verification(result: chain.Verification, *, since_position: int = 0) -> None:
    ChainVerification.objects.create(
        since_position=since_position,
        intact=result.intact,
        count=result.count,
        head_position=result.head_position,
        head_hash=result.head_hash,
        first_broken_position=result.first_broken_position,
        detail=result.detail,
    )


# Refusals that name no subject --------------------------------------------------------------------------------


def actor_role(user: AnyUser | None) -> str:
    """The requester's real capacity, for a refusal counted without a log row: the strongest role they hold."""
    if not isinstance(user, User):
        return ActorRole.ANONYMOUS
    if selectors.is_auditor(user):
        return ActorRole.AUDITOR
    if user.is_staff:
        return ActorRole.STAFF
    memberships = selectors.memberships_on(user=user, on=timezone.localdate())
    if memberships:
        supervisor = any(m.role == MembershipRole.SUPERVISOR for m in memberships)
        return ActorRole.SUPERVISOR if supervisor else ActorRole.AGENT
    roles = set(selectors.employers_accessible_to(user=user).values_list("role", flat=True))
    return next((role for role in ("owner", "appointee", "mandatary") if role in roles), ActorRole.NONE)


def count_refusal(*, user: AnyUser | None, route: str, status: int, reason: str, on: date | None = None) -> None:
    """Count one refusal of ``route`` (a URL name) on the day, under the requester's real role (RefusalCount)."""
    from django.db import IntegrityError
    from django.db.models import F

    key = {
        "day": on or timezone.localdate(),
        "route": route[:200],
        "role": actor_role(user),
        "status": status,
        "reason": reason[:60],
    }
    with transaction.atomic():
        if RefusalCount.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                RefusalCount.objects.create(**key, count=1)
        except IntegrityError:  # another request created the row first
            RefusalCount.objects.filter(**key).update(count=F("count") + 1)


# The register -----------------------------------------------------------------------------------------------


def check_activity_version(*, code: str, valid_from: date) -> None:
    """Raise ValidationError unless a new version of the activity may start on ``valid_from`` (after the last one)."""
    last = ProcessingActivity.objects.filter(code=code).order_by("-version").first()
    if last is not None and valid_from <= last.valid_from:
        raise ValidationError(
            {
                "valid_from": _("A new version must start after the last one: version %(version)d starts on %(date)s.")
                % {"version": last.version, "date": date_format(last.valid_from, "SHORT_DATE_FORMAT")}
            }
        )


def add_activity_version(*, activity: ProcessingActivity) -> ProcessingActivity:
    """Register a new version of a processing activity (or its first): a register row is never edited in place.

    The version is numbered after the last one, valid from ``activity.valid_from`` without an end; the version valid
    until then ends the day before (the log keeps referring to it). Raises ValidationError when the new version would
    not start after the last one.
    """
    with transaction.atomic():
        versions = ProcessingActivity.objects.select_for_update().filter(code=activity.code).order_by("-version")
        last = versions.first()
        check_activity_version(code=activity.code, valid_from=activity.valid_from)
        if last is not None and (last.valid_until is None or last.valid_until >= activity.valid_from):
            ProcessingActivity.objects.filter(pk=last.pk).update(valid_until=activity.valid_from - timedelta(days=1))
            register_changed()
        activity.pk = None
        activity.version = last.version + 1 if last is not None else 1
        activity.valid_until = None
        activity.save(force_insert=True)
    return activity


# API tokens -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    """A token just issued: ``key`` is the only copy of the secret (the database keeps a digest): show it once."""

    issuance: ApiToken
    key: str


def issue_api_token(*, user: User, mfa_used_in_session: bool) -> IssuedToken:
    """Create the user's API token, or renew it (the previous key stops working at once).

    Only after two-factor authentication used in the session (not with a token: a token cannot renew itself), so
    that a request presenting the token may count as having used it, until the token expires. The key is returned
    once and never stored: the database keeps its digest (django-rest-knox), so nobody reading it (staff in the admin,
    whoever holds a backup) obtains a key that acts as the user.
    """
    from knox.models import AuthToken

    if not mfa_used_in_session:
        raise PermissionError("an API token is issued only after two-factor authentication in the session")
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one renewal at a time per user
        AuthToken.objects.filter(user=user).delete()
        # No expiry on the key itself: the issuance's expires_at ends what the token stands for (two-factor
        # authentication), and a request with an expired one is refused by the gate and logged.
        token, key = AuthToken.objects.create(user=user, expiry=None)
        return IssuedToken(issuance=ApiToken.objects.create(token=token), key=key)


def revoke_api_token(*, user: User) -> bool:
    """Delete the user's API tokens; True when there was one."""
    from knox.models import AuthToken

    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return bool(deleted)
