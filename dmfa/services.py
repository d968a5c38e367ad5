"""Writes of the dmfa app: import a DmfA file (all or nothing, idempotent, newer replaces older) and person data."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import logging
import operator
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any

from django.db import OperationalError, connection, models, transaction
from django.utils import timezone

from psycopg import sql as psycopg_sql
from psycopg.errors import DeadlockDetected

from dmfa.constants import ImportSource, Sex
from dmfa.models import (
    ComplementaryIndemnity,
    ComplementaryIndemnityContribution,
    DismissedStatutoryWorkerContribution,
    EarlyRetirementContribution,
    EmployerDeclaration,
    ImportJob,
    IncapacityIndemnity,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    PersonIdentity,
    Remuneration,
    Service,
    StudentContribution,
    WorkerContribution,
    WorkerDeduction,
    WorkerDeductionDetail,
    WorkerRecord,
)
from dmfa.parser import Block, Declaration, DmfaFileError, DmfaReader, Problem
from foundation.identifiers import is_valid_insz
from foundation.imports import ImportStatus

logger = logging.getLogger(__name__)

#: Persons written per round of COPY (or bulk inserts): memory stays flat, round trips few.
BATCH_SIZE = 1000

#: How many times a file is imported again after PostgreSQL stopped it in a deadlock with another import.
DEADLOCK_ATTEMPTS = 5

#: XML block -> (model, foreign key to the parent block's row).
MODELS = {
    "NaturalPerson": (NaturalPerson, "declaration"),
    "WorkerRecord": (WorkerRecord, "person"),
    "Occupation": (Occupation, "worker_record"),
    "Service": (Service, "occupation"),
    "Remun": (Remuneration, "occupation"),
    "OccupationDeduction": (OccupationDeduction, "occupation"),
    "WorkerContribution": (WorkerContribution, "worker_record"),
    "WorkerDeduction": (WorkerDeduction, "worker_record"),
    "DeductionDetail": (WorkerDeductionDetail, "deduction"),
    "StudentContribution": (StudentContribution, "worker_record"),
    "DismissedStatutoryWorkerContribution": (DismissedStatutoryWorkerContribution, "worker_record"),
    "EarlyRetirementContribution": (EarlyRetirementContribution, "worker_record"),
    "ComplementaryIndemnity": (ComplementaryIndemnity, "worker_record"),
    "ComplIndemnityContribution": (ComplementaryIndemnityContribution, "indemnity"),
    "IndemnityWAPM": (IncapacityIndemnity, "worker_record"),
}
CHILDREN = {
    "NaturalPerson": ("WorkerRecord",),
    "WorkerRecord": (
        "Occupation",
        "WorkerContribution",
        "WorkerDeduction",
        "StudentContribution",
        "DismissedStatutoryWorkerContribution",
        "EarlyRetirementContribution",
        "ComplementaryIndemnity",
        "IndemnityWAPM",
    ),
    "Occupation": ("Service", "Remun", "OccupationDeduction"),
    "WorkerDeduction": ("DeductionDetail",),
    "ComplementaryIndemnity": ("ComplIndemnityContribution",),
}


@dataclass
class _Counts:
    forms: int = 0
    created: int = 0
    unchanged: int = 0
    replaced: int = 0
    persons: int = 0
    pending: list[tuple[Block, EmployerDeclaration]] = field(default_factory=list)


def create_job(*, source: str, file_name: str, path: str = "", file_size: int = 0, created_by=None) -> ImportJob:
    return ImportJob.objects.create(
        source=source, file_name=file_name, path=path, file_size=file_size, created_by=created_by
    )


def record_refused_upload(*, file_name: str, file_size: int, created_by, message: str) -> ImportJob:
    """An upload refused before any import (over the size limit): a failed job that says why, nothing stored."""
    job = create_job(source=ImportSource.UPLOAD, file_name=file_name, file_size=file_size, created_by=created_by)
    job.started_at = timezone.now()
    _finish(job, ImportStatus.FAILED, errors=[Problem(file=file_name, message=message).as_dict()])
    logger.info("DmfA upload %s refused: over the size limit (%d bytes)", job.pk, file_size)
    return job


def import_path(*, path: str | Path, source: str = ImportSource.COMMAND, created_by=None, today=None) -> ImportJob:
    """Import a DmfA file from the server's disk (the command and the demo)."""
    path = Path(path)
    job = create_job(
        source=source,
        file_name=path.name,
        path=str(path.resolve()),
        file_size=path.stat().st_size,
        created_by=created_by,
    )
    return run_import(job=job, today=today)


