"""The shared import job (foundation.imports): one status, one progress, stale-job recovery for every importer."""

from datetime import timedelta

from django.utils import timezone

import pytest

from dmfa.models import ImportJob as DmfaImportJob
from foundation.imports import INTERRUPTED, ImportStatus, fail_stale_imports, import_job_models
from repertory.models import ImportJob as RepertoryImportJob

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _timeout(settings):
    settings.IMPORT_STALE_AFTER_MINUTES = 60


def test_every_importer_uses_the_shared_job_and_its_one_status():
    assert set(import_job_models()) >= {DmfaImportJob, RepertoryImportJob}
    for model in import_job_models():
        assert model._meta.get_field("status").choices == ImportStatus.choices


def test_beat_fails_the_stale_jobs_of_every_importer_and_only_those():
    long_ago = timezone.now() - timedelta(minutes=61)
    dmfa = DmfaImportJob.objects.create(source="command", file_name="d.xml", status="running", started_at=long_ago)
    repertory = RepertoryImportJob.objects.create(kind="csv", file_name="r.csv", status="running", started_at=long_ago)
    waiting = RepertoryImportJob.objects.create(kind="csv", file_name="w.csv")
    RepertoryImportJob.objects.filter(pk=waiting.pk).update(created_at=long_ago)  # no worker ever took it
    recent = DmfaImportJob.objects.create(
        source="command", file_name="n.xml", status="running", started_at=timezone.now()
    )
    assert fail_stale_imports() == 3
    for job in (dmfa, repertory, waiting):
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED and job.finished_at is not None
        assert job.errors == [{"file": job.file_name, "line": None, "message": INTERRUPTED}]
    recent.refresh_from_db()
    assert recent.status == ImportStatus.RUNNING
    assert fail_stale_imports() == 0


def test_progress_is_the_share_of_the_file_read_until_the_job_has_finished():
    job = RepertoryImportJob.objects.create(kind="csv", file_name="r.csv", status="running")
    assert job.progress_state() == {"status": "running", "label": "running", "percent": 0, "finished": False}
    job.report_progress(999, 1000)
    assert job.percent() == 99  # never 100 before the job has finished
    job.report_progress(1, 4)
    assert job.percent() == 25
    job.status = ImportStatus.SUCCEEDED
    assert job.percent() == 100
