"""Upload limits of the import admins: over PORTAL_UPLOAD_MAX_MB is refused from the declared length, unread.

Every import admin (repertory, dmfa) uses this: the handler must be installed before anything reads request.POST, the
CSRF check included, so :func:`with_upload_limit` installs it and then runs the CSRF check itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from celery import Celery, current_app

#: What a multipart body may carry beyond the file itself (boundaries, part headers, the CSRF token).
FORM_OVERHEAD = 64 * 1024


def _limit() -> int:
    """The largest body an upload may declare: the limit (PORTAL_UPLOAD_MAX_MB) and the form's own overhead."""
    return int(settings.UPLOAD_MAX_MB) * 1024 * 1024 + FORM_OVERHEAD


def declared_too_large(request: HttpRequest) -> bool:
    """Whether a POST declares (Content-Length) more than the upload limit and the form's own overhead."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    return request.method == "POST" and declared > _limit()


class UploadLimitHandler(FileUploadHandler):
    """Stops reading an upload whose declared length is over the limit as soon as the file's name is known: the parser
    has read the fields before the file (the CSRF token) and the file part's headers, not the file."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.too_large = False
        self.file_name = ""

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, Any],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        self.too_large = content_length > _limit()

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        if self.too_large:
            self.file_name = file_name or ""
            raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def with_upload_limit(
    request: HttpRequest, view: Callable[[HttpRequest, UploadLimitHandler], HttpResponse]
) -> HttpResponse:
    """Run ``view(request, handler)`` with the upload-limit handler installed first and the CSRF check after it.

    The calling admin view must be csrf_exempt: the middleware's check would read the body before the handler is in
    place.
    """
    handler = UploadLimitHandler(request)
    if request.method == "POST":
        request.upload_handlers = [handler, *request.upload_handlers]
    return csrf_protect(lambda inner: view(inner, handler))(request)


def broker_problem(app: Celery | None = None) -> str | None:
    """Why the Celery broker cannot be reached (the first line of the error); None when it answers or tasks run
    eagerly. ``app`` defaults to the current Celery app, the project's."""
    app = app or current_app
    if app.conf.task_always_eager:
        return None
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # any failure to connect means the queue is down; the caller reports it
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return None


def import_queue_problem() -> str | None:
    """Why an upload cannot be imported now (the task queue is unreachable: Redis down), in the user's language; None
    when it can. Every import admin asks before it stores anything, so a refused upload leaves no job and no file."""
    if broker_problem() is None:
        return None
    return _(
        "The import queue cannot be reached, so the import cannot start now. Nothing was stored; "
        "try again in a few minutes or tell the administrator."
    )
