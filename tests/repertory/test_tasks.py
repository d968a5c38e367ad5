"""The import task on a real Celery worker through the Redis broker (CI's second run sets REDIS_URL)."""

import pytest

from repertory.constants import ImportStatus
from repertory.models import Employer, ImportJob
from repertory.tasks import run_import
from tests.repertory.conftest import employer_row


def test_task_runs_the_job_eagerly(reference_tables, write_csv):
    job = ImportJob.objects.create(kind="csv", source_name="r.csv", path=str(write_csv([employer_row()])))
    assert run_import.delay(job.pk).get() == ImportStatus.SUCCEEDED
    assert Employer.objects.count() == 1


@pytest.mark.real_celery
@pytest.mark.django_db(transaction=True)
def test_task_runs_on_a_real_worker(redis_url, reference_tables, write_csv):
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app

    assert not app.conf.task_always_eager
    job = ImportJob.objects.create(kind="csv", source_name="r.csv", path=str(write_csv([employer_row()])))
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert run_import.delay(job.pk).get(timeout=60) == ImportStatus.SUCCEEDED
    job.refresh_from_db()
    counts = (job.status, job.rows_read, job.rows_created + job.rows_updated)
    assert counts == (ImportStatus.SUCCEEDED, 1, 1), job.message
    assert Employer.objects.filter(registration_number="123456749").exists()
