"""A DmfA import its worker never finished (issue 16, finding 3): failed as interrupted with nothing changed, by beat
and on opening its pages, and its uploaded file deleted."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.utils import timezone

import pytest

from dmfa import services
from dmfa.constants import ImportSource
from dmfa.models import EmployerDeclaration, ImportJob
from foundation.imports import ImportStatus, fail_stale_imports
from foundation.tasks import fail_stale_imports as beat_task
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.IMPORT_STALE_AFTER_MINUTES = 60


def left_running(*, minutes: int = 61, status: str = ImportStatus.RUNNING) -> ImportJob:
    job = services.create_job(source=ImportSource.UPLOAD, file_name="dmfa.xml")
    job.upload.save("dmfa.xml", ContentFile(b"<DmfAOriginal/>"), save=False)
    job.status, job.started_at = status, timezone.now() - timedelta(minutes=minutes)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(created_at=job.started_at)
    return job


def test_beat_fails_a_job_its_worker_left_running_and_deletes_its_file(tmp_path):
    job = left_running()
    stored = tmp_path / job.upload.name
    assert stored.exists()
    assert beat_task.delay().get() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.finished_at is not None
    assert job.errors[0]["message"].startswith("failed: interrupted, nothing changed")
    assert not job.upload and not stored.exists() and not EmployerDeclaration.objects.exists()


def test_a_job_waiting_for_a_worker_that_never_came_is_failed_too():
    job = left_running(status=ImportStatus.PENDING)
    assert fail_stale_imports() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_a_recent_running_job_is_left_alone():
    job = left_running(minutes=5)
    assert fail_stale_imports() == 0
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.upload


def test_beat_runs_it():
    assert {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()} >= {
        "foundation.fail_stale_imports"
    }


@pytest.mark.parametrize("page", ["progress/", "change/"])
def test_opening_the_jobs_page_fails_it(client, page):
    job = left_running()
    log_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get(f"/admin/dmfa/importjob/{job.pk}/{page}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code in (200, 302)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not job.upload


def test_a_job_that_stops_on_an_unexpected_error_deletes_its_file(tmp_path, monkeypatch):
    job = left_running(minutes=0)

    def boom(*args, **kwargs):
        raise RuntimeError("worker lost its database")

    monkeypatch.setattr(services, "_store", boom)
    with pytest.raises(RuntimeError):
        services.run_import(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and not job.upload and not list(tmp_path.rglob("*.xml"))
