"""manage.py load_measures PATH: load a measures data file (YAML or JSON), all or nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from measures.loader import LoadError, load


class Command(BaseCommand):
    help = "Load measures from a YAML or JSON data file (format front-office-measures/2); nothing is loaded on error."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the data file, .yaml/.yml or .json")

    def handle(self, *args, path, **options):
        try:
            # Messages in one language: the loader's own are English, so Django's validation messages are too.
            with translation.override("en"):
                result = load(path)
        except LoadError as exc:
            raise CommandError(
                f"{path}: nothing loaded, {len(exc.errors)} error(s):\n" + "\n".join(f"  - {e}" for e in exc.errors)
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"{path}: {len(result.created)} measure(s) created, {len(result.updated)} updated.")
        )
