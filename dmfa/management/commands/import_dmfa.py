"""manage.py import_dmfa PATH...: import DmfAOriginal files (each file all or nothing; streamed, any size)."""

from django.core.management.base import BaseCommand, CommandError

from dmfa import services
from foundation.imports import ImportStatus


class Command(BaseCommand):
    help = "Import DmfAOriginal XML files. Each file is validated and stored as a whole, or not at all."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="DmfAOriginal XML files")

    def handle(self, *args, paths, **options):
        failed = 0
        for path in paths:
            try:
                job = services.import_path(path=path)
            except OSError as exc:
                self.stderr.write(f"{path}: {exc.strerror or exc}")
                failed += 1
                continue
            if job.status == ImportStatus.SUCCEEDED:
                self.stdout.write(
                    f"{path}: {job.forms} form(s), {job.declarations_created} declaration(s) imported "
                    f"({job.declarations_replaced} replaced an older one), {job.declarations_unchanged} already "
                    f"present, {job.persons} person(s)"
                )
                for warning in job.warnings:  # codes the annex lists do not know for the quarter: imported
                    self.stdout.write(f"  warning: {_describe(warning)}")
                continue
            failed += 1
            self.stderr.write(f"{path}: refused, nothing imported")
            for error in job.errors:
                self.stderr.write(f"  {_describe(error)}")
        if failed:
            raise CommandError(f"{failed} of {len(paths)} file(s) refused")


def _describe(error: dict) -> str:
    parts = [error["file"]]
    if error.get("form") is not None:
        parts.append(f"form {error['form']}" + (f" ({error['reference']})" if error.get("reference") else ""))
    if error.get("path"):
        parts.append(error["path"])
    if error.get("line"):
        parts.append(f"line {error['line']}")
    return f"{', '.join(parts)}: {error['message']}"
