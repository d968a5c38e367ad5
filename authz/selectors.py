"""Reads of the authz app; the list scopes here agree with the gate's single-subject rule (a test proves it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db import connections, models
from django.db.models import DateField, Exists, ExpressionWrapper, F, Field, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from authz import activities
from authz.constants import AUDITOR_GROUP
from authz.models import (
    AccessScope,
    EmployerAccess,
    InstitutionMembership,
    ProcessingActivity,
    ReferenceDirectoryEntry,
    User,
)

#: A period of days, both ends included.
Period = tuple[date, date]
#: Who asks: a user, or nobody logged in.
AnyUser: TypeAlias = User | AnonymousUser


def overlaps(valid_from: date, valid_until: date | None, period: Period) -> bool:
    start, end = period
    return valid_from <= end and (valid_until is None or valid_until >= start)


def merge_periods(periods: Iterable[Period]) -> tuple[Period, ...]:
    """The same days as disjoint periods in order: periods that overlap or touch (one ends the day before the
    next starts) become one."""
    merged: list[Period] = []
    for first, last in sorted(periods):
        if merged and (first - merged[-1][1]).days <= 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return tuple(merged)


def covered_parts(validities: Iterable[tuple[date, date | None]], period: Period) -> tuple[Period, ...]:
    """The parts of ``period`` inside at least one validity (from, until or None): intersections, merged."""
    start, end = period
    return merge_periods(
        (max(valid_from, start), end if valid_until is None else min(valid_until, end))
        for valid_from, valid_until in validities
        if overlaps(valid_from, valid_until, period)
    )


def whole_units(parts: Sequence[Period], units: Iterable[Period]) -> tuple[Period, ...]:
    """The units (indivisible periods, such as quarters) that lie entirely inside one of the parts, merged."""
    return merge_periods(
        (first, last) for first, last in units if any(start <= first and last <= end for start, end in parts)
    )


def accesses_statement(
    *, user: AnyUser | None, employers: Iterable[tuple[str, str]]
) -> tuple[str, list[object]] | None:
    """The statement (SQL and parameters) that reads the user's accesses to these employers; None when none is asked.

    Hand-written SQL: the gate reads this on every disclosure to an employer (in the round trip that locks the chain
    head, see chain.lock_head), and building the ORM's statement (a join and one condition per employer) costs
    several times what the database takes to answer it.
    """
    wanted = sorted(set(employers))
    if user is None or not wanted:
        return None
    quote = connections[EmployerAccess.objects.all().db].ops.quote_name
    scopes = EmployerAccess._meta.get_field("scopes")
    assert isinstance(scopes, models.ManyToManyField)
    columns = ", ".join(f"a.{quote(name)}" for name in _ACCESS_COLUMNS)
    employer = f"(a.{quote('repertory')} = %s AND a.{quote('registration_number')} = %s)"
    # Names from the models' metadata, quoted; every value is a parameter.
    sql = (
        f"SELECT {columns}, s.{quote('code')} FROM {quote(EmployerAccess._meta.db_table)} a "  # noqa: S608
        f"LEFT JOIN {quote(scopes.m2m_db_table())} t ON t.{quote(scopes.m2m_column_name())} = a.{quote('id')} "
        f"LEFT JOIN {quote(AccessScope._meta.db_table)} s ON s.{quote('id')} = t.{quote(scopes.m2m_reverse_name())} "
        f"WHERE a.{quote('user_id')} = %s AND ({' OR '.join([employer] * len(wanted))}) ORDER BY a.{quote('id')}"
    )
    return sql, [user.pk, *(value for pair in wanted for value in pair)]


def accesses_from_rows(*, user: User, rows: Sequence[tuple[Any, ...]]) -> list[EmployerAccess]:
    """The accesses in the rows of :func:`accesses_statement` (one row per access and scope)."""
    accesses: dict[int, EmployerAccess] = {}
    codes: dict[int, set[str]] = {}
    for *values, scope_code in rows:
        if values[0] not in accesses:
            accesses[values[0]] = EmployerAccess(user_id=user.pk, **dict(zip(_ACCESS_FIELDS, values, strict=True)))
            codes[values[0]] = set()
        if scope_code is not None:
            codes[values[0]].add(scope_code)
    for pk, access in accesses.items():
        access.scope_codes = frozenset(codes[pk])
    return list(accesses.values())


_ACCESS_FIELDS: tuple[str, ...] = (
    "id",
    "repertory",
    "registration_number",
    "employer_name",
    "role",
    "organisation",
    "valid_from",
)
_ACCESS_FIELDS += ("valid_until", "ended_at")


def _column(name: str) -> str:
    field = EmployerAccess._meta.get_field(name)
    assert isinstance(field, Field)
    return field.column


_ACCESS_COLUMNS = tuple(_column(name) for name in _ACCESS_FIELDS)


def receiving_memberships(
    memberships: Iterable[InstitutionMembership], activity: ProcessingActivity
) -> list[InstitutionMembership]:
    """The memberships of institutions the activity may disclose to (its recipient_institutions; none named: all)."""
    allowed = set(activity.recipient_institutions)
    return [m for m in memberships if not allowed or m.institution.code in allowed]


def is_auditor(user: User) -> bool:
    """Whether the user is in the auditors' group (the one rule the gate, the menu and the refusals use)."""
    return user.groups.filter(name=AUDITOR_GROUP).exists()


