"""Saved scenarios re-evaluated when the rules change: the editions of the rules, the batches, each scenario's last
evaluation and the notices sent to the people who saved them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from measures.models.scenario import Scenario


class RulesEdition(models.Model):
    """The rules as published at one moment, whole: each published measure's rule versions (the change log's
    snapshot) and cumulation rules, and the shared parameters, as JSON values (``measures.changes.editions``).

    A new edition is recorded after each publication that wrote change-log entries. A saved scenario is re-evaluated
    under the edition it was saved under and under the newest; the newest is also the published baseline of the
    parameters and cumulation rules (what their next change is compared with).
    """

    published_at = models.DateTimeField(_("published at"), db_index=True)
    digest = models.CharField(_("digest"), max_length=64, db_index=True)
    rules = models.JSONField(_("rules"), default=dict)

    class Meta:
        verbose_name = _("rules edition")
        verbose_name_plural = _("rules editions")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.published_at:%Y-%m-%d %H:%M} {self.digest[:8]}"


class ChangeBatch(models.Model):
    """One run of the re-evaluation of every saved scenario after rule changes were published."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    edition = models.ForeignKey(
        RulesEdition, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rules")
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    scenarios = models.PositiveIntegerField(_("scenarios re-evaluated"), default=0)
    moved = models.PositiveIntegerField(_("scenarios moved by this batch"), default=0)
    refused = models.PositiveIntegerField(_("scenarios no longer updated"), default=0)
    #: The batch runs in parts (tasks shared by the workers): how many, and the indexes of those done.
    parts = models.PositiveIntegerField(_("parts"), default=0)
    parts_done = models.JSONField(_("parts done"), default=list, blank=True)

    class Meta:
        verbose_name = _("change batch")
        verbose_name_plural = _("change batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"


class ScenarioEvaluation(models.Model):
    """A saved scenario as last re-evaluated: its amounts under the rules it was saved under and under the newest.

    Amounts are ``{mode: {"total": "1234.00", "measures": {code: "..."}}}`` for the rules in force and with the
    announced changes included. ``state``: unchanged, moved (an amount differs) or refused (the owner may no longer
    act for the employer: not recomputed).
    """

    class State(models.TextChoices):
        UNCHANGED = "unchanged", _("unchanged")
        MOVED = "moved", _("moved")
        REFUSED = "refused", _("no longer updated")

    scenario = models.OneToOneField(
        Scenario, on_delete=models.CASCADE, primary_key=True, related_name="evaluation", verbose_name=_("scenario")
    )
    saved_under = models.ForeignKey(
        RulesEdition, on_delete=models.PROTECT, related_name="+", verbose_name=_("rules it was saved under")
    )
    edition = models.ForeignKey(RulesEdition, on_delete=models.PROTECT, related_name="+", verbose_name=_("rules now"))
    batch = models.ForeignKey(ChangeBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: The save that was evaluated: a later save of the scenario makes this evaluation stale.
    scenario_updated_at = models.DateTimeField(_("scenario saved at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    before = models.JSONField(_("amounts under the rules it was saved under"), default=dict)
    after = models.JSONField(_("amounts under the rules now"), default=dict)
    evaluated_at = models.DateTimeField(_("evaluated at"))

    class Meta:
        verbose_name = _("scenario evaluation")
        verbose_name_plural = _("scenario evaluations")

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.state}"


class ChangeNotice(models.Model):
    """The one e-mail of a change batch to one user: written before sending, marked sent after (never sent twice)."""

    batch = models.ForeignKey(ChangeBatch, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scenarios = models.JSONField(_("scenarios"), default=list)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("change notice")
        verbose_name_plural = _("change notices")
        constraints = [models.UniqueConstraint(fields=["batch", "user"], name="change_notice_once_per_batch")]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.user_id}"
