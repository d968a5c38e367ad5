"""Staff imports in the admin: upload, Celery task, progress and result pages, size limit, failed jobs."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.utils import translation

import pytest

from foundation.imports import ImportStatus
from repertory.models import Employer, ImportJob
from tests.repertory.conftest import employer_row, kbo_files, write_zip

pytestmark = pytest.mark.django_db
ADD = "/admin/repertory/importjob/add/"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the task queued with transaction.on_commit, as it runs after the upload's commit outside tests."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_upload_runs_the_import_and_shows_the_result(staff_client, reference_tables, write_csv, on_commit):
    path = write_csv([employer_row(), employer_row(registration_number="134567808")])
    with on_commit(execute=True):
        response = staff_client.post(ADD, {"file": SimpleUploadedFile("repertory.csv", path.read_bytes())})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/repertory/importjob/{job.pk}/progress/"
    assert job.status == ImportStatus.SUCCEEDED and job.kind == "csv"
    progress = staff_client.get(response["Location"])
    assert progress.status_code == 302 and progress["Location"].endswith("/result/")
    result = staff_client.get(progress["Location"]).content.decode()
    assert "Rows read" in result and ">2<" in result
    assert Employer.objects.count() == 2
    assert staff_client.get(f"/admin/repertory/importjob/{job.pk}/status/").json()["percent"] == 100


def test_bad_upload_fails_the_job_and_lists_file_line_and_reason(staff_client, reference_tables, write_csv, on_commit):
    path = write_csv([employer_row(), employer_row(registration_number="134567809")])
    with on_commit(execute=True):
        staff_client.post(ADD, {"file": SimpleUploadedFile("repertory.csv", path.read_bytes())})
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and job.rows_rejected == 1
    html = staff_client.get(f"/admin/repertory/importjob/{job.pk}/result/").content.decode()
    assert "repertory.csv" in html and "check digits" in html and "nothing was imported" in html
    assert not Employer.objects.exists()


def test_kbo_zip_upload_is_recognised(staff_client, reference_tables, tmp_path, on_commit):
    path = write_zip(tmp_path / "KboOpenData_0147_2025_10_12_Update.zip", kbo_files("update", {}))
    with on_commit(execute=True):
        staff_client.post(ADD, {"file": SimpleUploadedFile(path.name, path.read_bytes())})
    job = ImportJob.objects.get()
    assert (job.kind, job.status) == ("kbo", ImportStatus.SUCCEEDED)


def _assert_refused_job(job, name: str) -> None:
    assert (job.status, job.file_name) == (ImportStatus.FAILED, name)
    assert job.message.startswith(f"{name} is ") and "MB, more than the 1 MB an upload may have" in job.message
    assert job.errors[0]["file"] == name and job.errors[0]["message"] == job.message
    assert job.finished_at is not None and not job.upload


def test_oversize_upload_is_refused_before_reading_and_leaves_a_failed_job(staff_client, reference_tables, settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024))
    response = staff_client.post(ADD, {"file": big})
    assert response.status_code == 413
    html = response.content.decode()
    assert "big.csv is 2.0 MB, more than the 1 MB an upload may have" in html
    job = ImportJob.objects.get()
    _assert_refused_job(job, "big.csv")
    assert job.kind == "csv" and job.created_by is not None
    assert f'href="/admin/repertory/importjob/{job.pk}/result/"' in html
    result = staff_client.get(f"/admin/repertory/importjob/{job.pk}/result/").content.decode()
    assert "big.csv" in result and "1 MB" in result and "failed" in result


class _CountingPayload(FakePayload):
    """The request body, counting the bytes the server reads of it."""

    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1, /):
        data = super().read(size)
        self.bytes_read += len(data)
        return data


def test_oversize_upload_with_csrf_checks_reads_only_the_head_of_the_body(reference_tables, settings, db):
    """With CSRF checks on (as outside tests), the file is still not read: the limit handler runs before the check."""
    from tests.authz.helpers import log_in_with_mfa
    from tests.portal.factories import UserFactory

    settings.UPLOAD_MAX_MB = 1
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    log_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
    form = client.get(ADD).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = encode_multipart(
        BOUNDARY,
        {"csrfmiddlewaretoken": token, "file": SimpleUploadedFile("KboOpenData_0140_Full.zip", b"x" * (8 * 1024**2))},
    )
    payload = _CountingPayload(body)
    response = client.generic("POST", ADD, body, content_type=MULTIPART_CONTENT, **{"wsgi.input": payload})
    assert response.status_code == 413
    assert payload.bytes_read < 256 * 1024  # of 8 MB
    job = ImportJob.objects.get()
    _assert_refused_job(job, "KboOpenData_0140_Full.zip")
    assert job.kind == "kbo"


def test_a_refused_upload_says_why_in_the_staff_members_language_on_the_page_and_in_the_job(
    staff_client, reference_tables, settings
):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("groot.csv", b"x" * (2 * 1024 * 1024))
    response = staff_client.post(ADD, {"file": big}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 413
    said = "groot.csv is 2,0 MB, meer dan de 1 MB die een upload mag hebben."
    assert said in response.content.decode()
    job = ImportJob.objects.get()
    assert job.message.startswith(said) and job.errors[0]["message"] == job.message


def test_upload_just_over_the_limit_is_refused_by_the_form_and_leaves_a_failed_job(
    staff_client, reference_tables, settings
):
    settings.UPLOAD_MAX_MB = 1
    response = staff_client.post(ADD, {"file": SimpleUploadedFile("edge.csv", b"x" * (1024 * 1024 + 1))})
    assert response.status_code == 413
    assert "more than the 1 MB" in response.content.decode()
    _assert_refused_job(ImportJob.objects.get(), "edge.csv")


def test_oversize_file_is_refused_by_the_form(reference_tables, settings):
    from repertory.forms import ImportUploadForm

    settings.UPLOAD_MAX_MB = 1
    form = ImportUploadForm(files={"file": SimpleUploadedFile("big.csv", b"x" * (1024 * 1024 + 1))})
    with translation.override("en"):
        assert not form.is_valid()
    assert "more than the 1 MB" in form.errors["file"][0]


def test_progress_page_fails_a_job_its_worker_left_running(staff_client, db, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.IMPORT_STALE_AFTER_MINUTES = 60
    job = ImportJob.objects.create(
        kind="csv",
        file_name="x.csv",
        status=ImportStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=61),
    )
    response = staff_client.get(f"/admin/repertory/importjob/{job.pk}/progress/")
    assert response.status_code == 302 and response["Location"].endswith("/result/")
    html = staff_client.get(response["Location"]).content.decode()
    assert "failed: interrupted, nothing changed (the import is one transaction); import the file again." in html


def test_progress_page_polls_while_running(staff_client, db):
    job = ImportJob.objects.create(kind="csv", file_name="x.csv", status=ImportStatus.RUNNING)
    html = staff_client.get(f"/admin/repertory/importjob/{job.pk}/progress/").content.decode()
    assert "foundation/import-progress.js" in html and "<progress" in html
    assert staff_client.get(f"/admin/repertory/importjob/{job.pk}/status/").json()["finished"] is False


def test_non_staff_cannot_upload(client, reference_tables):
    response = client.get(ADD)
    assert response.status_code == 302 and "login" in response["Location"]
