"""manage.py verify_disclosures: recompute the hash chain of the disclosure log (streamed)."""

from django.core.management.base import BaseCommand

from authz.services import record_verification


class Command(BaseCommand):
    help = "Recompute the disclosure log's hash chain; exit 0 when intact, 1 naming the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--no-record", action="store_true", help="Do not store the result as a verification.")

    def handle(self, *args, no_record=False, **options):
        result = record_verification(store=not no_record)
        if result.intact:
            self.stdout.write(f"intact: {result.count} entries, head {result.head_hash}")
            return
        self.stderr.write(f"BROKEN at entry {result.first_broken_position}: {result.detail}")
        raise SystemExit(1)
