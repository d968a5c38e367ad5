"""The admin upload: Celery task, progress and result pages, size limit; the task as a thin wrapper."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart

import pytest

from dmfa import tasks
from dmfa.constants import ImportSource
from dmfa.models import EmployerDeclaration, ImportJob, NaturalPerson
from foundation.imports import ImportStatus
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = "/admin/dmfa/importjob/upload/"


@pytest.fixture
def staff(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory(is_staff=True, is_superuser=True)
    log_in_with_mfa(client, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return user


def upload(client, fixture_path, name, capture):
    content = fixture_path(name).read_bytes()
    with capture(execute=True):
        return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, content_type="text/xml")})


def test_the_upload_page_offers_a_file_field(client, staff):
    response = client.get(UPLOAD)
    assert response.status_code == 200 and 'type="file"' in response.content.decode()


def test_an_upload_is_imported_by_the_task_and_the_result_shown(
    client, staff, fixture_path, django_capture_on_commit_callbacks, tmp_path
):
    response = upload(client, fixture_path, "valid_two_forms.xml", django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{job.pk}/progress/")
    assert (job.status, job.source, job.created_by, job.persons) == (ImportStatus.SUCCEEDED, "upload", staff, 8)
    progress = client.get(response["Location"])
    assert progress.status_code == 302 and progress["Location"].endswith(f"/{job.pk}/change/")
    result = client.get(progress["Location"]).content.decode()
    assert "valid_two_forms.xml" in result and "succeeded" in result
    status = client.get(f"/admin/dmfa/importjob/{job.pk}/status/").json()
    assert status == {"status": "succeeded", "label": "succeeded", "percent": 100, "finished": True}
    assert NaturalPerson.objects.count() == 8
    assert not job.upload and not list(tmp_path.glob("dmfa-imports/*"))  # the uploaded file is not kept


def test_a_refused_upload_says_why_and_stores_nothing(client, staff, fixture_path, django_capture_on_commit_callbacks):
    upload(client, fixture_path, "bad_insz.xml", django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    page = client.get(f"/admin/dmfa/importjob/{job.pk}/change/").content.decode()
    assert "INSZ 85010123177 has wrong check digits" in page and "<td>80</td>" in page
    assert "/NaturalPerson[2]/INSS" in page
    assert EmployerDeclaration.objects.count() == 0


def _assert_failed_job_says_why(client, staff, file_name):
    job = ImportJob.objects.get()
    assert (job.status, job.source, job.created_by, job.file_name) == (ImportStatus.FAILED, "upload", staff, file_name)
    assert job.finished_at is not None and job.percent() == 100 and not job.upload
    said = job.errors[0]["message"]
    assert "more than the 0 MB an upload may have" in said and "manage.py import_dmfa" in said
    result = client.get(f"/admin/dmfa/importjob/{job.pk}/change/").content.decode()
    assert "failed" in result and "more than the 0 MB an upload may have" in result
    assert EmployerDeclaration.objects.count() == 0 and NaturalPerson.objects.count() == 0
    return job


def test_an_upload_declared_over_the_size_limit_is_refused_and_leaves_a_failed_job(
    client, staff, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_MAX_MB = 0
    big = SimpleUploadedFile("big.xml", b"<DmfAOriginal/>" + b" " * 100_000, content_type="text/xml")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(UPLOAD, {"file": big})
    assert response.status_code == 413
    page = response.content.decode()
    assert "more than the 0 MB an upload may have" in page and "manage.py import_dmfa" in page
    assert "recorded as a failed import" in page
    job = _assert_failed_job_says_why(client, staff, "big.xml")
    assert job.file_size > 100_000 and f"/admin/dmfa/importjob/{job.pk}/change/" in page
    assert callbacks == []  # no import task was queued


class _CountingPayload(FakePayload):
    """The request body, counting the bytes the server reads of it."""

    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1, /):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def test_with_csrf_checks_an_oversize_upload_is_refused_before_its_file_is_read(settings, tmp_path):
    settings.MEDIA_ROOT, settings.UPLOAD_MAX_MB = tmp_path, 1
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    log_in_with_mfa(client, staff)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(UPLOAD).content.decode()).group(1)
    content = b"<DmfAOriginal>" + b" " * (8 * 1024 * 1024) + b"</DmfAOriginal>"
    body = encode_multipart(BOUNDARY, {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("q3.xml", content)})
    payload = _CountingPayload(body)
    response = client.generic("POST", UPLOAD, body, content_type=MULTIPART_CONTENT, **{"wsgi.input": payload})
    assert response.status_code == 413
    assert payload.bytes_read < 256 * 1024  # of 8 MB
    job = ImportJob.objects.get()
    assert (job.status, job.file_name, job.created_by) == (ImportStatus.FAILED, "q3.xml", staff)
    assert "more than the 1 MB an upload may have" in job.errors[0]["message"]


def test_an_upload_whose_file_is_over_the_size_limit_leaves_a_failed_job(
    client, staff, fixture_path, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_MAX_MB = 0  # the file is ~10 KB: within the envelope margin, so the form checks the file itself
    response = upload(client, fixture_path, "valid_two_forms.xml", django_capture_on_commit_callbacks)
    assert response.status_code == 413  # the same answer as a refusal from the declared length
    page = response.content.decode()
    assert "more than the 0 MB an upload may have" in page and "manage.py import_dmfa" in page
    job = _assert_failed_job_says_why(client, staff, "valid_two_forms.xml")
    assert job.file_size == fixture_path("valid_two_forms.xml").stat().st_size


@pytest.mark.parametrize("size", [10, 2 * 1024 * 1024])
def test_the_upload_still_requires_a_csrf_token(staff, settings, size):
    settings.UPLOAD_MAX_MB = 1
    strict = Client(enforce_csrf_checks=True)
    log_in_with_mfa(strict, staff)
    response = strict.post(UPLOAD, {"file": SimpleUploadedFile("v.xml", b" " * size, content_type="text/xml")})
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_a_running_job_shows_a_progress_bar(client, staff):
    job = ImportJob.objects.create(source=ImportSource.UPLOAD, file_name="big.xml", status=ImportStatus.RUNNING)
    page = client.get(f"/admin/dmfa/importjob/{job.pk}/progress/").content.decode()
    assert "<progress" in page and "foundation/import-progress.js" in page
    assert client.get(f"/admin/dmfa/importjob/{job.pk}/status/").json() == {
        "status": "running",
        "label": "running",
        "percent": 0,
        "finished": False,
    }
    job.report_progress(42_000, 100_000)  # what the import reports after each batch of persons (bytes read)
    assert client.get(f"/admin/dmfa/importjob/{job.pk}/status/").json()["percent"] == 42


def test_non_staff_cannot_upload(client, fixture_path):
    log_in_with_mfa(client, UserFactory())
    response = client.post(UPLOAD, {"file": SimpleUploadedFile("a.xml", b"<x/>")})
    assert response.status_code == 302 and "login" in response["Location"]
    assert ImportJob.objects.count() == 0


def test_the_task_runs_the_import_of_a_job(fixture_path, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ImportJob.objects.create(source=ImportSource.UPLOAD, file_name="valid_two_forms.xml")
    job.upload.save(
        "valid_two_forms.xml", SimpleUploadedFile("v.xml", fixture_path("valid_two_forms.xml").read_bytes())
    )
    result = tasks.import_file.delay(job.pk).get()
    assert result == {"status": "succeeded", "persons": 8, "errors": 0}


def test_an_upload_with_an_unknown_code_shows_the_warning(
    client, staff, fixture_path, django_capture_on_commit_callbacks
):
    upload(client, fixture_path, "code_999.xml", django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.SUCCEEDED
    page = client.get(f"/admin/dmfa/importjob/{job.pk}/change/").content.decode()
    assert "service code 999: code not in annex 8" in page and "<td>45</td>" in page
