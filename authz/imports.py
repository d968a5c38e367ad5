"""Import of reference-directory integrations from CSV: all or nothing, every bad line reported."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from authz.exceptions import ImportRejected
from authz.models import Institution, QualityCode, ReferenceDirectoryEntry
from foundation.identifiers import validate_insz

COLUMNS = ("insz", "institution", "quality_code", "valid_from", "valid_until")
MAX_ERRORS = 200


@dataclass(frozen=True)
class ImportResult:
    read: int
    created: int
    unchanged: int
    updated: int


def read_text(stream: IO[bytes]) -> str:
    raw = stream.read()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([(0, _("The file is not UTF-8 text (byte %(pos)d).") % {"pos": exc.start})]) from None


def import_integrations(*, text: str) -> ImportResult:
    """Validate every line first; write nothing unless all lines are valid."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if header != list(COLUMNS):
        raise ImportRejected(
            [
                (
                    1,
                    _("Expected the columns %(expected)s, found %(found)s.")
                    % {"expected": ",".join(COLUMNS), "found": ",".join(header) or _("nothing")},
                )
            ]
        )
    institutions = {i.code.upper(): i for i in Institution.objects.all()}
    qualities = {q.code: q for q in QualityCode.objects.all()}
    rows, errors, seen = [], [], set()
    for raw in reader:
        line_number = reader.line_num  # the physical line, blank lines counted (DictReader skips them)
        values = {key.strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        if None in raw:
            errors.append((line_number, _("Too many fields on this line.")))
            continue
        problems, row = _parse_line(values, institutions, qualities)
        key = (row.get("institution"), row.get("insz"), row.get("quality_code"), row.get("valid_from"))
        if not problems and key in seen:
            problems.append(_("The same integration appears twice in the file."))
        seen.add(key)
        if problems:
            errors.append((line_number, "; ".join(problems)))
            if len(errors) >= MAX_ERRORS:
                break
        else:
            rows.append(row)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected([(1, _("The file holds no integrations."))])
    return _write(rows)


def _parse_line(values, institutions, qualities) -> tuple[list[str], dict]:
    problems, row = [], {}
    try:
        row["insz"] = validate_insz(values.get("insz", ""))
    except ValidationError as exc:
        problems.append(f"insz: {exc.messages[0]}")
    institution = institutions.get(values.get("institution", "").upper())
    if institution is None:
        problems.append(_("institution: unknown code %(code)r") % {"code": values.get("institution", "")})
    row["institution"] = institution
    quality = qualities.get(values.get("quality_code", ""))
    if quality is None:
        problems.append(_("quality_code: unknown code %(code)r") % {"code": values.get("quality_code", "")})
    row["quality_code"] = quality
    for name, required in (("valid_from", True), ("valid_until", False)):
        text = values.get(name, "")
        if not text:
            if required:
                problems.append(_("%(field)s: a date is required (YYYY-MM-DD)") % {"field": name})
            row[name] = None
            continue
        try:
            row[name] = date.fromisoformat(text)
        except ValueError:
            problems.append(_("%(field)s: %(value)r is not a date (YYYY-MM-DD)") % {"field": name, "value": text})
            row[name] = None
    if row.get("valid_from") and row.get("valid_until") and row["valid_until"] < row["valid_from"]:
        problems.append(_("valid_until lies before valid_from"))
    return problems, row


@transaction.atomic
def _write(rows: list[dict]) -> ImportResult:
    created = updated = unchanged = 0
    for row in rows:
        entry, was_created = ReferenceDirectoryEntry.objects.get_or_create(
            institution=row["institution"],
            insz=row["insz"],
            quality_code=row["quality_code"],
            valid_from=row["valid_from"],
            defaults={"valid_until": row["valid_until"]},
        )
        if was_created:
            created += 1
        elif entry.valid_until != row["valid_until"]:
            entry.valid_until = row["valid_until"]
            entry.save(update_fields=["valid_until"])
            updated += 1
        else:
            unchanged += 1
    return ImportResult(read=len(rows), created=created, updated=updated, unchanged=unchanged)
