"""manage.py import_repertory PATH: import the portal's repertory CSV or a KBO Open Data extract (folder or zip)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from foundation.imports import ImportStatus
from repertory.constants import ImportKind
from repertory.models import ImportJob
from repertory.services import detect_kind, run_import_job


class Command(BaseCommand):
    help = "Import the portal's repertory CSV or a KBO Open Data extract (folder or zip); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a .csv file (portal format) or a KBO extract folder or .zip")
        parser.add_argument("--kind", choices=ImportKind.values, help="csv or kbo (default: from the path)")

    def handle(self, *args, path, kind=None, **options):
        source = Path(path)
        if not source.exists():
            raise CommandError(f"{path}: no such file or folder")
        job = ImportJob.objects.create(kind=kind or detect_kind(source), file_name=source.name, path=str(source))
        job = run_import_job(job_id=job.pk)
        if job.status != ImportStatus.SUCCEEDED:
            lines = [f"  {e['file']}, line {e['line']}: {e['message']}" for e in job.errors[:50]]
            raise CommandError("\n".join([f"{source.name}: import failed; nothing was imported.", *lines]))
        self.stdout.write(
            self.style.SUCCESS(
                f"{source.name}: {job.rows_read} rows read, {job.rows_created} created, {job.rows_updated} updated, "
                f"{job.rows_deleted} deleted"
            )
        )
        for warning in job.warnings:
            self.stdout.write(
                self.style.WARNING(f"  warning: {warning['file']}, line {warning['line']}: {warning['message']}")
            )
