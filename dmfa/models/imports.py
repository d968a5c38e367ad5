"""An import of one DmfA file: the shared import job (foundation.imports) with the DmfA's counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dmfa.constants import ImportSource
from foundation import imports


class ImportJob(imports.ImportJob):
    source = models.CharField(_("source"), max_length=10, choices=ImportSource.choices)
    file_size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    forms = models.PositiveIntegerField(_("forms read"), default=0)
    declarations_created = models.PositiveIntegerField(_("declarations imported"), default=0)
    declarations_unchanged = models.PositiveIntegerField(_("declarations already present"), default=0)
    declarations_replaced = models.PositiveIntegerField(_("declarations replaced"), default=0)
    persons = models.PositiveIntegerField(_("persons imported"), default=0)

    class Meta(imports.ImportJob.Meta):
        verbose_name = _("DmfA import")
        verbose_name_plural = _("DmfA imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
