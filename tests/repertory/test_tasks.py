"""The repertory import task, run as Celery runs it (eagerly here; the real-worker round trip is in tests/dmfa and
tests/portal: two more workers on the same Redis queue in parallel test processes take each other's tasks)."""

from foundation.imports import ImportStatus
from repertory.models import Employer, ImportJob
from repertory.tasks import run_import
from tests.repertory.conftest import employer_row


def test_task_runs_the_job_eagerly(reference_tables, write_csv):
    job = ImportJob.objects.create(kind="csv", file_name="r.csv", path=str(write_csv([employer_row()])))
    assert run_import.delay(job.pk).get() == ImportStatus.SUCCEEDED
    assert Employer.objects.count() == 1
