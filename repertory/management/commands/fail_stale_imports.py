"""manage.py fail_stale_imports: mark failed the repertory imports a killed worker left running."""

from django.conf import settings
from django.core.management.base import BaseCommand

from repertory.services import fail_stale_imports


class Command(BaseCommand):
    help = (
        "Mark failed the repertory imports still running after PORTAL_IMPORT_STALE_AFTER_MINUTES (their worker was "
        "killed; the previous data is unchanged). Celery beat runs the same check every 15 minutes."
    )

    def handle(self, *args, **options):
        count = fail_stale_imports()
        self.stdout.write(
            f"{count} import(s) running for more than {settings.IMPORT_STALE_AFTER_MINUTES} minutes marked failed."
        )
