"""Writes of the measure catalogue: derived values, publication, history and the catalogue cache generation."""

from __future__ import annotations

import time
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from measures import constants
from measures.models import CumulationRule, Measure, MeasureRevision, Parameter, RuleVersion

CACHE_GENERATION_KEY = "measures:catalogue-generation"

#: Periods in the two-year horizon used for the typical amount, per period unit.
HORIZON_PERIODS = {constants.PeriodUnit.MONTH: 24, constants.PeriodUnit.QUARTER: 8, constants.PeriodUnit.YEAR: 2}


def catalogue_generation() -> int:
    """The current generation of the cached catalogue pages; saving a measure moves it on."""
    generation = cache.get(CACHE_GENERATION_KEY)
    if generation is None:
        # Not 1: after the cache was emptied, a process must not take its index of an older generation 1 as current.
        fresh = time.time_ns() // 1000
        cache.add(CACHE_GENERATION_KEY, fresh, timeout=None)
        generation = cache.get(CACHE_GENERATION_KEY, fresh)
    return generation


def invalidate_catalogue_cache() -> None:
    """Make every cached catalogue page stale at once (their keys carry the generation)."""
    try:
        cache.incr(CACHE_GENERATION_KEY)
    except ValueError:
        cache.set(CACHE_GENERATION_KEY, time.time_ns() // 1000, timeout=None)


def schedule_total(steps, horizon: int) -> Decimal:
    """What a [[amount, periods], ...] schedule pays over ``horizon`` periods (an open last step runs on)."""
    total, remaining = Decimal(0), horizon
    for amount, periods in steps:
        used = remaining if periods is None else min(periods, remaining)
        total += Decimal(str(amount)) * used
        remaining -= used
        if remaining <= 0:
            break
    return total


def typical_amount(version: RuleVersion, benefits) -> Decimal | None:
    """The most a full-time worker gets over two years under the version's best variant, where rules fix it."""
    if version.typical_amount is not None:
        return version.typical_amount
    horizon = HORIZON_PERIODS[constants.PeriodUnit(version.period_unit)]
    totals = []
    for benefit in benefits:
        if benefit.kind == constants.BenefitKind.FIXED_SCHEDULE and benefit.steps:
            totals.append(schedule_total(benefit.steps, horizon))
        elif benefit.cap is not None and benefit.kind in (
            constants.BenefitKind.EXEMPTION,
            constants.BenefitKind.PERCENTAGE,
        ):
            periods = min(benefit.duration or horizon, horizon)
            totals.append(benefit.cap * periods)
    return max(totals) if totals else None


@transaction.atomic
def refresh_derived(measure: Measure) -> None:
    """Recompute what is derived from the rule versions: the measure's validity and each version's sort amount."""
    versions = list(measure.versions.prefetch_related("benefits"))
    for version in versions:
        amount = typical_amount(version, version.benefits.all())
        if amount != version.sort_amount:
            RuleVersion.objects.filter(pk=version.pk).update(sort_amount=amount)
    enacted = [version for version in versions if version.status != constants.Status.ANNOUNCED]
    starts = [version.valid_from for version in enacted]
    ends = [version.valid_until for version in enacted]
    valid_from = min(starts) if starts else None
    valid_until = None if not ends or None in ends else max(ends)
    Measure.objects.filter(pk=measure.pk).update(valid_from=valid_from, valid_until=valid_until)
    measure.valid_from, measure.valid_until = valid_from, valid_until


def record_change(*, measure: Measure, user, origin: str, summary: str, changed_fields=()) -> MeasureRevision:
    """Keep one entry in the measure's history and make the cached catalogue pages stale."""
    # "Last changed" on the page follows every change, also one made to a rule version only.
    Measure.objects.filter(pk=measure.pk).update(updated_at=timezone.now())
    revision = MeasureRevision.objects.create(
        measure=measure,
        changed_by=user if user is not None and user.is_authenticated else None,
        origin=origin,
        summary=summary,
        changed_fields=list(changed_fields),
    )
    transaction.on_commit(invalidate_catalogue_cache)
    return revision


def date_publication(*, measure: Measure, was_published: bool) -> None:
    """Set ``published_at`` of a measure about to be saved, when it becomes published; unpublishing keeps the date.

    The publish action, the change form's "published" box and the loader all publish through here.
    """
    if measure.is_published and not was_published:
        measure.published_at = timezone.now()


@transaction.atomic
def set_published(*, measure: Measure, published: bool, user) -> bool:
    """Publish or unpublish a measure; returns whether anything changed."""
    if measure.is_published == published:
        return False
    measure.is_published = published
    date_publication(measure=measure, was_published=not published)
    measure.save(update_fields=["is_published", "published_at", "updated_at"])
    record_change(
        measure=measure,
        user=user,
        origin=constants.ChangeOrigin.PUBLISH,
        summary=_("Published") if published else _("Unpublished"),
        changed_fields=["is_published"],
    )
    return True


@transaction.atomic
def delete_measures(*, measures, user) -> int:
    """Delete measures (their versions, rules and history go with them) and make the cached pages stale.

    A measure that named a deleted one in its cumulation rules loses those rules: that enters its own history.
    """
    pks = [measure.pk for measure in measures]
    names = dict(Measure.objects.filter(pk__in=pks).values_list("pk", "code"))
    lost = {}
    for rule in CumulationRule.objects.filter(other_measure__in=pks).exclude(measure__in=pks).select_related("measure"):
        lost.setdefault(rule.measure_id, (rule.measure, set()))[1].add(names[rule.other_measure_id])
    count = Measure.objects.filter(pk__in=pks).delete()[1].get(Measure._meta.label, 0)
    for measure, codes in lost.values():
        record_change(
            measure=measure,
            user=user,
            origin=constants.ChangeOrigin.ADMIN,
            summary=_("Cumulation rules with %(codes)s removed: the measure was deleted.")
            % {"codes": ", ".join(sorted(codes))},
            changed_fields=["cumulation_rules"],
        )
    transaction.on_commit(invalidate_catalogue_cache)
    return count


@transaction.atomic
def delete_rule_versions(*, versions, user) -> int:
    """Delete rule versions; each measure they belonged to gets its validity recomputed and a revision."""
    by_measure: dict[int, tuple[Measure, list]] = {}
    pks = []
    for version in versions:
        pks.append(version.pk)
        by_measure.setdefault(version.measure_id, (version.measure, []))[1].append(version.valid_from)
    RuleVersion.objects.filter(pk__in=pks).delete()
    for measure, starts in by_measure.values():
        refresh_derived(measure)
        record_change(
            measure=measure,
            user=user,
            origin=constants.ChangeOrigin.ADMIN,
            summary=_("Rule version(s) from %(dates)s deleted in the admin")
            % {"dates": ", ".join(start.isoformat() for start in sorted(starts))},
            changed_fields=["rule_versions"],
        )
    return len(pks)


@transaction.atomic
def delete_parameters(*, parameters) -> int:
    """Delete shared parameter values and make the cached pages stale (the rules that read them change)."""
    from measures.changes import editions
    from measures.changes import services as change_log

    editions.ensure_first()
    count = Parameter.objects.filter(pk__in=[parameter.pk for parameter in parameters]).delete()[0]
    change_log.publish_parameters()  # a shared parameter's value withdrawn enters the change log
    transaction.on_commit(invalidate_catalogue_cache)
    return count
