"""Admin of the repertory app: employers, reference codes, and imports with upload, progress and result pages."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from authz import activities
from authz.admin_gate import GatedAdminMixin
from foundation.imports import ImportProgressAdminMixin
from foundation.uploads import UploadAdminMixin
from repertory import gates
from repertory.forms import ImportUploadForm
from repertory.models import Employer, EmployerActivity, EmployerCategory, ImportJob, KboCode, KboExtract, OperatingSeat
from repertory.services import detect_kind, record_refused_upload

#: What the employer admin shows of an employer (its whole record), named to the gate (activity repertory-admin).
ADMIN_CATEGORIES = gates.RECORD_CATEGORIES


class OperatingSeatInline(admin.TabularInline):
    model = OperatingSeat
    extra = 0
    fields = ("establishment_number", "street", "house_number", "box", "postcode", "municipality", "region", "source")


class EmployerActivityInline(admin.TabularInline):
    model = EmployerActivity
    extra = 0
    fields = ("category", "nace_version", "nace_code", "source")


@admin.register(Employer)
class EmployerAdmin(GatedAdminMixin, admin.ModelAdmin):
    """Employer data passes the gate (activity repertory-admin, channel admin) before a page renders it: the change,
    history and delete pages of every employer (the log row says whether it was personal), and on the list, one row
    per natural-person employer shown (the personal data; a list shows up to 100 employers a page)."""

    list_display = (
        "registration_number",
        "repertory",
        "enterprise_number",
        "name_nl",
        "employer_type",
        "deletion_date",
    )
    list_filter = ("repertory", "employer_type", "natural_person", "importance_code")
    search_fields = ("=registration_number", "=enterprise_number", "name_nl", "name_fr", "name_de")
    filter_horizontal = ("categories",)
    inlines = [EmployerActivityInline, OperatingSeatInline]
    readonly_fields = ("created_at", "updated_at")

    gate_activity = activities.REPERTORY_ADMIN
    gate_categories = ADMIN_CATEGORIES

    def gate_subjects(self, employers):
        return [gates.employer_subject(employer) for employer in employers]

    def gate_list_subjects(self, employers):
        return self.gate_subjects(employer for employer in employers if employer.natural_person)


@admin.register(EmployerCategory)
class EmployerCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "employer_type", "label_nl", "label_fr")
    list_filter = ("employer_type",)
    search_fields = ("code", "label_nl", "label_fr", "label_de", "label_en")


@admin.register(KboCode)
class KboCodeAdmin(admin.ModelAdmin):
    """The KBO code table is loaded from the KBO (manage.py load_kbo_codes or an extract); read only here."""

    list_display = ("category", "code", "label_nl", "label_fr")
    list_filter = ("category",)
    search_fields = ("=code", "label_nl", "label_fr")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(KboExtract)
class KboExtractAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "snapshot_date", "applied_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(UploadAdminMixin, ImportProgressAdminMixin, admin.ModelAdmin):
    """Staff upload a file; the import runs as a Celery task; the progress page polls until the result is ready."""

    list_display = ("pk", "kind", "file_name", "status", "rows_read", "rows_rejected", "created_by", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in ImportJob._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            *self.progress_urls(),
            path("<int:job_id>/result/", view(self.result_view), name="repertory_importjob_result"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("admin:repertory_importjob_result", job_id=object_id)

    @method_decorator(csrf_exempt)  # with_upload_limit runs the CSRF check once its size handler is in place
    def add_view(self, request, form_url="", extra_context=None):
        return self.upload_view(request)

    upload_form_class = ImportUploadForm
    upload_template = "admin/repertory/importjob/upload.html"
    upload_title = _("Import repertory data")
    large_file_command = "import_repertory"

    def upload_context(self, request) -> dict:
        return {"upload_max_mb": settings.UPLOAD_MAX_MB}

    def record_refused_upload(self, request, *, file_name: str, file_size: int, message: str) -> ImportJob:
        return record_refused_upload(name=file_name, message=message, user=request.user)

    def start_import(self, request, upload) -> ImportJob:
        job = ImportJob(kind="csv", file_name=upload.name[:255], created_by=request.user)
        job.upload.save(Path(upload.name).name, upload, save=False)
        job.kind = detect_kind(Path(job.upload.path))
        job.save()
        from repertory.tasks import run_import

        transaction.on_commit(lambda: run_import.delay(job.pk))
        return job

    def result_url(self, job: ImportJob) -> str:
        return reverse("admin:repertory_importjob_result", args=[job.pk])

    def result_view(self, request, job_id: int):
        job = get_object_or_404(ImportJob, pk=job_id)
        if not job.finished:
            return redirect(self.progress_url(job))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import result"),
            "job": job,
        }
        return render(request, "admin/repertory/importjob/result.html", context)