def is_agent(*, user: AnyUser, on: date | None = None) -> bool:
    """Whether the user is an agent (or supervisor) of an institution today."""
    return isinstance(user, User) and bool(memberships_on(user=user, on=on or timezone.localdate()))


def memberships_on(*, user: User, on: date) -> list[InstitutionMembership]:
    """The user's memberships valid on the day, of active institutions, by institution code, each with its
    institution attached: one statement (the gate reads it on every consultation)."""
    return list(
        InstitutionMembership.objects.filter(user_id=user.pk, valid_from__lte=on, institution__active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("institution")
        .only(*_MEMBERSHIP_FIELDS)
        .order_by("institution__code")
    )


_MEMBERSHIP_FIELDS: tuple[str, ...] = (
    "id",
    "user_id",
    "role",
    "valid_from",
    "valid_until",
    "institution__id",
    "institution__code",
)
_MEMBERSHIP_FIELDS += ("institution__name", "institution__active")
_INTEGRATION_FIELDS: tuple[str, ...] = ("id", "institution_id", "insz", "valid_from", "valid_until", "quality_code__id")
_INTEGRATION_FIELDS += ("quality_code__code", "quality_code__label")


def integrations_of(*, insz_numbers: Iterable[str], institution_ids: Iterable[int]) -> list[ReferenceDirectoryEntry]:
    """The integrations of these persons by these institutions, each with its quality code attached: one statement
    per 900 persons (the gate reads them on every consultation)."""
    insz_numbers, institution_ids = sorted(set(insz_numbers)), sorted(set(institution_ids))
    if not insz_numbers or not institution_ids:
        return []
    entries: list[ReferenceDirectoryEntry] = []
    for start in range(0, len(insz_numbers), 900):  # far below the databases' limits on parameters
        entries += (
            ReferenceDirectoryEntry.objects.filter(
                insz__in=insz_numbers[start : start + 900], institution_id__in=institution_ids
            )
            .select_related("quality_code")
            .only(*_INTEGRATION_FIELDS)
        )
    return entries


def employers_accessible_to(
    *, user: User, scope: str | None = None, on: date | None = None
) -> QuerySet[EmployerAccess]:
    """The accesses a user may act under today (for the employer switcher and employer lists)."""
    day = on or timezone.localdate()
    accesses = EmployerAccess.objects.filter(user=user).valid_on(day)
    if scope:
        accesses = accesses.filter(scopes__code=scope)
    return accesses.distinct().order_by("employer_name", "registration_number")


def persons_visible_to(
    *, user: AnyUser, activity: str, period: Period, on: date | None = None, whole_period: bool = False
) -> QuerySet[ReferenceDirectoryEntry, str]:
    """The INSZ numbers an agent may see for this activity and period (a values queryset usable in a subquery).

    As the gate decides: with ``whole_period=False``, the persons it grants for some part of the period; with
    ``whole_period=True``, those it grants for every day of it (the period as one unit: ``period_units=[period]``),
    their integrations with a required quality code following each other without a gap.
    """
    day = on or timezone.localdate()
    register_row = ProcessingActivity.objects.current(activity, day)
    if register_row is None or not isinstance(user, User):
        return ReferenceDirectoryEntry.objects.none().values_list("insz", flat=True)
    # The institutions the gate would decide for (the same reads and rule as its own).
    institution_ids = [m.institution_id for m in receiving_memberships(memberships_on(user=user, on=day), register_row)]
    start, end = period
    qualifying = ReferenceDirectoryEntry.objects.filter(institution_id__in=institution_ids)
    if register_row.quality_codes_required:
        qualifying = qualifying.filter(quality_code__code__in=register_row.quality_codes_required)
    if not whole_period:
        entries = qualifying.filter(valid_from__lte=end).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        return entries.values_list("insz", flat=True).distinct()
    # Every day is covered when the first day is and no integration ends inside the period without another one
    # covering the next day (the smallest uncovered day would follow the end of such an integration).
    next_day = ExpressionWrapper(F("valid_until") + timedelta(days=1), output_field=DateField())
    continued = qualifying.filter(insz=OuterRef("insz"), valid_from__lte=OuterRef("next_day")).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=OuterRef("next_day"))
    )
    gaps = (
        qualifying.filter(insz=OuterRef("insz"), valid_until__gte=start, valid_until__lt=end)
        .annotate(next_day=next_day)
        .filter(~Exists(continued))
    )
    entries = (
        qualifying.filter(valid_from__lte=start)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .filter(~Exists(gaps))
    )
    return entries.values_list("insz", flat=True).distinct()


