"""Fixtures of the repertory tests: a small KBO code table, the employer categories, file builders."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from repertory.importers.codes import load_code_table, load_employer_categories
from repertory.importers.portal_csv import COLUMNS

#: A few rows of the KBO code table (same format as code.csv), enough for the test files.
CODE_ROWS = [
    ("JuridicalForm", "014", "NL", "Naamloze vennootschap"),
    ("JuridicalForm", "014", "FR", "Société anonyme"),
    ("JuridicalForm", "014", "DE", "Aktiengesellschaft"),
    ("JuridicalForm", "610", "NL", "Besloten Vennootschap"),
    ("JuridicalForm", "610", "FR", "Société à responsabilité limitée"),
    ("JuridicalForm", "411", "NL", "Stad / gemeente"),
    ("JuridicalForm", "411", "FR", "Ville / commune"),
    ("JuridicalForm", "017", "NL", "Vereniging zonder winstoogmerk"),
    ("Nace2008", "62010", "NL", "Ontwerpen en programmeren van computerprogramma's"),
    ("Nace2008", "62010", "FR", "Programmation informatique"),
    ("Nace2008", "56101", "NL", "Eetgelegenheden met volledige bediening"),
    ("Nace2008", "84114", "NL", "Gemeentelijke overheid, met uitzondering van het O.C.M.W."),
    ("Nace2025", "62100", "NL", "Ontwerpen van computerprogramma's"),
    ("Nace2025", "84114", "NL", "Gemeentelijke overheid, met uitzondering van het OCMW"),
    ("Nace2025", "56111", "NL", "Activiteiten van eetgelegenheden met volledige bediening"),
]


@pytest.fixture
def reference_tables(db):
    rows = [(1, ["Category", "Code", "Language", "Description"])]
    rows += [(n, list(row)) for n, row in enumerate(CODE_ROWS, start=2)]
    load_code_table(rows)
    load_employer_categories()


def employer_row(**overrides) -> dict:
    row = {
        "repertory": "RSZ",
        "registration_number": "123456749",
        "enterprise_number": "0812.345.603",
        "name_nl": "Alfa Bouw",
        "name_fr": "Alfa Construction",
        "name_de": "",
        "legal_form": "014",
        "natural_person": "0",
        "deletion_date": "",
        "employer_type": "private",
        "importance_code": "3",
        "office_street": "Wetstraat",
        "office_house_number": "16",
        "office_box": "",
        "office_postcode": "1000",
        "office_municipality": "Brussel",
        "office_country": "",
        "categories": "010=2008:62010,2025:62100;011",
        "seats": "2297964444|1000|Brussel|Wetstraat|16|",
    }
    row.update(overrides)
    return row


@pytest.fixture
def write_csv(tmp_path):
    def write(rows: list[dict], *, name: str = "repertory.csv", columns: list[str] | None = None) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns or COLUMNS, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


KBO_HEADERS = {
    "meta": ["Variable", "Value"],
    "enterprise": [
        "EnterpriseNumber",
        "Status",
        "JuridicalSituation",
        "TypeOfEnterprise",
        "JuridicalForm",
        "JuridicalFormCAC",
        "StartDate",
    ],
    "establishment": ["EstablishmentNumber", "StartDate", "EnterpriseNumber"],
    "denomination": ["EntityNumber", "Language", "TypeOfDenomination", "Denomination"],
    "address": [
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
    ],
    "activity": ["EntityNumber", "ActivityGroup", "NaceVersion", "NaceCode", "Classification"],
}
DELETE_KEYS = {"enterprise": "EnterpriseNumber", "establishment": "EstablishmentNumber"}


def _csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def kbo_files(kind: str, tables: dict[str, list[list[str]]], deletes: dict[str, list[str]] | None = None) -> dict:
    """The files of an extract: {file name: bytes}. ``tables`` rows per table; ``deletes`` keys per table (update)."""
    files = {
        "meta.csv": _csv_bytes(
            KBO_HEADERS["meta"],
            [
                ["SnapshotDate", "11-10-2025"],
                ["ExtractTimestamp", "12-10-2025 07:40:18"],
                ["ExtractType", kind],
                ["ExtractNumber", "147"],
                ["Version", "1.0.0"],
            ],
        )
    }
    for table in ("enterprise", "establishment", "denomination", "address", "activity"):
        rows = tables.get(table, [])
        if kind == "full":
            files[f"{table}.csv"] = _csv_bytes(KBO_HEADERS[table], rows)
        else:
            files[f"{table}_insert.csv"] = _csv_bytes(KBO_HEADERS[table], rows)
            keys = (deletes or {}).get(table, [])
            files[f"{table}_delete.csv"] = _csv_bytes([DELETE_KEYS.get(table, "EntityNumber")], [[k] for k in keys])
    return files


def write_zip(path: Path, files: dict[str, bytes], *, folder: str = "KboOpenData_0147_2025_10_12_Update") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(f"{folder}/{name}" if folder else name, data)
    return path


def write_folder(path: Path, files: dict[str, bytes]) -> Path:
    path.mkdir()
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def address(entity, kind, zipcode, municipality, street, number="1", country=""):
    return [entity, kind, country, "", zipcode, municipality, "", street, "", number, "", "", ""]


@pytest.fixture
def staff_client(client, db):
    """A superuser logged in with two-factor authentication recorded in the session (the admin requires it)."""
    from tests.authz.helpers import log_in_with_mfa
    from tests.portal.factories import UserFactory

    log_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
