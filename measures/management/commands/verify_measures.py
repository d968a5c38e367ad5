"""manage.py verify_measures: every rule version and shared parameter by status and by the date its source was last
read; flags what was not checked in the last 180 days (``--max-age`` to change it)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from measures import verify


class Command(BaseCommand):
    help = (
        "List every measure version and shared parameter by status (in_force, announced, assumption) and by the date "
        "its source was last read; flag what was not checked in the last 180 days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=verify.MAX_AGE_DAYS, help="days (default 180)")
        parser.add_argument("--on", help="the report's day, YYYY-MM-DD (default today)")
        parser.add_argument("--stale-only", action="store_true", help="list only what is not checked in time")
        parser.add_argument(
            "--fail-on-stale", action="store_true", help="exit with an error when something is not checked in time"
        )

    def handle(self, *args, max_age, on, stale_only, fail_on_stale, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"--on: {on!r} is not a date (YYYY-MM-DD)") from None
        if max_age < 0:
            raise CommandError("--max-age: must be 0 or more")
        report = verify.build(day, max_age_days=max_age)
        counts = ", ".join(f"{status} {count}" for status, count in report.by_status.items())
        self.stdout.write(f"Verify report of {day.isoformat()}: {len(report.rows)} rows ({counts}).")
        for row in report.stale if stale_only else report.rows:
            until = row.valid_until.isoformat() if row.valid_until else "…"
            read = row.read.isoformat() if row.read else "never"
            flag = "  NOT CHECKED IN TIME" if row.stale else ""
            announced = f" [announced in: {row.announcement}]" if row.announcement else ""
            self.stdout.write(
                f"{row.kind:9} {row.status:10} read {read:10} {row.code} {row.valid_from.isoformat()}–{until}: "
                f"{row.source}{announced}{flag}"
            )
        stale = len(report.stale)
        summary = f"{stale} row(s) not checked in the last {max_age} days."
        if stale and fail_on_stale:
            raise CommandError(summary)
        self.stdout.write(self.style.WARNING(summary) if stale else self.style.SUCCESS(summary))
