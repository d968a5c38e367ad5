"""The import task through the real Redis broker and a real Celery worker (CI's second run sets REDIS_URL)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from dmfa import tasks
from dmfa.constants import ImportSource
from dmfa.models import ImportJob, NaturalPerson
from portal.celery import app


@pytest.mark.real_celery
@pytest.mark.django_db(transaction=True)
def test_the_import_task_runs_on_a_real_worker(redis_url, postgres_db, fixture_path, settings, tmp_path):
    from celery.contrib.testing.worker import start_worker

    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(source=ImportSource.UPLOAD, file_name="valid_two_forms.xml")
    job.upload.save("v.xml", SimpleUploadedFile("v.xml", fixture_path("valid_two_forms.xml").read_bytes()))
    assert not app.conf.task_always_eager
    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        result = tasks.import_file.delay(job.pk)
        outcome = result.get(timeout=60)
    assert outcome == {"status": "succeeded", "persons": 8, "errors": 0}
    job.refresh_from_db()
    assert job.status == "succeeded" and NaturalPerson.objects.count() == 8
