"""The verify report: every rule version and every shared parameter of the catalogue by status and by the date its
source was last read, flagging what was not checked within ``MAX_AGE_DAYS`` (``manage.py verify_measures`` and the
staff page ``measures:verify``).

A version's figures carry the date read of their version's source (and of each benefit's own source, when it has
one); a source without a date read counts as never checked.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from measures import constants
from measures.models import Measure, Parameter

MAX_AGE_DAYS = 180


@dataclass(frozen=True)
class Row:
    kind: str  # "version" or "parameter"
    code: str  # measure code or parameter key
    name: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    status: str
    source: str  # title of the source (or official reference)
    url: str
    read: datetime.date | None  # the oldest date read among the sources of the row's figures
    stale: bool  # not read within MAX_AGE_DAYS of the report's day (or never)
    announcement: str = ""

    @property
    def status_label(self) -> str:
        return str(constants.Status(self.status).label)


@dataclass(frozen=True)
class Report:
    day: datetime.date
    max_age_days: int
    rows: tuple[Row, ...]

    @property
    def by_status(self) -> dict[str, int]:
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in constants.Status.values}

    @property
    def by_status_label(self) -> dict[str, int]:
        """The counts of ``by_status`` keyed by the status in words (the page shows no code)."""
        return {str(constants.Status(status).label): count for status, count in self.by_status.items()}

    @property
    def stale(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.stale)

    @property
    def assumptions(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row.status == constants.Status.ASSUMPTION)


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _oldest(dates) -> datetime.date | None:
    """The oldest of the dates; None (never read) wins over any date."""
    dates = list(dates)
    if not dates or any(day is None for day in dates):
        return None
    return min(dates)


def build(day: datetime.date, *, max_age_days: int = MAX_AGE_DAYS) -> Report:
    """The report on ``day``: versions sorted by status then date read (oldest first), then parameters alike."""
    limit = day - datetime.timedelta(days=max_age_days)
    rows = []
    for measure in Measure.objects.prefetch_related("versions__benefits").order_by("code"):
        sources = {source.get("key"): source for source in measure.sources or []}
        for version in sorted(measure.versions.all(), key=lambda item: item.valid_from):
            keys = [version.source_key, *(benefit.source_key for benefit in version.benefits.all())]
            statuses = {version.status, *(benefit.status for benefit in version.benefits.all())}
            # The row shows the least sure status among the version and its benefits.
            status = next(
                (s for s in (constants.Status.ASSUMPTION, constants.Status.ANNOUNCED) if s in statuses), version.status
            )
            read = _oldest(_date(sources.get(key, {}).get("read")) for key in dict.fromkeys(keys))
            source = sources.get(version.source_key, {})
            announcement = (
                sources.get(version.announcement_key, {}).get("title", "") if version.announcement_key else ""
            )
            rows.append(
                Row(
                    kind="version",
                    code=measure.code,
                    name=measure.name,
                    valid_from=version.valid_from,
                    valid_until=version.valid_until,
                    status=status,
                    source=source.get("title") or source.get("reference", "") or version.source_key,
                    url=source.get("url", ""),
                    read=read,
                    stale=read is None or read < limit,
                    announcement=announcement,
                )
            )
    for parameter in Parameter.objects.order_by("key", "valid_from"):
        rows.append(
            Row(
                kind="parameter",
                code=parameter.key,
                name=parameter.description,
                valid_from=parameter.valid_from,
                valid_until=parameter.valid_until,
                status=parameter.status,
                source=parameter.source_title or parameter.source_reference,
                url=parameter.source_url,
                read=parameter.source_read,
                stale=parameter.source_read is None or parameter.source_read < limit,
                announcement=(parameter.announcement or {}).get("title", ""),
            )
        )
    order = {status: index for index, status in enumerate(constants.Status.values)}
    rows.sort(key=lambda row: (row.kind, order[row.status], row.read or datetime.date.min, row.code, row.valid_from))
    return Report(day=day, max_age_days=max_age_days, rows=tuple(rows))
