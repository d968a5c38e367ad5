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


@pytest.mark.real_celery
@pytest.mark.django_db(transaction=True)
def test_the_control_batch_runs_on_a_real_worker(postgres_db, tmp_path, request):
    """A quarter's batch through the broker: progress and stored results written by the worker."""
    import datetime as dt
    from decimal import Decimal
    from importlib import import_module

    from django.apps import apps

    from authz.models import Institution
    from dmfa.controls.runner import start_run
    from dmfa.models import ControlResult, SubsidisedJob
    from foundation.quarters import Quarter
    from tests.dmfa.factories import import_quarters

    import_module("dmfa.migrations.0004_programme_parameters").seed(apps, None)  # flushed by transactional tests
    import_quarters(tmp_path, insz_numbers=["90051512391", "85010123176"], start=Quarter(2024, 1), end=Quarter(2025, 1))
    job = SubsidisedJob.objects.create(
        institution=Institution.objects.get(code="BGDA"), reference="G-1", registration_number="123456749",
        insz="90051512391", programme="GECO", start_date=dt.date(2025, 1, 1), days_per_week=Decimal(5),
        worker_hours=Decimal(38), reference_hours=Decimal(38), joint_committee="200", basis="fixed",
    )  # fmt: skip
    run = start_run(institution_id=job.institution_id, quarter=Quarter(2025, 1), job_ids=[job.pk], user=None)
    queue = request.getfixturevalue("celery_worker_queue")
    outcome = tasks.run_controls.apply_async((run.pk,), queue=queue).get(timeout=60)
    assert outcome == {"status": "succeeded", "done": 1}
    assert set(ControlResult.objects.values_list("control", flat=True)) == {"headcount", "premium", "reconciliation"}
