"""Admin of the dmfa app: upload a DmfA file, follow its import, read its result.

The declarations themselves are not in the admin: they are personal data and are shown only through the
consultation pages, behind the authz gate.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from dmfa import services, tasks
from dmfa.constants import ImportSource
from dmfa.forms import UploadForm, upload_too_large_message
from dmfa.models import ImportJob, ProgrammeParameter
from foundation.imports import ImportProgressAdminMixin
from foundation.uploads import UploadLimitHandler, declared_too_large, import_queue_problem, with_upload_limit


@admin.register(ImportJob)
class ImportJobAdmin(ImportProgressAdminMixin, admin.ModelAdmin):
    list_display = ("file_name", "source", "status", "created_at", "declarations_created", "persons", "error_count")
    list_filter = ("status", "source")
    search_fields = ("file_name",)
    date_hierarchy = "created_at"
    change_form_template = "admin/dmfa/importjob/result.html"
    change_list_template = "admin/dmfa/importjob/change_list.html"

    @admin.display(description=_("errors"))
    def error_count(self, job: ImportJob) -> int:
        return len(job.errors)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the declarations of a job point to it; an import stays on record

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # Exempt from the CSRF middleware only so that the size limit handler is in place before the check
            # reads the body; upload_view runs the CSRF check itself.
            path("upload/", view(csrf_exempt(self.upload_view)), name="dmfa_importjob_upload"),
            *self.progress_urls(),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:dmfa_importjob_upload")

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return with_upload_limit(request, self._upload)

    def _upload(self, request, handler: UploadLimitHandler):
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared_too_large(request):
            # Refused from its declared length: request.POST stopped at the file's part headers (the handler),
            # which give its name for the failed job; the file itself was never read.
            request.POST  # noqa: B018 (parse the fields up to the file's name)
            job = services.record_refused_upload(
                file_name=handler.file_name or gettext("upload"),
                file_size=declared,
                created_by=request.user,
                message=upload_too_large_message(),
            )
            form = UploadForm()
            form.errors["file"] = form.error_class([upload_too_large_message()])
            return self._render_upload(request, form, refused_job=job, status=413)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid() and (queue_down := import_queue_problem()):
            form.add_error(None, queue_down)
            return self._render_upload(request, form, refused_job=None, status=503)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            job = services.create_job(
                source=ImportSource.UPLOAD, file_name=upload.name, file_size=upload.size, created_by=request.user
            )
            job.upload.save(upload.name, upload, save=True)
            transaction.on_commit(lambda: tasks.import_file.delay(job.pk))
            return redirect(self.progress_url(job))
        refused_job = None
        if form.has_error("file", code="too-large"):
            upload = request.FILES["file"]
            refused_job = services.record_refused_upload(
                file_name=upload.name,
                file_size=upload.size,
                created_by=request.user,
                message=upload_too_large_message(),
            )
        return self._render_upload(request, form, refused_job=refused_job, status=400 if form.errors else 200)

    def _render_upload(self, request, form: UploadForm, *, refused_job: ImportJob | None, status: int):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Upload a DmfA file"),
            "form": form,
            "refused_job": refused_job,
        }
        return render(request, "admin/dmfa/importjob/upload.html", context, status=status)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if str(object_id).isascii() and str(object_id).isdigit():
            ImportJob.objects.fail_stale(job_ids=[int(object_id)])  # a killed worker's job is not shown as running
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ProgrammeParameter)
class ProgrammeParameterAdmin(admin.ModelAdmin):
    """The GECO/DSP programme parameters: dated values, each with its source and status. Subsidised jobs and monthly
    statements are personal data: agents handle them on the controls pages, behind the authz gate, not here."""

    list_display = ("programme", "key", "joint_committee", "amount", "codes", "valid_from", "valid_until", "status")
    list_filter = ("programme", "key", "status")
    search_fields = ("source", "note", "joint_committee")
