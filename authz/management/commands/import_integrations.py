"""manage.py import_integrations PATH: load reference-directory integrations from CSV (all or nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from authz.exceptions import ImportRejected
from authz.imports import COLUMNS, import_integrations, read_text


class Command(BaseCommand):
    help = f"Import integrations from a UTF-8 CSV with the columns {','.join(COLUMNS)}; nothing is imported on error."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as stream:
                result = import_integrations(text=read_text(stream))
        except ImportRejected as rejected:
            lines = [f"{path}:{line}: {message}" for line, message in rejected.errors]
            raise CommandError("nothing imported:\n" + "\n".join(lines)) from None
        self.stdout.write(
            f"{path}: {result.read} lines, {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged"
        )
