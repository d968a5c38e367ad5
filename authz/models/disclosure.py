"""The disclosure log: one append-only row per data subject per disclosure, chained by a keyed MAC."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authz.constants import ActorRole, Channel, Outcome, SubjectKind, category_labels, reason_label


class AppendOnlyQuerySet(models.QuerySet):
    """No update or delete path in code: the log only grows (PostgreSQL also rejects it in a trigger)."""

    def update(self, **kwargs):
        raise PermissionError("the disclosure log is append-only")

    def delete(self):
        raise PermissionError("the disclosure log is append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("the disclosure log is append-only")


class Disclosure(models.Model):
    position = models.BigIntegerField(_("position in the chain"), unique=True)
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # No index of their own on the two foreign keys: the composite indexes below lead with them (every log row
    # written updates each index, and the gate writes on every disclosure).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        db_index=False,
    )
    actor_role = models.CharField(_("actor's role"), max_length=12, choices=ActorRole.choices)
    acting_for = models.CharField(
        _("acting for"), max_length=40, blank=True, help_text=_("Employer (RSZ:number) or institution code.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    activity = models.ForeignKey(
        "authz.ProcessingActivity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("processing activity"),
        db_index=False,
    )
    subject_kind = models.CharField(_("subject kind"), max_length=20, choices=SubjectKind.choices)
    # Indexed with the position (below): the auditor's search filters on it and lists newest first.
    subject_pseudonym = models.CharField(_("subject (pseudonym)"), max_length=64)
    personal = models.BooleanField(_("personal data"))
    categories = models.JSONField(_("data categories"), default=list)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=40)
    justification = models.TextField(_("justification"), blank=True)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_until = models.DateField(_("period until"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    # The chain key (DISCLOSURE_CHAIN_KEYS) whose HMAC seals the row; empty on rows written before the keys, which
    # carry an unkeyed SHA-256 (authz.chain).
    key_id = models.CharField(_("chain key"), max_length=16, blank=True, default="")
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-position"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosure log")
        default_permissions = ("view",)
        # The auditor's search (authz.audit.search_log) filters on the subject, the actor, the activity, the outcome
        # and the time, and lists the newest entries first: each filter has an index that ends in the position, so
        # that a page of the newest matching entries is read from the index without sorting them all. The time is
        # also the partition key on PostgreSQL (migration authz/0014).
        # On PostgreSQL each also holds the time, so that a search with dates (which also bound the position,
        # authz.audit) counts its matches from the index alone; activity and outcome together have their own.
        indexes = [
            models.Index(
                fields=["subject_pseudonym", "position"], include=["occurred_at"], name="disclosure_subject_position"
            ),
            models.Index(fields=["actor", "position"], include=["occurred_at"], name="disclosure_actor_position"),
            models.Index(fields=["activity", "position"], include=["occurred_at"], name="disclosure_activity_position"),
            models.Index(fields=["outcome", "position"], include=["occurred_at"], name="disclosure_outcome_position"),
            models.Index(
                fields=["activity", "outcome", "position"],
                include=["occurred_at"],
                name="disclosure_activity_outcome",
            ),
            models.Index(fields=["acting_for", "occurred_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(outcome__in=Outcome.values), name="disclosure_outcome_valid"),
            models.CheckConstraint(condition=models.Q(channel__in=Channel.values), name="disclosure_channel_valid"),
            models.CheckConstraint(condition=models.Q(position__gte=1), name="disclosure_position_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.position} {self.activity_id} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("the disclosure log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the disclosure log is append-only")

    @property
    def reason_label(self) -> str:
        """The gate's reason in words (pages and exports never show the stored code)."""
        return reason_label(self.reason)

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)


class ChainHead(models.Model):
    """The single row that holds the end of the chain; writers lock it (FOR UPDATE) so the chain cannot fork.

    On PostgreSQL it only moves forward, through the function authz_advance_chain_head (migration authz/0011).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    position = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chain head")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="chain_head_single_row")]

    def __str__(self) -> str:
        return f"head at entry {self.position}"


class ChainVerification(models.Model):
    """The result of one verification of the chain, with the head it saw (kept apart as a witness)."""

    verified_at = models.DateTimeField(_("verified at"), auto_now_add=True)
    intact = models.BooleanField(_("intact"))
    count = models.BigIntegerField(_("entries checked"))
    head_position = models.BigIntegerField(_("head position"))
    head_hash = models.CharField(_("head hash"), max_length=64)
    first_broken_position = models.BigIntegerField(_("first broken entry"), null=True, blank=True)
    #: 0 for a full verification; otherwise the position of the checkpoint an incremental verification started from
    #: (the entries up to it were taken as that checkpoint signed them).
    since_position = models.BigIntegerField(_("verified from the checkpoint at entry"), default=0)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("chain verification")
        verbose_name_plural = _("chain verifications")

    def __str__(self) -> str:
        return f"{self.verified_at:%Y-%m-%d %H:%M} {'intact' if self.intact else 'BROKEN'} ({self.count})"