def run_import(*, job: ImportJob, today: dt.date | None = None) -> ImportJob:
    """Read the job's file and store its declarations in one transaction; the job records the outcome.

    Imports run side by side on several workers: each waits for the others at an employer's quarter they share
    (``_lock_employer_quarter``). Two files that meet their employers in opposite orders may deadlock; PostgreSQL
    then stops one, which is rolled back whole and run again from the start of its file.
    """
    job.start()
    try:
        for attempt in range(1, DEADLOCK_ATTEMPTS + 1):
            try:
                reader, counts = _import_once(job, today=today)
                break
            except (OperationalError, DeadlockDetected) as exc:  # through Django's cursor, or the writer's own
                deadlock = isinstance(exc, DeadlockDetected) or isinstance(exc.__cause__, DeadlockDetected)
                if attempt == DEADLOCK_ATTEMPTS or not deadlock:
                    raise
                logger.info("DmfA import %s met another import in a deadlock: run again (%d)", job.pk, attempt)
    except DmfaFileError as exc:
        _finish(job, ImportStatus.FAILED, errors=[problem.as_dict() for problem in exc.problems])
        logger.info("DmfA import %s refused: %d problem(s)", job.pk, len(exc.problems))
        return job
    except OSError as exc:
        _finish(job, ImportStatus.FAILED, errors=[Problem(file=job.file_name, message=str(exc)).as_dict()])
        return job
    except Exception as exc:
        # Nothing was stored (the transaction rolled back); the job must not stay "running" for ever.
        message = f"the import stopped on an unexpected error: {type(exc).__name__}"
        _finish(job, ImportStatus.FAILED, errors=[Problem(file=job.file_name, message=message).as_dict()])
        raise
    job.forms, job.persons = counts.forms, counts.persons
    job.declarations_created, job.declarations_unchanged = counts.created, counts.unchanged
    job.declarations_replaced = counts.replaced
    job.warnings = [warning.as_dict() for warning in reader.warnings]
    _finish(job, ImportStatus.SUCCEEDED, errors=[])
    return job


def _import_once(job: ImportJob, *, today: dt.date | None) -> tuple[DmfaReader, _Counts]:
    with _open_source(job) as handle:
        reader = DmfaReader(handle, file_name=job.file_name, today=today)

        def report(position: int) -> None:
            job.report_progress(position, job.file_size)

        with _without_cycle_collection(), transaction.atomic():
            return reader, _store(reader, job, report)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector during an import: the import makes millions of short-lived objects (a person's
    blocks, held until their batch is written) that form no reference cycles and are freed by reference counting,
    and the collector's passes over them took about a tenth of the import's time. Resumed afterwards, whatever the
    outcome."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _open_source(job: ImportJob) -> IO[bytes]:
    if job.upload:
        return job.upload.open("rb")
    return open(job.path, "rb")


def _finish(job: ImportJob, status: str, *, errors: list[dict]) -> None:
    job.status, job.errors, job.finished_at = status, errors, timezone.now()
    job.discard_upload()  # an uploaded declaration is personal data: kept no longer than its import
    job.save()
    job.clear_progress()


def _store(reader: DmfaReader, job: ImportJob, report: Callable[[int], None]) -> _Counts:
    counts = _Counts()
    writer = _Writer()
    declaration: EmployerDeclaration | None = None
    try:
        for event in reader:
            kind = event[0]
            if kind == "declaration":
                counts.forms += 1
                writer.drain()  # the connection is the writer's until its batches are in
                declaration = _declaration_row(event[1], job, counts)
            elif kind == "person" and declaration is not None:
                counts.pending.append((event[2], declaration))
                if len(counts.pending) >= BATCH_SIZE:
                    _flush(counts, writer)
                    report(reader.position())
            elif kind == "end" and declaration is not None:
                _flush(counts, writer)
                writer.drain()
                declared: Declaration = event[1]
                declaration.person_count = declared.person_count
                declaration.save(update_fields=["person_count"])
                declaration = None
        writer.drain()
    finally:
        writer.close()
    return counts


