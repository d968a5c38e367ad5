"""The import task through the real Redis broker and a real Celery worker (CI's second run sets REDIS_URL)."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from dmfa import tasks
from dmfa.constants import ImportSource
from dmfa.models import ImportJob, NaturalPerson
from portal.celery import app


@pytest.mark.real_celery
@pytest.mark.django_db(transaction=True)
def test_the_import_task_runs_on_a_real_worker(postgres_db, fixture_path, settings, tmp_path, request):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(source=ImportSource.UPLOAD, file_name="valid_two_forms.xml")
    job.upload.save("v.xml", SimpleUploadedFile("v.xml", fixture_path("valid_two_forms.xml").read_bytes()))
    assert not app.conf.task_always_eager
    # The worker starts after the file is saved, on this test's own queue.
    queue = request.getfixturevalue("celery_worker_queue")
    outcome = tasks.import_file.apply_async((job.pk,), queue=queue).get(timeout=60)
    assert outcome == {"status": "succeeded", "persons": 8, "errors": 0}
    job.refresh_from_db()
    assert job.status == "succeeded" and NaturalPerson.objects.count() == 8
