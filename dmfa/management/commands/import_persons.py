"""manage.py import_persons PATH: load national-register identification data (CSV) shown beside DmfA data."""

from django.core.management.base import BaseCommand, CommandError

from dmfa import services


class Command(BaseCommand):
    help = f"Import person identification data from a UTF-8 CSV with the columns {', '.join(services.PERSON_COLUMNS)}."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            count = services.import_persons(source=path)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from None
        except services.PersonFileError as exc:
            raise CommandError(f"refused, nothing imported:\n{exc}") from None
        self.stdout.write(f"{path}: {count} person(s) imported or updated")