def _lock_employer_quarter(employer: dict) -> None:
    """PostgreSQL: wait until no other import holds this employer's quarter, then hold it until this file commits.

    Without it, two workers importing the same declaration (or two versions of it) would both find none before
    either commits; the unique constraints would then fail the second file whole. Waiting instead, the second sees
    what the first stored: the same declaration is counted unchanged, another version replaces it or is kept as
    older. A hash collision only makes two imports wait for each other.
    """
    if connection.vendor != "postgresql":
        return  # SQLite has one writer at a time anyway
    key = f"dmfa-declaration:{employer['registration_number']}:{employer['enterprise_number']}:{employer['quarter']}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _declaration_row(declared: Declaration, job: ImportJob, counts: _Counts) -> EmployerDeclaration | None:
    """The row of a new declaration (None when this very declaration was imported before)."""
    employer = {
        "registration_number": declared.registration_number,
        "enterprise_number": declared.enterprise_number,
        "quarter": declared.quarter,
    }
    _lock_employer_quarter(employer)
    if EmployerDeclaration.objects.filter(**employer, form_reference=declared.form_reference).exists():
        counts.unchanged += 1
        return None
    current = EmployerDeclaration.objects.select_for_update().filter(**employer, is_current=True).first()
    newer = current is None or current.form_created_at <= declared.form_created_at
    if current is not None and newer:
        current.is_current = False
        current.save(update_fields=["is_current"])
        counts.replaced += 1
    row = EmployerDeclaration.objects.create(
        **employer,
        import_job=job,
        form_reference=declared.form_reference,
        form_created_at=declared.form_created_at,
        trusteeship=declared.trusteeship,
        net_owed_amount=declared.net_owed_amount,
        system5=declared.system5,
        holiday_starting_date=declared.holiday_starting_date,
        is_current=newer,
        replaced_by=None if newer else current,
    )
    if current is not None and newer:
        current.replaced_by = row
        current.save(update_fields=["replaced_by"])
    counts.created += 1
    return row


def _flush(counts: _Counts, writer: _Writer) -> None:
    """Write the pending persons and every block below them, one COPY (or bulk insert) per block type."""
    if not counts.pending:
        return
    writer.submit([(block, declaration.pk) for block, declaration in counts.pending])
    counts.persons += len(counts.pending)
    counts.pending = []


@dataclass(frozen=True)
class _Table:
    """How the rows of one block type are written: the model, its parent's column and the other columns in order."""

    model: type[models.Model]
    parent_attname: str
    columns: tuple[str, ...]  # id, the parent's column, then the others (database names)
    defaults: dict[str, Any]  # the others' values when the block lacks them
    pick: Callable[[dict[str, Any]], tuple]  # a block's values (defaults filled in) -> the others' values, in order


@cache
def _table(tag: str) -> _Table:
    model, parent_field = MODELS[tag]
    parent = model._meta.get_field(parent_field)
    others = [field for field in model._meta.concrete_fields if not field.primary_key and field is not parent]
    names = [field.name for field in others]
    pick = operator.itemgetter(*names) if len(names) > 1 else (lambda values: (values[names[0]],))
    return _Table(
        model=model,
        parent_attname=parent.attname,
        columns=(model._meta.pk.column, parent.column, *(field.column for field in others)),
        defaults={field.name: field.get_default() for field in others},
        pick=pick,
    )


