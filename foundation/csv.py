"""CSV files a spreadsheet opens as intended: formula-safe text cells, RFC 4180 quoting, the dialect of a language.

A Belgian spreadsheet set to Dutch, French or German expects `;` between cells and a decimal comma, and reads the
file as UTF-8 only when it starts with a byte order mark; an English one expects `,` and a decimal point.

Every text cell is treated as typed by someone: a text that a spreadsheet would run as a formula (it starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, the list of the OWASP "CSV injection" page) is written with a
leading apostrophe. Numbers the project computed (``int``, ``Decimal``) are written as numbers, in the dialect's
decimal notation and without grouping, so a spreadsheet can add them up.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

#: The first characters that make a spreadsheet evaluate a cell (OWASP, "CSV Injection").
FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})
BOM = "\ufeff"
#: RFC 4180 ends every record, the last one too, with CRLF.
LINE_END = "\r\n"


@dataclass(frozen=True)
class Dialect:
    """How one language's spreadsheets read a CSV file."""

    delimiter: str
    decimal_separator: str
    bom: bool


COMMA_DIALECT = Dialect(delimiter=",", decimal_separator=".", bom=False)
SEMICOLON_DIALECT = Dialect(delimiter=";", decimal_separator=",", bom=True)
_DIALECTS = {"nl": SEMICOLON_DIALECT, "fr": SEMICOLON_DIALECT, "de": SEMICOLON_DIALECT}


def dialect_for(language: str | None) -> Dialect:
    """The dialect for a language code ("nl", "fr-be", "de"...); English and unknown languages get commas."""
    base = (language or "").lower().replace("_", "-").split("-")[0]
    return _DIALECTS.get(base, COMMA_DIALECT)


def escape_formula(value: object) -> str:
    """The text of a typed cell, with an apostrophe in front when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def cell(value: object, dialect: Dialect) -> str:
    """One value as cell text: numbers in the dialect's notation, dates in ISO 8601, booleans as 1/0, text escaped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", dialect.decimal_separator)
    if isinstance(value, float):
        # A float is a computed measure (never money); repr keeps every digit without an exponent for usual sizes.
        return format(Decimal(repr(value)), "f").replace(".", dialect.decimal_separator)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return escape_formula(value)


class _Line:
    """A file-like object that hands back what the csv writer writes, for line-by-line streaming."""

    def write(self, text: str) -> str:
        return text


class Writer:
    """Rows to CSV text in one dialect: ``header`` and ``row`` each return one encoded line (with the BOM first)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._writer = csv.writer(
            _Line(), delimiter=dialect.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator=LINE_END
        )
        self._started = False

    def _line(self, cells: list[str]) -> str:
        line = str(self._writer.writerow(cells))
        if not self._started:
            self._started = True
            if self.dialect.bom:
                line = BOM + line
        return line

    def header(self, columns: Sequence[object]) -> str:
        """The header line: column titles are text the project wrote, escaped like any other text all the same."""
        return self._line([escape_formula(column) for column in columns])

    def row(self, values: Sequence[object]) -> str:
        return self._line([cell(value, self.dialect) for value in values])


def lines(columns: Sequence[object], rows: Iterable[Sequence[object]], *, language: str | None) -> Iterator[str]:
    """The CSV text line by line (for a streaming response): the header, then one line per row."""
    writer = Writer(dialect_for(language))
    yield writer.header(columns)
    for values in rows:
        yield writer.row(values)


def text(columns: Sequence[object], rows: Iterable[Sequence[object]], *, language: str | None) -> str:
    """The whole CSV text (BOM included for a dialect that has one)."""
    return "".join(lines(columns, rows, language=language))


#: The Content-Type of a CSV response; the header=present parameter is RFC 4180's.
CONTENT_TYPE = "text/csv; charset=utf-8; header=present"
