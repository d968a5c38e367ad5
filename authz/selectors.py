"""Reads of the authz app; the list scopes here agree with the gate's single-subject rule (a test proves it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from authz.models import EmployerAccess, InstitutionMembership, ProcessingActivity, ReferenceDirectoryEntry


def overlaps(valid_from: date, valid_until: date | None, period: tuple[date, date]) -> bool:
    start, end = period
    return valid_from <= end and (valid_until is None or valid_until >= start)


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


def persons_visible_to(*, user, activity: str, period: tuple[date, date], on: date | None = None) -> QuerySet:
    """The INSZ numbers an agent may see for this activity and period (a values queryset usable in a subquery)."""
    day = on or timezone.localdate()
    register_row = ProcessingActivity.objects.current(activity, day)
    if register_row is None or not user.is_authenticated:
        return ReferenceDirectoryEntry.objects.none().values_list("insz", flat=True)
    institution_ids = memberships_of(user=user, on=day).values("institution_id")
    start, end = period
    entries = ReferenceDirectoryEntry.objects.filter(institution_id__in=institution_ids, valid_from__lte=end).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=start)
    )
    if register_row.quality_codes_required:
        entries = entries.filter(quality_code__code__in=register_row.quality_codes_required)
    return entries.values_list("insz", flat=True).distinct()
