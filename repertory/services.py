"""Writes of the repertory app: running an import job (portal CSV or KBO extract) and loading reference tables."""

from __future__ import annotations

import logging
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.utils import timezone, translation

from foundation.imports import ImportStatus
from repertory.constants import ImportKind
from repertory.importers.codes import load_employer_categories, load_shipped_code_table
from repertory.importers.files import (
    Counts,
    ImportFailed,
    Progress,
    RowError,
    is_kbo_extract,
    open_kbo_folder,
    open_kbo_zip,
)
from repertory.importers.kbo import import_kbo_extract
from repertory.importers.portal_csv import import_portal_csv
from repertory.models import EmployerCategory, ImportJob, KboCode

logger = logging.getLogger(__name__)


def ensure_reference_tables() -> None:
    """Load the shipped KBO code table and employer categories when the database has none yet."""
    if not KboCode.objects.exists():
        load_shipped_code_table()
    if not EmployerCategory.objects.exists():
        load_employer_categories()


def detect_kind(path: Path) -> str:
    return ImportKind.KBO if is_kbo_extract(path) else ImportKind.PORTAL_CSV


@contextmanager
def _opened(job: ImportJob):
    """The job's file as a local path (an upload in the default storage, or a path given to the command)."""
    if job.path:
        yield Path(job.path)
    else:
        yield Path(job.upload.path)


def import_path(path: Path, *, kind: str, progress: Progress | None = None) -> Counts:
    """Import one file or extract folder; raises ImportFailed on bad input (nothing imported then).

    Messages are in English: they go to staff logs and job pages whatever language the caller runs in.
    """
    with translation.override("en"):
        return _import_path(path, kind=kind, progress=progress)


def _import_path(path: Path, *, kind: str, progress: Progress | None) -> Counts:
    if not path.exists():
        raise ImportFailed([RowError(path.name, 0, "no such file or folder")])
    ensure_reference_tables()
    if kind == ImportKind.KBO:
        if path.is_dir():
            return import_kbo_extract(open_kbo_folder(path), progress=progress)
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise ImportFailed([RowError(path.name, 0, "not a zip archive")]) from None
        with archive:
            return import_kbo_extract(open_kbo_zip(path, archive), progress=progress)
    if path.is_dir() or zipfile.is_zipfile(path):
        raise ImportFailed([RowError(path.name, 0, "expected the portal's repertory CSV, not a folder or a zip")])
    if progress is not None:
        progress.total = path.stat().st_size
    with path.open("rb") as binary:
        return import_portal_csv(binary, name=path.name, progress=progress)


def run_import_job(*, job_id: int) -> ImportJob:
    """Run a job: mark it running, import all or nothing, record counts or errors. Bad input fails the job;
    anything unexpected fails it too and is raised again."""
    job = ImportJob.objects.get(pk=job_id)
    job.start()
    progress = Progress(callback=job.report_progress)
    try:
        with _opened(job) as path:
            counts = import_path(path, kind=job.kind, progress=progress)
    except ImportFailed as failure:
        job.status = ImportStatus.FAILED
        job.errors = [error.as_dict() for error in failure.errors]
        job.rows_rejected = len([error for error in failure.errors if error.line])
    except Exception as exc:  # told as an unexpected error by the job's summary; the trace goes to the log
        job.status = ImportStatus.FAILED
        logger.warning("repertory import %s stopped on %s", job.pk, type(exc).__name__)
        job.finished_at = timezone.now()
        job.discard_upload()
        job.save()
        logger.exception("repertory import %s failed", job.pk)
        raise
    else:
        job.status = ImportStatus.SUCCEEDED
        job.rows_read, job.rows_created = counts.read, counts.created
        job.rows_updated, job.rows_deleted = counts.updated, counts.deleted
        job.warnings = [warning.as_dict() for warning in counts.warnings]
    job.finished_at = timezone.now()
    job.discard_upload()  # natural-person employers' data: kept no longer than its import, whatever the outcome
    job.save()
    job.clear_progress()
    return job


def record_refused_upload(*, name: str, message: str, user) -> ImportJob:
    """A failed job for an admin upload refused as too large (its file was never read nor stored);
    ``message`` says why in the words of the refusal page."""
    name = (name or "upload")[:255]
    now = timezone.now()
    return ImportJob.objects.create(
        kind=ImportKind.KBO if name.lower().endswith(".zip") else ImportKind.PORTAL_CSV,
        status=ImportStatus.FAILED,
        file_name=name,
        created_by=user,
        started_at=now,
        finished_at=now,
        errors=[RowError(name, 0, message).as_dict()],
        message=message,
    )