class _Writer:
    """Writes the persons of one file and every block below them, level by level, inside the file's transaction.

    PostgreSQL: ids are drawn from each table's sequence in one query per batch (the sequence is looked up once per
    file), then the rows are streamed with COPY, far faster than INSERT. A thread of the writer's own sends the
    batches on the file's connection while the reader parses the next ones, so that the database's work on a batch
    and the parse of the next overlap; at most ``QUEUED_BATCHES`` wait their turn, so memory stays flat. The reader
    uses the connection itself only after ``drain()`` (psycopg allows no other statement in the middle of a COPY).
    SQLite: bulk inserts, in the caller.
    """

    QUEUED_BATCHES = 2

    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"
        self.sequences: dict[str, str] = {}
        self.failure: BaseException | None = None
        self.thread: threading.Thread | None = None
        if self.postgresql:
            connection.ensure_connection()
            self.raw = connection.connection  # the psycopg connection of the file's transaction
            self.batches: queue.Queue[list[tuple[Block, int]] | None] = queue.Queue(maxsize=self.QUEUED_BATCHES)
            self.thread = threading.Thread(target=self._run, name="dmfa-import-writer", daemon=True)
            self.thread.start()

    def submit(self, pairs: list[tuple[Block, int]]) -> None:
        """Write persons (each with its declaration's id) and their blocks, now or, on PostgreSQL, soon."""
        if self.thread is None:
            self.write("NaturalPerson", pairs)
            return
        self._raise_failure()
        self.batches.put(pairs)

    def drain(self) -> None:
        """Return once every batch submitted is written; raise what stopped the writer."""
        if self.thread is not None:
            self.batches.join()
            self._raise_failure()

    def close(self) -> None:
        """Stop the thread (after the batch it is writing, if any); the queued batches are dropped."""
        if self.thread is None:
            return
        while True:  # empty the queue, so that the stop signal finds room
            try:
                self.batches.get_nowait()
                self.batches.task_done()
            except queue.Empty:
                break
        self.batches.put(None)
        self.thread.join()
        self.thread = None

    def _raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while (pairs := self.batches.get()) is not None:
            try:
                if self.failure is None:  # after a failure the transaction is lost: the rest is only acknowledged
                    self.write("NaturalPerson", pairs)
            except BaseException as exc:  # handed to the reader's thread, which raises it
                self.failure = exc
            finally:
                self.batches.task_done()

    def write(self, tag: str, pairs: list[tuple[Block, int]]) -> None:
        """Write the blocks (each with its parent's id), then their child blocks, level by level."""
        table = _table(tag)
        ids = self._copy(table, pairs) if self.postgresql else self._bulk_create(table, pairs)
        child_tags = CHILDREN.get(tag, ())
        if not child_tags:
            return
        below: dict[str, list[tuple[Block, int]]] = {child_tag: [] for child_tag in child_tags}
        for (block, _parent), row_id in zip(pairs, ids, strict=True):  # one pass, whatever the number of child tags
            for child_tag, children in block.children.items():
                siblings = below.get(child_tag)
                if siblings is not None:
                    siblings += [(child, row_id) for child in children]
        for child_tag, child_pairs in below.items():
            if child_pairs:
                self.write(child_tag, child_pairs)

    @staticmethod
    def _bulk_create(table: _Table, pairs: list[tuple[Block, int]]) -> list[int]:
        model, parent = table.model, table.parent_attname
        rows = [model(**{parent: parent_id}, **block.values) for block, parent_id in pairs]
        model.objects.bulk_create(rows, batch_size=500)
        return [row.pk for row in rows]

    def _copy(self, table: _Table, pairs: list[tuple[Block, int]]) -> list[int]:
        db_table = table.model._meta.db_table
        with self.raw.cursor() as cursor:
            sequence = self.sequences.get(db_table)
            if sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [db_table, table.columns[0]])
                sequence = self.sequences[db_table] = cursor.fetchone()[0]
            # The sequence as a constant: named per row (pg_get_serial_sequence in the select list), it costs
            # several times the draw itself.
            cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(pairs)])
            ids = [row[0] for row in cursor.fetchall()]
            statement = psycopg_sql.SQL("COPY {} ({}) FROM STDIN").format(
                psycopg_sql.Identifier(db_table),
                psycopg_sql.SQL(", ").join(psycopg_sql.Identifier(column) for column in table.columns),
            )
            defaults, pick = table.defaults, table.pick
            with cursor.copy(statement) as copy:
                write_row = copy.write_row
                for row_id, (block, parent_id) in zip(ids, pairs, strict=True):
                    write_row((row_id, parent_id, *pick({**defaults, **block.values})))
        return ids


