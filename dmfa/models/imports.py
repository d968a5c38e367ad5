"""An import of one DmfA file: status, counts, progress and the errors found (one row per file and run)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dmfa.constants import ImportSource, ImportStatus


class ImportJob(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("uploaded file"), upload_to="dmfa-imports/", blank=True)
    path = models.CharField(_("path"), max_length=1000, blank=True, help_text="Server path (command imports).")
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dmfa_import_jobs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    forms = models.PositiveIntegerField(_("forms read"), default=0)
    declarations_created = models.PositiveIntegerField(_("declarations imported"), default=0)
    declarations_unchanged = models.PositiveIntegerField(_("declarations already present"), default=0)
    declarations_replaced = models.PositiveIntegerField(_("declarations replaced"), default=0)
    persons = models.PositiveIntegerField(_("persons imported"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(
        _("warnings"), default=list, blank=True, help_text=_("Codes not in the annex for their quarter (imported).")
    )

    class Meta:
        verbose_name = _("DmfA import")
        verbose_name_plural = _("DmfA imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.SUCCEEDED, ImportStatus.FAILED}
