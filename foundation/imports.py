"""The import job every importer shares: its fields, one status, its progress page and the recovery of stale jobs.

Each app keeps its concrete job model (its own table and counts) and inherits from ``ImportJob``. An import runs as
one transaction in a Celery task; while it runs, its progress lives in the cache (the transaction is not visible
yet). A worker killed mid-import leaves its job "running" for ever: ``fail_stale_imports`` (Celery beat) and the job's
own pages (``ImportProgressAdminMixin``) mark it failed, for every concrete job model, with nothing of its file kept.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin import AdminSite
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.db.models.options import Options
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: What a job its killed worker left running (or that no worker ever took) says once failed. In English: job pages
#: are for staff, whatever language they browse in.
INTERRUPTED = "failed: interrupted, nothing changed (the import is one transaction); import the file again."

#: How long a running import's progress is kept in the cache (longer than any import runs).
PROGRESS_TIMEOUT = 24 * 3600


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


UNFINISHED = (ImportStatus.PENDING, ImportStatus.RUNNING)


def upload_to(instance: ImportJob, filename: str) -> str:
    """Uploads of each app in a folder of its own ("dmfa-imports/", "repertory-imports/")."""
    return f"{instance._meta.app_label}-imports/{filename}"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def stale(self, *, now: dt.datetime | None = None) -> ImportJobQuerySet:
        """Jobs still running, or still waiting, after IMPORT_STALE_AFTER_MINUTES: their worker was killed or never
        took them."""
        now = now or timezone.now()
        cutoff = now - dt.timedelta(minutes=settings.IMPORT_STALE_AFTER_MINUTES)
        return self.filter(
            Q(status=ImportStatus.RUNNING, started_at__lt=cutoff)
            | Q(status=ImportStatus.PENDING, created_at__lt=cutoff)
        )

    def fail_stale(self, *, job_ids: Iterable[int] | None = None, now: dt.datetime | None = None) -> int:
        """Mark failed the stale jobs (``job_ids`` limits the check to these) and delete their uploaded files.

        An import is one transaction, so a killed worker stored nothing of its file. Each job is failed by an UPDATE
        of its still unfinished row: a job that finishes meanwhile keeps its own result.
        """
        now = now or timezone.now()
        stale = self.stale(now=now)
        if job_ids is not None:
            stale = stale.filter(pk__in=list(job_ids))
        count = 0
        for job in stale:
            unfinished = self.model._default_manager.filter(pk=job.pk, status__in=UNFINISHED)
            if unfinished.update(status=ImportStatus.FAILED, finished_at=now, **job.interrupted_changes()):
                count += 1
                job.discard_upload()
                self.model._default_manager.filter(pk=job.pk).update(upload="")
                job.clear_progress()
        if count:
            logger.warning(
                "%s %s(s) still unfinished after %s minutes: marked failed, nothing imported",
                count,
                self.model._meta.label,
                settings.IMPORT_STALE_AFTER_MINUTES,
            )
        return count


class ImportJob(models.Model):
    """One import of one file, run as a Celery task, all or nothing; the concrete model adds its counts."""

    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    file_name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("uploaded file"), upload_to=upload_to, blank=True)
    path = models.CharField(_("path on the server"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="%(app_label)s_import_jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # What was imported all the same but staff should look at (a code the reference lists do not know).
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="%(app_label)s_import_status"),
        ]

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}

    def start(self) -> None:
        self.status, self.started_at = ImportStatus.RUNNING, timezone.now()
        type(self)._default_manager.filter(pk=self.pk).update(status=self.status, started_at=self.started_at)

    # Progress: written by the running import, read by the progress page's script.

    def _progress_key(self) -> str:
        return f"imports:{self._meta.label_lower}:{self.pk}:progress"

    def report_progress(self, done: int, total: int) -> None:
        """How far the import is (bytes read of the file's bytes, say); kept in the cache, outside the transaction."""
        cache.set(self._progress_key(), (done, total), timeout=PROGRESS_TIMEOUT)

    def clear_progress(self) -> None:
        cache.delete(self._progress_key())

    def percent(self) -> int:
        if self.finished:
            return 100
        done, total = cache.get(self._progress_key(), (0, 0))
        return min(99, done * 100 // total) if total else 0

    def progress_state(self) -> dict[str, Any]:
        """What the progress page shows and its script polls."""
        return {
            "status": self.status,
            "label": str(self.get_status_display()),
            "percent": self.percent(),
            "finished": self.finished,
        }

    # The end of a job.

    def discard_upload(self) -> None:
        """An uploaded file may hold personal data: it is kept no longer than its import, whatever the outcome."""
        if self.upload:
            self.upload.delete(save=False)

    def interrupted_changes(self) -> dict[str, Any]:
        """The fields a stale job is failed with (a concrete model may add its own)."""
        return {"errors": [{"file": self.file_name, "line": None, "message": INTERRUPTED}]}


def import_job_models() -> list[type[ImportJob]]:
    """Every concrete import job model of the installed apps."""
    return [model for model in apps.get_models() if issubclass(model, ImportJob)]


def fail_stale_imports(*, now: dt.datetime | None = None) -> int:
    """Fail the stale jobs of every importer (Celery beat runs it); the number of jobs failed."""
    return sum(model._default_manager.fail_stale(now=now) for model in import_job_models())


class ImportProgressAdminMixin:
    """For the ModelAdmin of an import job: the job's progress page and the status its script polls.

    Both pages first fail the job when it is stale, so that a job its killed worker left is never shown as running.
    The page redirects to ``result_url(job)`` once the job has finished (the change page unless overridden).
    """

    progress_template = "foundation/import_progress.html"
    # Provided by the ModelAdmin this mixin is combined with.
    admin_site: AdminSite
    opts: Options[Any]
    model: type[ImportJob]

    def progress_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:job_id>/progress/", view(self.progress_view), name=f"{prefix}_progress"),
            path("<int:job_id>/status/", view(self.status_view), name=f"{prefix}_status"),
        ]

    def result_url(self, job: ImportJob) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[job.pk])

    def progress_url(self, job: ImportJob) -> str:
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_progress", args=[job.pk])

    def _current(self, job_id: int) -> ImportJob:
        self.model._default_manager.fail_stale(job_ids=[job_id])
        job: ImportJob = get_object_or_404(self.model, pk=job_id)
        return job

    def progress_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        job = self._current(job_id)
        if job.finished:
            return redirect(self.result_url(job))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import in progress"),
            "job": job,
            "progress": job.progress_state(),
            "status_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_status", args=[job.pk]),
            "result_url": self.result_url(job),
        }
        return render(request, self.progress_template, context)

    def status_view(self, request: HttpRequest, job_id: int) -> JsonResponse:
        return JsonResponse(self._current(job_id).progress_state())
