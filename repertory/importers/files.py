"""Reading import files safely: UTF-8 CSV streams with line numbers, zip archives checked against bombs and strays."""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: A zip member may not expand more than this many times its compressed size (CSV compresses about 5-15 times).
MAX_COMPRESSION_RATIO = 200
#: Nor may all members together expand beyond this (a full KBO extract is about 2.5 GB of CSV).
MAX_UNCOMPRESSED_BYTES = 16 * 1024**3
#: The longest CSV field we accept (KBO names are at most 320 characters; addresses less).
csv.field_size_limit(10_000)


@dataclass(frozen=True)
class RowError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


class ImportFailed(Exception):
    """Bad input: nothing was imported. ``errors`` name the file and line of every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors[:5]))


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    rejected: int = 0
    warnings: list[RowError] = field(default_factory=list)  # imported all the same, for staff to look at


@dataclass
class Progress:
    """Bytes read out of the total, reported to ``callback`` at most once a second."""

    total: int = 0
    done: int = 0
    callback: Callable[[int, int], None] | None = None
    _last: float = field(default=0.0, repr=False)

    def advance(self, nbytes: int) -> None:
        self.done += nbytes
        now = time.monotonic()
        if self.callback and now - self._last >= 1.0:
            self._last = now
            self.callback(self.done, self.total)


class _CountingReader(io.RawIOBase):
    """Passes bytes through and tells the progress how many went by."""

    def __init__(self, raw, progress: Progress | None):
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if self._progress is not None:
            self._progress.advance(n)
        return n


def read_csv(binary, *, name: str, progress: Progress | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, row) of a UTF-8 CSV (a BOM is allowed), header included; bad bytes raise ImportFailed."""
    text = io.TextIOWrapper(
        io.BufferedReader(_CountingReader(binary, progress), buffer_size=1 << 16),
        encoding="utf-8-sig",
        errors="strict",
        newline="",
    )
    reader = csv.reader(text, strict=True)
    line = 0
    try:
        for row in reader:
            line = reader.line_num
            yield line, row
    except UnicodeDecodeError:
        raise ImportFailed(
            [RowError(name, line + 1, f"the file is not UTF-8 text (bad bytes after line {line})")]
        ) from None
    except csv.Error as exc:
        raise ImportFailed([RowError(name, reader.line_num, f"malformed CSV: {exc}")]) from None


def check_header(header: list[str], expected: list[str], *, name: str) -> None:
    if header != expected:
        missing = [column for column in expected if column not in header]
        unexpected = [column for column in header if column not in expected]
        details = []
        if missing:
            details.append("missing {columns}".format(columns=", ".join(missing)))
        if unexpected:
            details.append("unexpected {columns}".format(columns=", ".join(unexpected)))
        if not details:
            details.append("columns in the wrong order")
        raise ImportFailed(
            [
                RowError(
                    name,
                    1,
                    f"wrong columns ({'; '.join(details)}); expected: {','.join(expected)}",
                )
            ]
        )


# -- KBO extracts: a folder or a zip --------------------------------------------------------------------------------

KBO_TABLES = ("enterprise", "establishment", "denomination", "address", "contact", "activity", "branch")
_KBO_MEMBER = re.compile(r"^(meta|code|(?:{})(?:_insert|_delete)?)\.csv$".format("|".join(KBO_TABLES)))


class KboSource:
    """The CSV files of one KBO extract, by name (``enterprise``, ``address_insert``...), opened on demand."""

    def __init__(self, label: str, openers: dict[str, Callable[[], object]], sizes: dict[str, int]):
        self.label = label
        self._openers = openers
        self.sizes = sizes

    def __contains__(self, name: str) -> bool:
        return name in self._openers

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())

    def rows(self, name: str, *, progress: Progress | None = None) -> Iterator[tuple[int, list[str]]]:
        with self._openers[name]() as binary:
            yield from read_csv(binary, name=f"{name}.csv", progress=progress)


def _member_name(path: str, *, source: str) -> str:
    """``KboOpenData_0147_..._Update/enterprise_insert.csv`` -> ``enterprise_insert``; anything else is refused."""
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if not parts or len(parts) > 2 or any(part in {".", ".."} for part in parts) or path.startswith("/"):
        raise ImportFailed([RowError(source, 0, f"unexpected file in the extract: {path}")])
    match = _KBO_MEMBER.match(parts[-1])
    if not match:
        raise ImportFailed([RowError(source, 0, f"unexpected file in the extract: {path}")])
    return match.group(1)


def open_kbo_zip(path: Path, archive: zipfile.ZipFile) -> KboSource:
    label = path.name
    openers, sizes = {}, {}
    total = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = _member_name(info.filename, source=label)
        if name in openers:
            raise ImportFailed([RowError(label, 0, f"{info.filename} appears twice")])
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise ImportFailed([RowError(label, 0, f"{info.filename} expands too much: refused as a zip bomb")])
        if total > MAX_UNCOMPRESSED_BYTES:
            raise ImportFailed([RowError(label, 0, "the archive expands too much: refused as a zip bomb")])
        openers[name] = lambda info=info: archive.open(info)
        sizes[name] = info.file_size
    return KboSource(label, openers, sizes)


def open_kbo_folder(path: Path) -> KboSource:
    openers, sizes = {}, {}
    for child in sorted(path.iterdir()):
        if child.is_dir() or child.name.startswith("."):
            raise ImportFailed([RowError(path.name, 0, f"unexpected file in the extract: {child.name}")])
        name = _member_name(child.name, source=path.name)
        openers[name] = lambda child=child: child.open("rb")
        sizes[name] = child.stat().st_size
    return KboSource(path.name, openers, sizes)


def is_kbo_extract(path: Path) -> bool:
    """A folder or a zip is a KBO extract; a .csv file is the portal's own repertory CSV."""
    return path.is_dir() or zipfile.is_zipfile(path)
