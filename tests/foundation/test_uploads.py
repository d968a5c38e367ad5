"""The upload limit of the import admins and the queue check they make before storing anything."""

from django.core.files.uploadhandler import StopUpload
from django.test import RequestFactory, override_settings

import pytest
from celery import Celery

from foundation import uploads

LIMIT = 1024 * 1024 + uploads.FORM_OVERHEAD  # PORTAL_UPLOAD_MAX_MB = 1 below


@override_settings(UPLOAD_MAX_MB=1)
@pytest.mark.parametrize(("length", "too_large"), [(LIMIT, False), (LIMIT + 1, True)])
def test_a_post_is_too_large_from_its_declared_length(length, too_large):
    request = RequestFactory().post("/", data=b"", content_type="application/octet-stream")
    request.META["CONTENT_LENGTH"] = str(length)
    assert uploads.declared_too_large(request) is too_large
    request.method = "GET"
    assert uploads.declared_too_large(request) is False


@override_settings(UPLOAD_MAX_MB=1)
def test_the_handler_stops_at_the_file_part_of_a_too_large_body_and_keeps_its_name():
    handler = uploads.UploadLimitHandler()
    handler.handle_raw_input(None, {}, LIMIT + 1, b"boundary")
    with pytest.raises(StopUpload):
        handler.new_file("file", "extract.zip", "application/zip", LIMIT)
    assert handler.too_large and handler.file_name == "extract.zip"


@override_settings(UPLOAD_MAX_MB=1)
def test_the_handler_lets_a_body_within_the_limit_through():
    handler = uploads.UploadLimitHandler()
    handler.handle_raw_input(None, {}, LIMIT, b"boundary")
    handler.new_file("file", "small.csv", "text/csv", 10)
    assert not handler.too_large
    assert handler.receive_data_chunk(b"abc", 0) == b"abc"


def test_an_unreachable_broker_is_named_and_an_eager_one_is_fine():
    down = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    down.conf.broker_transport_options = {"max_retries": 1}
    assert uploads.broker_problem(down)
    eager = Celery("eager", set_as_current=False)
    eager.conf.task_always_eager = True
    assert uploads.broker_problem(eager) is None


def test_the_queue_problem_is_said_in_the_users_language(monkeypatch):
    monkeypatch.setattr(uploads, "broker_problem", lambda app=None: "connection refused")
    from django.utils import translation

    with translation.override("nl"):
        assert "importwachtrij" in uploads.import_queue_problem()
    monkeypatch.setattr(uploads, "broker_problem", lambda app=None: None)
    assert uploads.import_queue_problem() is None
