"""Jobs a killed worker left running: failed after PORTAL_IMPORT_STALE_AFTER_MINUTES by the command, the beat task and
the admin's progress page; refused uploads recorded as failed jobs."""

from datetime import timedelta

from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

import pytest

from foundation.imports import INTERRUPTED, ImportStatus, fail_stale_imports
from repertory.models import ImportJob
from repertory.services import record_refused_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _timeout(settings):
    settings.IMPORT_STALE_AFTER_MINUTES = 60


def _job(status=ImportStatus.RUNNING, minutes_ago=61, **fields):
    started = timezone.now() - timedelta(minutes=minutes_ago) if minutes_ago is not None else None
    return ImportJob.objects.create(kind="csv", file_name="r.csv", status=status, started_at=started, **fields)


def test_only_jobs_running_longer_than_the_timeout_are_failed():
    stale = _job()
    recent = _job(minutes_ago=59)
    done = _job(status=ImportStatus.SUCCEEDED, message="Imported.")
    waiting = _job(status=ImportStatus.PENDING, minutes_ago=None)  # created just now: a worker may still take it
    assert fail_stale_imports() == 1
    stale.refresh_from_db()
    assert (stale.status, stale.message) == (ImportStatus.FAILED, INTERRUPTED)
    assert stale.errors == [{"file": "r.csv", "line": None, "message": INTERRUPTED}]
    assert stale.finished_at is not None
    for job, status in ((recent, "running"), (done, "succeeded"), (waiting, "pending")):
        job.refresh_from_db()
        assert job.status == status
    assert fail_stale_imports() == 0  # idempotent


def test_check_can_be_limited_to_some_jobs():
    first, second = _job(), _job()
    assert ImportJob.objects.fail_stale(job_ids=[second.pk]) == 1
    first.refresh_from_db()
    assert first.status == ImportStatus.RUNNING


def test_command_reports_what_it_failed(capsys):
    _job()
    call_command("fail_stale_imports")
    assert "1 import(s) unfinished after 60 minutes marked failed" in capsys.readouterr().out
    assert ImportJob.objects.get().status == ImportStatus.FAILED


def test_beat_runs_the_task():
    from foundation.tasks import fail_stale_imports as task

    schedule = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "foundation.fail_stale_imports" in schedule
    _job()
    assert task.delay().get() == 1


def test_refused_upload_is_a_failed_job_saying_why():
    job = record_refused_upload(name="huge.zip", message="huge.zip is 3 MB, more than the 2 MB", user=None)
    assert (job.status, job.kind, job.file_name) == (ImportStatus.FAILED, "kbo", "huge.zip")
    assert job.message == "huge.zip is 3 MB, more than the 2 MB" == job.errors[0]["message"]
    assert job.errors[0]["file"] == "huge.zip" and job.finished_at is not None


@pytest.mark.parametrize(
    ("language", "changes", "said"),
    [
        ("nl", {"status": ImportStatus.SUCCEEDED}, "Geïmporteerd."),
        ("de", {"status": ImportStatus.SUCCEEDED, "warnings": [{}, {}]}, "Importiert, mit 2 Warnungen."),
        ("fr", {"status": ImportStatus.FAILED, "errors": [{}, {}, {}]}, "3 problèmes trouvés ; rien n’a été importé."),
        ("nl", {"status": ImportStatus.FAILED}, "De import is gestopt door een onverwachte fout; er is niets geï"),
        ("en", {"status": ImportStatus.FAILED, "message": "big.csv is 2 MB"}, "big.csv is 2 MB"),
    ],
)
def test_a_jobs_summary_is_told_in_the_readers_language_from_its_counts(language, changes, said):
    from django.utils import translation

    with translation.override(language):
        assert ImportJob(kind="csv", **changes).summary().startswith(said)
