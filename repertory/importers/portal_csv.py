"""The portal's own repertory CSV: one employer a row, upserted on (repertory, registration number).

The columns are documented in the README (section "Employer repertory"). List cells:
- ``categories``: ``010=2008:62010,2025:62100;011`` (category codes separated by ``;``, each with its NACE-BEL codes
  as ``version:code`` after ``=``);
- ``seats``: ``2123456789|1000|Brussel|Wetstraat|16|B1;...`` (establishment unit, postcode, municipality, street,
  house number, box).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q

from foundation.identifiers import (
    InvalidIdentifier,
    validate_enterprise_number,
    validate_establishment_number,
    validate_registration_number,
)
from repertory.constants import EmployerType, NaceVersion, Repertory
from repertory.importers.files import Counts, ImportFailed, Progress, RowError, check_header, read_csv
from repertory.models import Employer, EmployerActivity, EmployerCategory, KboCode, OperatingSeat, Source
from repertory.regions import UnknownPostcode, locate

COLUMNS = [
    "repertory",
    "registration_number",
    "enterprise_number",
    "name_nl",
    "name_fr",
    "name_de",
    "legal_form",
    "natural_person",
    "deletion_date",
    "employer_type",
    "importance_code",
    "office_street",
    "office_house_number",
    "office_box",
    "office_postcode",
    "office_municipality",
    "office_country",
    "categories",
    "seats",
]
EMPLOYER_FIELDS = [column for column in COLUMNS if column not in {"categories", "seats"}]
UPDATE_FIELDS = [column for column in EMPLOYER_FIELDS if column not in {"repertory", "registration_number"}]
BATCH_SIZE = 1000
MAX_ERRORS = 200
_BOOLEANS = {"0": False, "1": True, "false": False, "true": True, "no": False, "yes": True, "": False}


_CATEGORY_CODE = re.compile(r"[0-9]{3}")


class _Problem(ValueError):
    pass


@dataclass
class _References:
    legal_forms: frozenset[str]
    categories: set[str]  # grows as the import adds the codes the table did not know
    nace: dict[str, frozenset[str]]

    @classmethod
    def load(cls) -> _References:
        nace = {
            version: frozenset(
                KboCode.objects.filter(category=f"Nace{version}").values_list("code", flat=True).iterator()
            )
            for version in NaceVersion.values
        }
        return cls(
            legal_forms=frozenset(KboCode.objects.filter(category="JuridicalForm").values_list("code", flat=True)),
            categories=set(EmployerCategory.objects.values_list("code", flat=True)),
            nace=nace,
        )


@dataclass
class _Row:
    line: int
    fields: dict
    categories: list[str] = field(default_factory=list)
    activities: list[tuple[str, str, str]] = field(default_factory=list)
    seats: list[dict] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.fields["repertory"], self.fields["registration_number"]


def _identifier(check, raw: str, what: str, **kwargs) -> str:
    try:
        return check(raw, **kwargs)
    except InvalidIdentifier as exc:
        raise _Problem(f"{what} {raw!r}: {exc.message}") from None


def _parse_categories(cell: str, refs: _References) -> tuple[list[str], list[tuple[str, str, str]]]:
    categories, activities = [], []
    for part in filter(None, (chunk.strip() for chunk in cell.split(";"))):
        code, _sep, naces = part.partition("=")
        code = code.strip()
        if not _CATEGORY_CODE.fullmatch(code):
            raise _Problem(f"employer category {code!r} is not a 3-digit code")
        if code in categories:
            raise _Problem(f"employer category {code!r} is listed twice")
        categories.append(code)
        for nace in filter(None, (chunk.strip() for chunk in naces.split(","))):
            version, _sep, nace_code = nace.partition(":")
            nace_code = nace_code.replace(".", "")
            if version not in refs.nace:
                raise _Problem(f"NACE version of {nace!r} must be 2008 or 2025")
            if nace_code not in refs.nace[version]:
                raise _Problem(f"unknown NACE-BEL {version} code {nace_code!r}")
            activities.append((code, version, nace_code))
    return categories, activities


def _parse_seats(cell: str) -> list[dict]:
    seats = []
    for part in filter(None, (chunk.strip() for chunk in cell.split(";"))):
        pieces = [piece.strip() for piece in part.split("|")]
        if len(pieces) != 6:
            raise _Problem(f"operating seat {part!r} needs 6 parts: unit|postcode|municipality|street|number|box")
        unit, postcode, municipality, street, house_number, box = pieces
        if unit:
            unit = _identifier(validate_establishment_number, unit, "establishment unit number")
        try:
            where = locate(postcode)
        except UnknownPostcode:
            raise _Problem(f"operating seat postcode {postcode!r} is no Belgian postcode") from None
        seats.append(
            {
                "establishment_number": unit,
                "postcode": postcode,
                "municipality": municipality,
                "street": street,
                "house_number": house_number,
                "box": box,
                "region": where.region,
                "german_language_area": where.german_language_area,
            }
        )
    return seats


def _parse_row(line: int, row: list[str], refs: _References) -> _Row:
    if len(row) != len(COLUMNS):
        raise _Problem(f"expected {len(COLUMNS)} fields, found {len(row)}")
    values = {column: value.strip() for column, value in zip(COLUMNS, row, strict=True)}
    if values["repertory"] not in Repertory.values:
        raise _Problem(f"repertory must be RSZ or RSZPPO, not {values['repertory']!r}")
    values["registration_number"] = _identifier(
        validate_registration_number,
        values["registration_number"],
        f"{values['repertory']} registration number",
        repertory=values["repertory"],
    )
    if values["enterprise_number"]:
        values["enterprise_number"] = _identifier(
            validate_enterprise_number, values["enterprise_number"], "enterprise number"
        )
    if values["natural_person"].lower() not in _BOOLEANS:
        raise _Problem(f"natural_person must be 0 or 1, not {values['natural_person']!r}")
    values["natural_person"] = _BOOLEANS[values["natural_person"].lower()]
    if values["legal_form"] and values["legal_form"] not in refs.legal_forms:
        raise _Problem(f"unknown legal form {values['legal_form']!r} (not in the KBO code table)")
    if not values["legal_form"] and not values["natural_person"]:
        raise _Problem("a legal person needs a legal form")
    if values["deletion_date"]:
        try:
            values["deletion_date"] = date.fromisoformat(values["deletion_date"])
        except ValueError:
            raise _Problem(f"deletion_date {values['deletion_date']!r} is not a date (YYYY-MM-DD)") from None
    else:
        values["deletion_date"] = None
    if values["employer_type"] not in EmployerType.values:
        raise _Problem(f"employer_type must be one of {', '.join(EmployerType.values)}")
    if not (len(values["importance_code"]) == 1 and values["importance_code"].isdigit()):
        raise _Problem(f"importance_code must be a digit from 0 to 9, not {values['importance_code']!r}")
    values["importance_code"] = int(values["importance_code"])
    if values["office_postcode"] and not values["office_country"]:
        try:
            locate(values["office_postcode"])
        except UnknownPostcode:
            raise _Problem(f"office_postcode {values['office_postcode']!r} is no Belgian postcode") from None
    categories, activities = _parse_categories(values.pop("categories"), refs)
    seats = _parse_seats(values.pop("seats"))
    return _Row(line=line, fields=values, categories=categories, activities=activities, seats=seats)


def _add_unknown_categories(batch: list[_Row], refs: _References, *, name: str) -> None:
    """Store the well-formed category codes the table does not know yet, without a label, so that rows can use them.

    The RSZ creates categories faster than the portal's table follows; the pages then show the code and say that its
    label is not in the table, and the job's result lists each such code as a warning.
    """
    new = sorted({code for row in batch for code in row.categories} - refs.categories)
    if new:
        source = f"not in the portal's table; first seen in {name}"[:300]
        EmployerCategory.objects.bulk_create(
            [EmployerCategory(code=code, source=source) for code in new], ignore_conflicts=True
        )
        refs.categories.update(new)


def _write(batch: list[_Row], counts: Counts, refs: _References, *, name: str) -> None:
    _add_unknown_categories(batch, refs, name=name)
    keys = [row.key for row in batch]
    by_repertory: dict[str, list[str]] = {}
    for repertory, number in keys:
        by_repertory.setdefault(repertory, []).append(number)
    match = Q()
    for repertory, numbers in by_repertory.items():
        match |= Q(repertory=repertory, registration_number__in=numbers)
    existing = set(Employer.objects.filter(match).values_list("repertory", "registration_number"))
    Employer.objects.bulk_create(
        [Employer(**row.fields) for row in batch],
        update_conflicts=True,
        unique_fields=["repertory", "registration_number"],
        update_fields=[*UPDATE_FIELDS, "updated_at"],
    )
    ids = {
        (repertory, number): pk
        for pk, repertory, number in Employer.objects.filter(match).values_list(
            "pk", "repertory", "registration_number"
        )
    }
    counts.created += len(keys) - len(existing)
    counts.updated += len(existing)
    employer_ids = list(ids.values())
    through = Employer.categories.through
    through.objects.filter(employer_id__in=employer_ids).delete()
    EmployerActivity.objects.filter(employer_id__in=employer_ids, source=Source.REPERTORY).delete()
    OperatingSeat.objects.filter(employer_id__in=employer_ids, source=Source.REPERTORY).delete()
    through.objects.bulk_create(
        through(employer_id=ids[row.key], employercategory_id=code) for row in batch for code in row.categories
    )
    EmployerActivity.objects.bulk_create(
        EmployerActivity(
            employer_id=ids[row.key],
            category_id=category,
            nace_version=version,
            nace_code=code,
            source=Source.REPERTORY,
        )
        for row in batch
        for category, version, code in row.activities
    )
    OperatingSeat.objects.bulk_create(
        OperatingSeat(employer_id=ids[row.key], source=Source.REPERTORY, **seat) for row in batch for seat in row.seats
    )


@transaction.atomic
def import_portal_csv(binary, *, name: str, progress: Progress | None = None) -> Counts:
    """Validate every row and upsert the employers; on any bad row raise ImportFailed and import nothing."""
    refs = _References.load()
    counts = Counts()
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    batch: list[_Row] = []
    rows = read_csv(binary, name=name, progress=progress)
    _line, header = next(rows, (1, []))
    check_header(header, COLUMNS, name=name)
    unknown_categories: dict[str, int] = {}  # code -> first line, for codes the table did not know
    for line, raw in rows:
        if not any(cell.strip() for cell in raw):
            continue
        counts.read += 1
        try:
            row = _parse_row(line, raw, refs)
        except _Problem as problem:
            errors.append(RowError(name, line, str(problem)))
        else:
            if row.key in seen:
                errors.append(RowError(name, line, f"{row.key[0]} {row.key[1]} is already on line {seen[row.key]}"))
            seen[row.key] = line
            for code in row.categories:
                if code not in refs.categories:
                    unknown_categories.setdefault(code, line)
            if not errors:
                batch.append(row)
                if len(batch) >= BATCH_SIZE:
                    _write(batch, counts, refs, name=name)
                    batch = []
        if len(errors) >= MAX_ERRORS:
            errors.append(RowError(name, line, f"stopped after {MAX_ERRORS} errors"))
            break
    if errors:
        raise ImportFailed(errors)
    if batch:
        _write(batch, counts, refs, name=name)
    counts.warnings.extend(
        RowError(
            name,
            line,
            f"employer category {code!r} is not in the portal's table: imported without a label "
            "(add its label in the admin, Employer categories)",
        )
        for code, line in sorted(unknown_categories.items(), key=lambda item: item[1])
    )
    return counts
