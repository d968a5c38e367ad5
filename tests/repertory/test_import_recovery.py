"""A repertory import's uploaded file is deleted when the job ends, whatever the outcome (issue 16, finding 3)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from foundation.imports import ImportStatus
from repertory import services
from repertory.models import ImportJob
from tests.repertory.conftest import employer_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_STALE_AFTER_MINUTES = 60


def uploaded(path_or_bytes) -> ImportJob:
    job = ImportJob.objects.create(kind="csv", file_name="repertory.csv")
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    job.upload.save("repertory.csv", ContentFile(content), save=True)
    return job


def files(tmp_path) -> list:
    return list((tmp_path / "media").rglob("*.csv"))


def test_the_file_of_a_succeeded_import_is_deleted(reference_tables, write_csv, tmp_path):
    job = services.run_import_job(job_id=uploaded(write_csv([employer_row()])).pk)
    assert job.status == ImportStatus.SUCCEEDED and not job.upload and not files(tmp_path)


def test_the_file_of_a_refused_import_is_deleted(reference_tables, write_csv, tmp_path):
    job = services.run_import_job(job_id=uploaded(write_csv([employer_row(registration_number="134567809")])).pk)
    assert job.status == ImportStatus.FAILED and not job.upload and not files(tmp_path)


def test_the_file_of_an_import_stopped_by_an_unexpected_error_is_deleted(reference_tables, tmp_path, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("lost")

    monkeypatch.setattr(services, "import_path", boom)
    job = uploaded(b"x")
    with pytest.raises(RuntimeError):
        services.run_import_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not job.upload and not files(tmp_path)


def test_the_file_of_an_interrupted_import_is_deleted(tmp_path):
    job = uploaded(b"x")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=61)
    )
    assert ImportJob.objects.fail_stale() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not job.upload and not files(tmp_path)
