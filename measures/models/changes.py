"""The public change log: the rules of each measure as last published, and the entries derived from a publication."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from measures.models.catalogue import Measure


class PublishedRules(models.Model):
    """The rule versions of a measure as last published: what the public change log compares a new publication with.

    Saving in the admin changes the rules but not this baseline; publishing (the data file, the publish action, the
    admin's "publish the changes") derives the change-log entries from the difference, then moves the baseline.
    """

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="published_rules")
    versions = models.JSONField(_("rule versions as published"), default=list)
    published_at = models.DateTimeField(_("published at"))
    #: The cumulation rules as published (``measures.changes.editions.cumulation_of``); None: not recorded yet.
    cumulation = models.JSONField(_("cumulation rules as published"), null=True, blank=True)

    class Meta:
        verbose_name = _("published rules")
        verbose_name_plural = _("published rules")

    def __str__(self) -> str:
        return f"{self.measure.code} {self.published_at:%Y-%m-%d %H:%M}"


class MeasureChange(models.Model):
    """One entry of the public change log: a published change to a measure, with its old and new value and source.

    Values are kept language-neutral (codes, ISO dates, amounts as strings); ``measures.changes.describe`` words
    them in the language of the page or feed.
    """

    class Kind(models.TextChoices):
        ADDED = "added", _("new measure")
        NEW_VERSION = "new_version", _("new version")
        VERSION_REMOVED = "version_removed", _("version withdrawn")
        AMOUNT = "amount", _("amount")
        CONDITION = "condition", _("condition")
        STATUS = "status", _("status")
        END = "end", _("end date")
        CUMULATION = "cumulation", _("cumulation rules")
        PARAMETER = "parameter", _("shared parameter")

    #: None for a shared parameter (``parameter`` names it): it belongs to no one measure.
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes", null=True, blank=True)
    parameter = models.SlugField(_("shared parameter"), max_length=60, blank=True)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    version_from = models.DateField(_("rules from"), null=True, blank=True)
    field = models.CharField(_("what"), max_length=60, blank=True)
    subject = models.JSONField(_("benefit concerned"), default=dict, blank=True)
    old_value = models.JSONField(_("old value"), null=True, blank=True)
    new_value = models.JSONField(_("new value"), null=True, blank=True)
    source = models.JSONField(_("source"), default=dict, blank=True)

    class Meta:
        verbose_name = _("change-log entry")
        verbose_name_plural = _("change log")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["measure", "-published_at"], name="measurechange_measure_idx")]

    def __str__(self) -> str:
        return f"{self.measure.code if self.measure else self.parameter} {self.published_at:%Y-%m-%d} {self.kind}"
