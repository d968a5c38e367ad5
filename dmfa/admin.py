"""Admin of the dmfa app: upload a DmfA file, follow its import, read its result.

The declarations themselves are not in the admin: they are personal data and are shown only through the
consultation pages, behind the authz gate.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from dmfa import services, tasks
from dmfa.constants import ImportSource
from dmfa.forms import UploadForm
from dmfa.models import ImportJob, ProgrammeParameter
from foundation.imports import ImportProgressAdminMixin
from foundation.uploads import UploadAdminMixin


@admin.register(ImportJob)
class ImportJobAdmin(UploadAdminMixin, ImportProgressAdminMixin, admin.ModelAdmin):
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

    upload_form_class = UploadForm
    upload_template = "admin/dmfa/importjob/upload.html"
    upload_title = _("Upload a DmfA file")
    large_file_command = "import_dmfa"

    def record_refused_upload(self, request, *, file_name: str, file_size: int, message: str) -> ImportJob:
        return services.record_refused_upload(
            file_name=file_name, file_size=file_size, created_by=request.user, message=message
        )

    def start_import(self, request, upload) -> ImportJob:
        job = services.create_job(
            source=ImportSource.UPLOAD, file_name=upload.name, file_size=upload.size, created_by=request.user
        )
        job.upload.save(upload.name, upload, save=True)
        transaction.on_commit(lambda: tasks.import_file.delay(job.pk))
        return job

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
