"""Upload limits of the import admins: over PORTAL_UPLOAD_MAX_MB is refused from the declared length, unread.

Every import admin (repertory, dmfa) uses this: the handler must be installed before anything reads request.POST, the
CSRF check included, so :func:`with_upload_limit` installs it and then runs the CSRF check itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from celery import Celery, current_app

from foundation.formatting import number

StrOrPromise = str | Promise

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


#: The code of the form error that says the file is over the upload limit (every import admin's upload form uses it).
TOO_LARGE = "too_large"


def too_large_message(*, file_name: str, file_size: int, command: str) -> str:
    """Why an upload is refused for its size, in the user's language, naming the command that imports large files:
    the upload form's error, the refusal page and the failed job say it in the same words."""
    return _(
        "%(name)s is %(size)s MB, more than the %(limit)s MB an upload may have. "
        "Import large files with manage.py %(command)s."
    ) % {
        "name": file_name,
        "size": number(file_size / 1024 / 1024, 1),
        "limit": settings.UPLOAD_MAX_MB,
        "command": command,
    }


def refuse_too_large(upload: UploadedFile, *, command: str) -> None:
    """An upload form's check of its file (``clean_file``): over the limit, a ValidationError with code TOO_LARGE."""
    if (upload.size or 0) > int(settings.UPLOAD_MAX_MB) * 1024 * 1024:
        message = too_large_message(file_name=upload.name or _("upload"), file_size=upload.size or 0, command=command)
        raise forms.ValidationError(message, code=TOO_LARGE)


class UploadAdminMixin:
    """The upload page of an import admin, one flow for every importer.

    - An upload declared (Content-Length) over the limit is refused unread, a refused one over the limit by the form
      after reading: both answer 413 and leave a failed job that says why, so the refusal is on record.
    - With the task queue down nothing is stored (503).
    - A valid upload starts its import and goes to the progress page; an invalid form answers 400 with what was wrong.

    The admin supplies the form (its file field refuses an oversize file with :func:`refuse_too_large`), the
    template and title of the page, the command that imports large files, and two app-specific steps: the failed job
    that records a refusal, and the start of the import. ImportProgressAdminMixin gives ``progress_url``.
    """

    upload_form_class: type[forms.Form]
    upload_template: str
    upload_title: StrOrPromise
    large_file_command: str

    def record_refused_upload(self, request: HttpRequest, *, file_name: str, file_size: int, message: str) -> Any:
        raise NotImplementedError

    def start_import(self, request: HttpRequest, upload: UploadedFile) -> Any:
        raise NotImplementedError

    def upload_context(self, request: HttpRequest) -> dict[str, Any]:
        return {}

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """The view to route (wrapped in csrf_exempt: with_upload_limit runs the CSRF check itself)."""
        if not self.has_add_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        return with_upload_limit(request, self._upload)

    def _upload(self, request: HttpRequest, handler: UploadLimitHandler) -> HttpResponse:
        if declared_too_large(request):
            # request.POST stops at the file's part headers (the handler), which give its name for the failed job.
            request.POST  # noqa: B018 (parse the fields up to the file's name)
            return self._refuse(
                request,
                self.upload_form_class(),
                file_name=handler.file_name or _("upload"),
                file_size=int(request.META.get("CONTENT_LENGTH") or 0),
            )
        if request.method != "POST":
            return self._render_upload(request, self.upload_form_class(), status=200)
        form = self.upload_form_class(request.POST, request.FILES)
        if form.has_error("file", code=TOO_LARGE):
            upload = request.FILES.get("file")
            assert isinstance(upload, UploadedFile)  # the form's file field refused it: it was sent
            return self._refuse(request, form, file_name=upload.name or _("upload"), file_size=upload.size or 0)
        if not form.is_valid():
            return self._render_upload(request, form, status=400)
        if queue_down := import_queue_problem():
            form.add_error(None, queue_down)
            return self._render_upload(request, form, status=503)
        job = self.start_import(request, form.cleaned_data["file"])
        return redirect(self.progress_url(job))  # type: ignore[attr-defined]

    def _refuse(self, request: HttpRequest, form: forms.Form, *, file_name: str, file_size: int) -> HttpResponse:
        message = too_large_message(file_name=file_name, file_size=file_size, command=self.large_file_command)
        job = self.record_refused_upload(request, file_name=file_name[:255], file_size=file_size, message=message)
        if not form.has_error("file", code=TOO_LARGE):  # refused from its declared length: the form never saw it
            form.errors["file"] = form.error_class([message])
        return self._render_upload(request, form, status=413, refused_job=job)

    def _render_upload(
        self, request: HttpRequest, form: forms.Form, *, status: int, refused_job: Any = None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": self.model._meta,  # type: ignore[attr-defined]
            "title": self.upload_title,
            "form": form,
            "refused_job": refused_job,
            **self.upload_context(request),
        }
        return render(request, self.upload_template, context, status=status)
