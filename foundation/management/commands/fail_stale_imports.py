"""manage.py fail_stale_imports: mark failed the import jobs (every importer's) a killed worker left unfinished."""

from django.conf import settings
from django.core.management.base import BaseCommand

from foundation.imports import fail_stale_imports


class Command(BaseCommand):
    help = (
        "Mark failed the import jobs (repertory, DmfA and any other importer) still running or waiting after "
        "PORTAL_IMPORT_STALE_AFTER_MINUTES: their worker was killed, and the import being one transaction, nothing of "
        "their file was kept. Celery beat runs the same check every 15 minutes."
    )

    def handle(self, *args: object, **options: object) -> None:
        count = fail_stale_imports()
        self.stdout.write(
            f"{count} import(s) unfinished after {settings.IMPORT_STALE_AFTER_MINUTES} minutes marked failed."
        )