@dataclass(frozen=True)
class Rights:
    """What a user may use today, read with the gate's own selectors (for menus and dashboards only: the gate still
    decides and logs on every disclosure; a page reached without the right is refused there)."""

    employer_roles: frozenset[str] = frozenset()  # owner, appointee, mandatary: roles of valid accesses today
    calculator: bool = False  # a valid access with the calculator scope (the benefit calculator's register row)
    agent: bool = False  # member of an institution the DmfA GECO/DSP register row lets receive data
    auditor: bool = False
    staff: bool = False
    self_data: bool = False  # an INSZ proved by an eID log-in: the person's own data

    @property
    def owner(self) -> bool:
        return "owner" in self.employer_roles

    @property
    def employer(self) -> bool:
        return bool(self.employer_roles)


def rights_of(*, user: AnyUser | None, on: date | None = None) -> Rights:
    """The rights of the user on the day (anonymous: none), decided as the gate decides each of them."""
    if not isinstance(user, User):
        return Rights()

    day = on or timezone.localdate()
    # (role, scope code) of each valid access: the employer switcher's selector, in one statement.
    accesses = list(employers_accessible_to(user=user, on=day).values_list("role", "scopes__code"))
    rows = _current_rows(day, activities.BENEFIT_CALCULATOR, activities.DMFA_GECO_DSP)
    calculator_row, dmfa_row = rows.get(activities.BENEFIT_CALCULATOR), rows.get(activities.DMFA_GECO_DSP)
    wanted = set(calculator_row.required_scopes) if calculator_row is not None else set()
    receiving = receiving_memberships(memberships_on(user=user, on=day), dmfa_row) if dmfa_row is not None else []
    return Rights(
        employer_roles=frozenset(role for role, _scope in accesses),
        calculator=calculator_row is not None and any(not wanted or scope in wanted for _role, scope in accesses),
        agent=bool(receiving),
        auditor=is_auditor(user),
        staff=user.is_staff,
        self_data=bool(getattr(user, "insz", "")),
    )


def _current_rows(day: date, *codes: str) -> dict[str, ProcessingActivity]:
    """The register rows valid on the day for these codes, in one statement (a subquery per code)."""
    condition = Q()
    for code in codes:
        condition |= Q(pk=Subquery(ProcessingActivity.objects.valid_on(code, day).values("pk")[:1]))
    return {row.code: row for row in ProcessingActivity.objects.filter(condition)}
