"""The office's CSV files of subsidised jobs and monthly statements: every row validated with the forms, then all
rows stored in one transaction, or none (a single bad row refuses the file and says where and why).

The format (README, with samples in dmfa/data/samples/): UTF-8 (a BOM is fine), ';' between columns, a header row
with the column names below, dates as YYYY-MM-DD, months as YYYY-MM, amounts with a decimal comma or point.
"""

from __future__ import annotations

import csv
import io

from django.db import transaction
from django.utils.translation import gettext as _

from dmfa.controls.forms import MonthlyStatementForm, SubsidisedJobForm
from dmfa.models import MonthlyStatement, SubsidisedJob

JOB_COLUMNS = (
    "reference", "registration_number", "insz", "programme", "start_date", "end_date", "days_per_week",
    "worker_hours", "reference_hours", "joint_committee", "basis", "monthly_wage", "minimum_wage_basis",
    "share_exempt", "last_name", "first_name", "birth_date", "postcode", "street",
)  # fmt: skip
STATEMENT_COLUMNS = (
    "job", "month", "days_worked", "assimilated_days", "hours", "gross_wage", "employer_contributions",
    "reductions", "premium_paid",
)  # fmt: skip
REQUIRED = {
    "jobs": {"reference", "registration_number", "insz", "programme", "start_date", "days_per_week", "worker_hours",
             "reference_hours", "joint_committee", "basis"},
    "statements": set(STATEMENT_COLUMNS),
}  # fmt: skip
NUMBERS = {
    "days_per_week", "worker_hours", "reference_hours", "monthly_wage", "minimum_wage_basis", "days_worked",
    "assimilated_days", "hours", "gross_wage", "employer_contributions", "reductions", "premium_paid",
}  # fmt: skip
MAX_ROWS = 20_000
TRUE = {"1", "yes", "ja", "oui", "true", "y", "j", "o"}
FALSE = {"", "0", "no", "nee", "non", "false", "n"}


class CsvImportError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _number(text: str) -> str:
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:  # Belgian spreadsheet: 1.234,56
        text = text.replace(".", "").replace(",", ".")
    return text


def _rows(content: bytes, kind: str) -> list[tuple[int, dict[str, str]]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError([_("The file is not UTF-8 text: save it as CSV UTF-8.")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    header = [name.strip() for name in reader.fieldnames or []]
    columns = JOB_COLUMNS if kind == "jobs" else STATEMENT_COLUMNS
    missing = sorted(REQUIRED[kind] - set(header))
    unknown = sorted(set(header) - set(columns))
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("Columns missing from the header: %(names)s.") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("Columns not in the format: %(names)s.") % {"names": ", ".join(unknown)})
        raise CsvImportError(problems)
    reader.fieldnames = header
    rows = []
    for record in reader:
        if len(rows) >= MAX_ROWS:
            raise CsvImportError([_("The file has more than %(max)d rows: split it.") % {"max": MAX_ROWS}])
        if None in record:
            raise CsvImportError([_("Line %(line)d has more columns than the header.") % {"line": reader.line_num}])
        values = {name: (value or "").strip() for name, value in record.items()}
        if not any(values.values()):
            continue
        for name in NUMBERS & values.keys():
            values[name] = _number(values[name])
        rows.append((reader.line_num, values))
    if not rows:
        raise CsvImportError([_("The file holds no row.")])
    return rows


def _messages(line: int, form) -> list[str]:
    return [
        _("Line %(line)d, %(column)s: %(message)s") % {"line": line, "column": name, "message": message}
        for name, messages in form.errors.items()
        for message in messages
    ]


def import_csv(*, content: bytes, kind: str, institution) -> int:
    """Validate every row, then store them all in one transaction; raise CsvImportError (nothing stored) otherwise."""
    rows = _rows(content, kind)
    problems: list[str] = []
    pending: list = []
    for line, values in rows:
        if kind == "jobs":
            share = values.get("share_exempt", "").casefold()
            if share not in TRUE | FALSE:
                problems.append(_("Line %(line)d, share_exempt: write yes or no.") % {"line": line})
                continue
            values["share_exempt"] = "on" if share in TRUE else ""
            form = SubsidisedJobForm(data=values, institution=institution, pending=pending)
        else:
            form = MonthlyStatementForm(data=values, institution=institution, pending=pending)
        if form.is_valid():
            item = form.save(commit=False)
            if kind == "jobs":
                item.institution = institution
            pending.append(item)
        else:
            problems += _messages(line, form)
    if problems:
        raise CsvImportError(problems)
    with transaction.atomic():
        (SubsidisedJob if kind == "jobs" else MonthlyStatement).objects.bulk_create(pending)
    return len(pending)
