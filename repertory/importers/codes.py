"""Loads the reference tables: the KBO code table (four languages per code) and the employer categories."""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.db import transaction

from foundation.reference import EMPLOYER_CATEGORIES
from repertory.importers.files import ImportFailed, RowError, check_header, read_csv
from repertory.models import EmployerCategory, KboCode

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CODE_TABLE = DATA_DIR / "kbo-code.csv.gz"
CODE_COLUMNS = ["Category", "Code", "Language", "Description"]
CATEGORY_COLUMNS = ["code", "employer_type", "label_nl", "label_fr", "label_de", "label_en"]
_LANGUAGES = {"NL": "label_nl", "FR": "label_fr", "DE": "label_de", "EN": "label_en"}


def read_code_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Rows of a code.csv file, gzip-compressed or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as binary:
        yield from read_csv(binary, name=path.name)


@transaction.atomic
def load_code_table(rows: Iterable[tuple[int, list[str]]], *, name: str = "code.csv") -> int:
    """Replace the KBO code table with ``rows`` (header first); return the number of codes."""
    codes: dict[tuple[str, str], KboCode] = {}
    rows = iter(rows)
    _line, header = next(rows, (1, []))
    check_header(header, CODE_COLUMNS, name=name)
    for line, row in rows:
        if len(row) != 4 or row[2] not in _LANGUAGES:
            raise ImportFailed([RowError(name, line, f"expected Category,Code,Language,Description, got {row!r}")])
        category, code, language, description = row
        entry = codes.setdefault((category, code), KboCode(category=category, code=code))
        setattr(entry, _LANGUAGES[language], description)
    KboCode.objects.all().delete()
    KboCode.objects.bulk_create(codes.values(), batch_size=2000)
    return len(codes)


def load_shipped_code_table() -> int:
    return load_code_table(read_code_rows(CODE_TABLE), name=CODE_TABLE.name)


#: Where the shipped categories come from (repertory/data/README.md gives the details).
CATEGORY_SOURCE = "DmfA annex 27 (RSZ, 2022/2)"


@transaction.atomic
def load_employer_categories(path: Path = EMPLOYER_CATEGORIES) -> int:
    """Create or update the employer categories of the shipped list (categories staff added stay)."""
    categories = []
    with path.open("rb") as binary:
        rows = read_csv(binary, name=path.name)
        _line, header = next(rows, (1, []))
        check_header(header, CATEGORY_COLUMNS, name=path.name)
        for line, row in rows:
            if len(row) != len(CATEGORY_COLUMNS):
                raise ImportFailed([RowError(path.name, line, "wrong number of fields")])
            categories.append(EmployerCategory(**dict(zip(CATEGORY_COLUMNS, row, strict=True)), source=CATEGORY_SOURCE))
    EmployerCategory.objects.bulk_create(
        categories,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[*CATEGORY_COLUMNS[1:], "source"],
    )
    return len(categories)
