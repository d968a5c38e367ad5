"""KBO Open Data extracts (full or update) into the KBO mirror, then into the employers with that enterprise number.

Files and rules follow the KBO Open Data cookbook (R018.00; summary in shared/data/dmfa-ids-kbo-research.md §3.1):
a full extract replaces everything; an update extract is applied per table as "delete the rows whose key is in
X_delete.csv, then insert X_insert.csv" (the insert file holds every current row of the touched entities). Only what
the repertory uses is mirrored: enterprises, establishment units, names (type 001), registered-office and
establishment addresses (REGO, BAET), and the activities of groups 006 (RSZ) and 005 (RSZPPO).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from foundation.identifiers import InvalidIdentifier, validate_enterprise_number, validate_establishment_number
from repertory.constants import KBO_ACTIVITY_GROUP, NaceVersion
from repertory.importers.codes import load_code_table
from repertory.importers.files import Counts, ImportFailed, KboSource, Progress, RowError, check_header
from repertory.models import (
    Employer,
    EmployerActivity,
    KboActivity,
    KboAddress,
    KboCode,
    KboDenomination,
    KboEnterprise,
    KboEstablishment,
    KboExtract,
    OperatingSeat,
    Source,
)
from repertory.regions import UnknownPostcode, locate

BATCH_SIZE = 5000
KEY_BATCH = 900
MAX_ERRORS = 200
_KEPT_GROUPS = frozenset(KBO_ACTIVITY_GROUP.values())
_KEPT_ADDRESSES = frozenset({"REGO", "BAET"})
_NAME_FIELDS = {"2": "name_nl", "1": "name_fr", "3": "name_de"}


class _Problem(ValueError):
    pass


def _enterprise(raw: str) -> str:
    """'0403.019.261' -> '0403019261', checked with stdnum.be.vat (first digit 0 or 1)."""
    try:
        return validate_enterprise_number(raw)
    except InvalidIdentifier as exc:
        raise _Problem(f"{raw!r} is no valid enterprise number: {exc.message}") from None


def _unit(raw: str) -> str:
    """'2.000.000.339' -> '2000000339', checked as an establishment unit (first digit 2 to 8)."""
    try:
        return validate_establishment_number(raw)
    except InvalidIdentifier as exc:
        raise _Problem(f"{raw!r} is no valid establishment unit number: {exc.message}") from None


def _entity(raw: str) -> str:
    """An EntityNumber: an enterprise (first digit 0 or 1, or 9 digits in the old notation) or an establishment unit.

    The first digit says which; each is then checked by its own rule, so that neither can pass for the other.
    """
    digits = raw.replace(".", "")
    if len(digits) == 9 or digits[:1] in {"0", "1"}:
        return _enterprise(raw)
    return _unit(raw)


def _date(raw: str) -> date | None:
    if not raw:
        return None
    try:
        if raw[2] != "-" or raw[5] != "-" or len(raw) != 10:
            raise ValueError
        return date(int(raw[6:10]), int(raw[3:5]), int(raw[:2]))
    except (ValueError, IndexError):
        raise _Problem(f"{raw!r} is not a date (dd-mm-yyyy)") from None


@dataclass(frozen=True)
class _Codes:
    """The codes of the KBO code table that rows are checked against (after the extract's own code.csv is loaded)."""

    legal_forms: frozenset[str]

    @classmethod
    def load(cls) -> _Codes:
        return cls(
            legal_forms=frozenset(KboCode.objects.filter(category="JuridicalForm").values_list("code", flat=True))
        )


@dataclass(frozen=True)
class _Table:
    """How one KBO file maps onto one mirror model."""

    name: str
    model: type
    columns: tuple[str, ...]
    key_column: str  # the single column of X_delete.csv
    key_field: str  # the mirror field it matches
    fields: tuple[str, ...]  # the mirror fields ``build`` fills, in order (the key first)
    key: Callable[[str], str] = _entity  # checks and normalises a key of X_delete.csv

    def build(self, row: list[str], codes: _Codes) -> tuple | None:
        """The mirror row for a CSV row, or None when the repertory does not keep it."""
        raise NotImplementedError


class _Enterprises(_Table):
    def build(self, row, codes):
        number, _status, situation, kind, form, _form_cac, start = row
        number = _enterprise(number)
        if kind not in {"1", "2"}:
            raise _Problem(f"TypeOfEnterprise must be 1 or 2, not {kind!r}")
        if form and form not in codes.legal_forms:
            raise _Problem(f"unknown JuridicalForm {form!r} (not in the KBO code table)")
        return (number, situation, kind, form, _date(start))


class _Establishments(_Table):
    def build(self, row, codes):
        number, start, enterprise = row
        return (_unit(number), _enterprise(enterprise), _date(start))


class _Denominations(_Table):
    def build(self, row, codes):
        entity, language, kind, name = row
        if kind != "001":
            return None
        return (_entity(entity), language, name[:320])


class _Addresses(_Table):
    def build(self, row, codes):
        entity, kind, country_nl, _country_fr, zipcode, mun_nl, mun_fr, street_nl, street_fr, number, box = row[:11]
        struck_off = _date(row[12])
        if kind not in _KEPT_ADDRESSES or struck_off:
            return None
        return (_entity(entity), kind, country_nl, zipcode, mun_nl, mun_fr, street_nl, street_fr, number, box)


class _Activities(_Table):
    def build(self, row, codes):
        entity, group, version, code, classification = row
        if group not in _KEPT_GROUPS:
            return None
        if not code.isdigit():
            raise _Problem(f"NaceCode {code!r} is not numeric")
        return (_entity(entity), group, version, code, classification)


TABLES = (
    _Enterprises(
        "enterprise",
        KboEnterprise,
        (
            "EnterpriseNumber",
            "Status",
            "JuridicalSituation",
            "TypeOfEnterprise",
            "JuridicalForm",
            "JuridicalFormCAC",
            "StartDate",
        ),
        "EnterpriseNumber",
        "number",
        ("number", "juridical_situation", "type_of_enterprise", "juridical_form", "start_date"),
        key=_enterprise,
    ),
    _Establishments(
        "establishment",
        KboEstablishment,
        ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
        "EstablishmentNumber",
        "number",
        ("number", "enterprise_number", "start_date"),
        key=_unit,
    ),
    _Denominations(
        "denomination",
        KboDenomination,
        ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
        "EntityNumber",
        "entity_number",
        ("entity_number", "language", "name"),
    ),
    _Addresses(
        "address",
        KboAddress,
        (
            "EntityNumber",
            "TypeOfAddress",
            "CountryNL",
            "CountryFR",
            "Zipcode",
            "MunicipalityNL",
            "MunicipalityFR",
            "StreetNL",
            "StreetFR",
            "HouseNumber",
            "Box",
            "ExtraAddressInfo",
            "DateStrikingOff",
        ),
        "EntityNumber",
        "entity_number",
        (
            "entity_number",
            "kind",
            "country",
            "zipcode",
            "municipality_nl",
            "municipality_fr",
            "street_nl",
            "street_fr",
            "house_number",
            "box",
        ),
    ),
    _Activities(
        "activity",
        KboActivity,
        ("EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"),
        "EntityNumber",
        "entity_number",
        ("entity_number", "group", "nace_version", "nace_code", "classification"),
    ),
)


def _bulk_insert(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows without building model instances: COPY on PostgreSQL, executemany elsewhere."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


@dataclass
class _Meta:
    kind: str
    number: int
    snapshot: date | None


def _read_meta(source: KboSource) -> _Meta:
    if "meta" not in source:
        raise ImportFailed([RowError(source.label, 0, "meta.csv is missing: this is no KBO Open Data extract")])
    rows = source.rows("meta")
    _line, header = next(rows, (1, []))
    check_header(header, ["Variable", "Value"], name="meta.csv")
    values = {row[0]: row[1] for _line, row in rows if len(row) == 2}
    kind = values.get("ExtractType", "").lower()
    if kind not in {"full", "update"}:
        raise ImportFailed([RowError("meta.csv", 0, f"ExtractType must be full or update, not {kind!r}")])
    try:
        number = int(values.get("ExtractNumber", ""))
        snapshot = _date(values.get("SnapshotDate", ""))
    except (ValueError, _Problem) as exc:
        raise ImportFailed([RowError("meta.csv", 0, f"bad ExtractNumber or SnapshotDate: {exc}")]) from None
    suffixes = ("",) if kind == "full" else ("_insert", "_delete")
    missing = [
        f"{table.name}{suffix}.csv" for table in TABLES for suffix in suffixes if table.name + suffix not in source
    ]
    if missing:
        raise ImportFailed([RowError(source.label, 0, f"a {kind} extract needs {', '.join(missing)}")])
    return _Meta(kind=kind, number=number, snapshot=snapshot)


class _Run:
    def __init__(self, source: KboSource, progress: Progress | None):
        self.source = source
        self.progress = progress
        self.counts = Counts()
        self.errors: list[RowError] = []
        self.touched: set[str] = set()
        self.codes = _Codes.load()
        self.deleted: dict[str, set[str]] = defaultdict(set)  # table -> keys its X_delete.csv listed
        self.inserted_enterprises: set[str] = set()

    def _rows(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
        rows = self.source.rows(name, progress=self.progress)
        _line, header = next(rows, (1, []))
        check_header(header, list(columns), name=f"{name}.csv")
        for line, row in rows:
            if len(row) != len(columns):
                self._error(name, line, f"expected {len(columns)} fields, found {len(row)}")
                continue
            yield line, row

    def _error(self, name: str, line: int, message: str) -> None:
        self.errors.append(RowError(f"{name}.csv", line, message))
        if len(self.errors) >= MAX_ERRORS:
            raise ImportFailed([*self.errors, RowError(f"{name}.csv", line, f"stopped after {MAX_ERRORS} errors")])

    def insert(self, table: _Table, name: str) -> None:
        batch = []
        for line, row in self._rows(name, table.columns):
            self.counts.read += 1
            try:
                obj = table.build(row, self.codes)
            except _Problem as problem:
                self._error(name, line, str(problem))
                continue
            if obj is None:
                continue
            if name.endswith("_insert"):
                self.touched.add(obj[0])
                if table.name == "establishment":
                    self.touched.add(obj[1])
                elif table.name == "enterprise":
                    self.inserted_enterprises.add(obj[0])
            batch.append(obj)
            if len(batch) >= BATCH_SIZE:
                self._flush(table, batch)
                batch = []
        self._flush(table, batch)

    def _flush(self, table: _Table, batch: list[tuple]) -> None:
        if batch and not self.errors:
            _bulk_insert(table.model, table.fields, batch)
            self.counts.created += len(batch)

    def delete(self, table: _Table) -> None:
        name = f"{table.name}_delete"
        keys = []
        for line, row in self._rows(name, (table.key_column,)):
            self.counts.read += 1
            try:
                keys.append(table.key(row[0]))
            except _Problem as problem:
                self._error(name, line, str(problem))
            if len(keys) >= KEY_BATCH:
                self._delete_keys(table, keys)
                keys = []
        self._delete_keys(table, keys)

    def _delete_keys(self, table: _Table, keys: list[str]) -> None:
        if not keys or self.errors:
            return
        self.touched.update(keys)
        self.deleted[table.name].update(keys)
        if table.name == "establishment":
            self.touched.update(
                KboEstablishment.objects.filter(number__in=keys).values_list("enterprise_number", flat=True)
            )
        deleted, _by_model = table.model.objects.filter(**{f"{table.key_field}__in": keys}).delete()
        self.counts.deleted += deleted


@transaction.atomic
def import_kbo_extract(source: KboSource, *, progress: Progress | None = None) -> Counts:
    """Apply a full or update extract; on any bad row raise ImportFailed and leave everything as it was."""
    meta = _read_meta(source)
    if progress is not None:
        progress.total = source.total_bytes
    if "code" in source:
        load_code_table(source.rows("code", progress=progress), name="code.csv")
    run = _Run(source, progress)  # after code.csv: rows are checked against the extract's own code table
    for table in TABLES:
        if meta.kind == "full":
            run.counts.deleted += table.model.objects.all().delete()[0]
            run.insert(table, table.name)
        else:
            run.delete(table)
            run.insert(table, f"{table.name}_insert")
    if run.errors:
        raise ImportFailed(run.errors)
    if meta.kind == "full":
        run.counts.updated = sync_employers(None)
    else:
        # An enterprise the update removed altogether left the KBO: its employers keep the last names and office the
        # KBO gave, as after a full extract without it. Otherwise a deleted name or office with no new one is gone.
        gone = run.deleted["enterprise"] - run.inserted_enterprises
        run.counts.updated = sync_employers(
            run.touched,
            names_deleted=run.deleted["denomination"] - gone,
            addresses_deleted=run.deleted["address"] - gone,
        )
    KboExtract.objects.create(number=meta.number, kind=meta.kind, snapshot_date=meta.snapshot)
    return run.counts


# -- from the mirror into the employers -----------------------------------------------------------------------------

SYNC_CHUNK = 1000
_SYNCED_FIELDS = [
    "name_nl",
    "name_fr",
    "name_de",
    "legal_form",
    "natural_person",
    "office_street",
    "office_house_number",
    "office_box",
    "office_postcode",
    "office_municipality",
    "office_country",
]


_OFFICE_FIELDS = [name for name in _SYNCED_FIELDS if name.startswith("office_")]


def _chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def sync_employers(
    enterprise_numbers: Iterable[str] | None,
    *,
    names_deleted: Collection[str] = frozenset(),
    addresses_deleted: Collection[str] = frozenset(),
) -> int:
    """Copy the mirrored KBO data into the employers with these enterprise numbers (None: every employer).

    An employer keeps a name or registered office the mirror has none for (the KBO may not know the enterprise, or
    a natural person has no seat address), unless its enterprise number is in ``names_deleted`` or
    ``addresses_deleted``: an update deleted those rows and inserted none in their place, so the old value is gone.
    """
    employers = Employer.objects.exclude(enterprise_number="").order_by("pk")
    if enterprise_numbers is None:
        ids = list(employers.values_list("pk", flat=True))
    else:
        wanted = set(enterprise_numbers)
        wanted |= set(
            KboEstablishment.objects.filter(number__in=[n for n in wanted if n[0] not in "01"]).values_list(
                "enterprise_number", flat=True
            )
        )
        ids = []
        for chunk in _chunks(sorted(n for n in wanted if n[0] in "01"), SYNC_CHUNK):
            ids.extend(employers.filter(enterprise_number__in=chunk).values_list("pk", flat=True))
    for chunk in _chunks(ids, SYNC_CHUNK):
        _sync_chunk(
            list(Employer.objects.filter(pk__in=chunk)),
            names_deleted=names_deleted,
            addresses_deleted=addresses_deleted,
        )
    return len(ids)


def _sync_chunk(
    employers: list[Employer], *, names_deleted: Collection[str], addresses_deleted: Collection[str]
) -> None:
    numbers = {employer.enterprise_number for employer in employers}
    enterprises = {e.number: e for e in KboEnterprise.objects.filter(number__in=numbers)}
    units = dict(
        KboEstablishment.objects.filter(enterprise_number__in=numbers).values_list("number", "enterprise_number")
    )
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for entity, language, name in KboDenomination.objects.filter(entity_number__in=numbers).values_list(
        "entity_number", "language", "name"
    ):
        names[entity][_NAME_FIELDS.get(language, "name_nl")] = name
    addresses: dict[str, list[KboAddress]] = defaultdict(list)
    for address in KboAddress.objects.filter(entity_number__in=numbers | set(units)):
        addresses[address.entity_number].append(address)
    activities: dict[str, list[KboActivity]] = defaultdict(list)
    for activity in KboActivity.objects.filter(entity_number__in=numbers, nace_version__in=NaceVersion.values):
        activities[activity.entity_number].append(activity)
    seats_of: dict[str, list[OperatingSeat]] = defaultdict(list)
    for unit, enterprise in units.items():
        for address in addresses.get(unit, []):
            if address.kind != "BAET" or address.country:
                continue
            try:
                where = locate(address.zipcode)
            except UnknownPostcode:
                continue
            seats_of[enterprise].append(
                OperatingSeat(
                    establishment_number=unit,
                    street=address.street_nl or address.street_fr,
                    house_number=address.house_number,
                    box=address.box,
                    postcode=address.zipcode,
                    municipality=address.municipality_nl or address.municipality_fr,
                    region=where.region,
                    german_language_area=where.german_language_area,
                    source=Source.KBO,
                )
            )
    new_seats, new_activities = [], []
    for employer in employers:
        number = employer.enterprise_number
        enterprise = enterprises.get(number)
        if enterprise is not None:
            employer.legal_form = enterprise.juridical_form
            employer.natural_person = enterprise.type_of_enterprise == "1"
        if names.get(number) or number in names_deleted:
            for name_field in ("name_nl", "name_fr", "name_de"):
                setattr(employer, name_field, names[number].get(name_field, ""))
        office = next((a for a in addresses.get(number, []) if a.kind == "REGO"), None)
        if office is not None:
            employer.office_street = office.street_nl or office.street_fr
            employer.office_house_number = office.house_number
            employer.office_box = office.box
            employer.office_postcode = office.zipcode
            employer.office_municipality = office.municipality_nl or office.municipality_fr
            employer.office_country = office.country
        elif number in addresses_deleted:
            for office_field in _OFFICE_FIELDS:
                setattr(employer, office_field, "")
        for seat in seats_of.get(number, []):
            new_seats.append(OperatingSeat(**{**_seat_values(seat), "employer_id": employer.pk}))
        group = KBO_ACTIVITY_GROUP[employer.repertory]
        new_activities.extend(
            EmployerActivity(
                employer_id=employer.pk,
                category=None,
                nace_version=activity.nace_version,
                nace_code=activity.nace_code,
                source=Source.KBO,
            )
            for activity in activities.get(number, [])
            if activity.group == group
        )
    ids = [employer.pk for employer in employers]
    Employer.objects.bulk_update(employers, _SYNCED_FIELDS)
    OperatingSeat.objects.filter(employer_id__in=ids, source=Source.KBO).delete()
    EmployerActivity.objects.filter(employer_id__in=ids, source=Source.KBO).delete()
    OperatingSeat.objects.bulk_create(new_seats)
    EmployerActivity.objects.bulk_create(new_activities)


def _seat_values(seat: OperatingSeat) -> dict:
    return {
        field: getattr(seat, field)
        for field in (
            "establishment_number",
            "street",
            "house_number",
            "box",
            "postcode",
            "municipality",
            "region",
            "german_language_area",
            "source",
        )
    }
