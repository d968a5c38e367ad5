"""manage.py load_kbo_codes [PATH]: load the KBO code table (the shipped copy by default) and employer categories."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from repertory.importers.codes import CODE_TABLE, load_code_table, load_employer_categories, read_code_rows
from repertory.importers.files import ImportFailed


class Command(BaseCommand):
    help = "Load the KBO code table (legal forms, NACE codes... in four languages) and the employer categories."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CODE_TABLE), help="code.csv or code.csv.gz")

    def handle(self, *args, path, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            codes = load_code_table(read_code_rows(source), name=source.name)
            categories = load_employer_categories()
        except ImportFailed as failure:
            raise CommandError(str(failure)) from None
        self.stdout.write(self.style.SUCCESS(f"{codes} KBO codes and {categories} employer categories loaded"))
