"""Reads of the authz app; the list scopes here agree with the gate's single-subject rule (a test proves it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from authz.models import EmployerAccess, InstitutionMembership, ProcessingActivity, ReferenceDirectoryEntry

#: A period of days, both ends included.
Period = tuple[date, date]


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


def accesses_of(*, user, employers: Iterable[tuple[str, str]]) -> QuerySet[EmployerAccess]:
    condition = Q()
    for repertory, number in employers:
        condition |= Q(repertory=repertory, registration_number=number)
    if not condition:
        return EmployerAccess.objects.none()
    return EmployerAccess.objects.filter(condition, user=user).prefetch_related("scopes")


def memberships_of(*, user, on: date) -> QuerySet[InstitutionMembership]:
    return (
        InstitutionMembership.objects.filter(user=user, valid_from__lte=on, institution__active=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .select_related("institution")
        .order_by("institution__code")
    )


def receiving_memberships(memberships: Iterable[InstitutionMembership], activity: ProcessingActivity) -> list:
    """The memberships of institutions the activity may disclose to (its recipient_institutions; none named: all)."""
    allowed = set(activity.recipient_institutions)
    return [m for m in memberships if not allowed or m.institution.code in allowed]


def integrations_of(*, insz_numbers: Iterable[str], institution_ids: Iterable[int]) -> QuerySet:
    return ReferenceDirectoryEntry.objects.filter(
        insz__in=list(insz_numbers), institution_id__in=list(institution_ids)
    ).select_related("quality_code")


def employers_accessible_to(*, user, scope: str | None = None, on: date | None = None) -> QuerySet[EmployerAccess]:
    """The accesses a user may act under today (for the employer switcher and employer lists)."""
    day = on or timezone.localdate()
    accesses = EmployerAccess.objects.filter(user=user).valid_on(day)
    if scope:
        accesses = accesses.filter(scopes__code=scope)
    return accesses.distinct().order_by("employer_name", "registration_number")


def persons_visible_to(
    *, user, activity: str, period: Period, on: date | None = None, whole_period: bool = False
) -> QuerySet:
    """The INSZ numbers an agent may see for this activity and period (a values queryset usable in a subquery).

    As the gate decides: with ``whole_period=False``, the persons it grants for some part of the period; with
    ``whole_period=True``, those it grants for every day of it (the period as one unit: ``period_units=[period]``),
    their integrations with a required quality code following each other without a gap.
    """
    day = on or timezone.localdate()
    register_row = ProcessingActivity.objects.current(activity, day)
    if register_row is None or not user.is_authenticated:
        return ReferenceDirectoryEntry.objects.none().values_list("insz", flat=True)
    memberships = memberships_of(user=user, on=day)
    if register_row.recipient_institutions:
        memberships = memberships.filter(institution__code__in=register_row.recipient_institutions)
    institution_ids = memberships.values("institution_id")
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