# Identification data from the national register (CSV).

PERSON_COLUMNS = (
    "insz",
    "last_name",
    "first_name",
    "middle_initial",
    "birth_date",
    "birth_place",
    "birth_country",
    "sex",
    "street",
    "house_number",
    "box",
    "postcode",
    "municipality",
    "country",
    "nationality",
)


class PersonFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def import_persons(*, source: str | Path | IO[str], file_name: str = "") -> int:
    """Create or update the identification of every person in a CSV (header = PERSON_COLUMNS); all or nothing."""
    if isinstance(source, str | Path):
        file_name = file_name or Path(source).name
        with open(source, encoding="utf-8-sig", newline="") as handle:
            return import_persons(source=handle, file_name=file_name)
    reader = csv.DictReader(source)
    missing = [column for column in ("insz", "last_name") if column not in (reader.fieldnames or [])]
    if missing:
        raise PersonFileError([f"{file_name}: missing column(s) {', '.join(missing)}"])
    unknown = [column for column in reader.fieldnames or [] if column not in PERSON_COLUMNS]
    if unknown:
        raise PersonFileError([f"{file_name}: unknown column(s) {', '.join(unknown)}"])
    rows, problems, seen = [], [], set()
    for line, record in enumerate(reader, start=2):
        row, errors = _person_row(record)
        problems += [f"{file_name}, line {line}: {error}" for error in errors]
        if row is not None and row.insz in seen:
            problems.append(f"{file_name}, line {line}: INSZ {row.insz} appears twice")
        elif row is not None:
            seen.add(row.insz)
            rows.append(row)
    if problems:
        raise PersonFileError(problems)
    fields = [column for column in PERSON_COLUMNS if column != "insz"]
    with transaction.atomic():
        PersonIdentity.objects.bulk_create(
            rows, batch_size=500, update_conflicts=True, unique_fields=["insz"], update_fields=[*fields, "updated_at"]
        )
    return len(rows)


def _person_row(record: dict[str, str | None]) -> tuple[PersonIdentity | None, list[str]]:
    values = {key: (value or "").strip() for key, value in record.items() if key}
    errors = []
    insz = "".join(ch for ch in values.get("insz", "") if ch.isdigit())
    if not is_valid_insz(insz):
        errors.append(f"INSZ {values.get('insz', '')!r} is not valid")
    if not values.get("last_name"):
        errors.append("the last name is missing")
    birth_date = None
    if values.get("birth_date"):
        try:
            birth_date = dt.date.fromisoformat(values["birth_date"])
        except ValueError:
            errors.append(f"birth date {values['birth_date']!r} is not a date (YYYY-MM-DD)")
    sex = {"1": Sex.MALE, "m": Sex.MALE, "2": Sex.FEMALE, "f": Sex.FEMALE, "v": Sex.FEMALE, "": None}.get(
        values.get("sex", "").lower(), "bad"
    )
    if sex == "bad":
        errors.append(f"sex {values['sex']!r} is not 1 (male) or 2 (female)")
    limits = {field.name: field.max_length for field in PersonIdentity._meta.fields if field.max_length}
    for column in PERSON_COLUMNS[1:]:
        if column in limits and len(values.get(column, "")) > limits[column]:
            errors.append(f"{column} is longer than {limits[column]} characters")
    if errors:
        return None, errors
    data = {column: values.get(column, "") for column in PERSON_COLUMNS if column not in {"insz", "birth_date", "sex"}}
    return PersonIdentity(insz=insz, birth_date=birth_date, sex=sex, **data), []


def persons_csv(rows: list[dict[str, str]]) -> io.StringIO:
    """Write person rows as the CSV import_persons reads (the demo and the tests use it)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=PERSON_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in PERSON_COLUMNS})
    buffer.seek(0)
    return buffer
