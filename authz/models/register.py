"""The register of processing activities: what the portal may disclose, to whom, on which legal basis."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from authz.constants import SubjectKind


def current_id_sql(code: str, on: date, quote) -> tuple[str, list]:
    """A scalar subquery, the id of the activity's version valid on the day (the newest when several are), and its
    parameters; ``quote`` is the connection's ``ops.quote_name``.

    Hand-written because the gate sends it in the statement that locks the chain head (chain.lock_head), on every
    disclosure; everywhere else the ORM's :meth:`ProcessingActivityQuerySet.valid_on` says the same, and a test
    (tests/authz/test_gate_register.py) holds the two to the same answer.
    """
    # Names from the model's metadata, quoted; the values are parameters.
    sql = (
        f"(SELECT {quote('id')} FROM {quote(ProcessingActivity._meta.db_table)} WHERE {quote('code')} = %s "  # noqa: S608
        f"AND {quote('valid_from')} <= %s AND ({quote('valid_until')} IS NULL OR {quote('valid_until')} >= %s) "
        f"ORDER BY {quote('version')} DESC LIMIT 1)"
    )
    return sql, [code, on.isoformat(), on.isoformat()]


class ProcessingActivityQuerySet(models.QuerySet):
    def valid_on(self, code: str, on: date) -> ProcessingActivityQuerySet:
        """The versions of the row valid on the day, newest first: the first is "the current version"."""
        return (
            self.filter(code=code, valid_from__lte=on)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .order_by("-version")
        )

    def current(self, code: str, on: date) -> ProcessingActivity | None:
        return self.valid_on(code, on).first()


class ProcessingActivity(models.Model):
    """One version of a register row. A changed row is a new version; old versions stay for the log."""

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    purpose = models.TextField(_("purpose"))
    data_source = models.CharField(_("data source"), max_length=200)
    subject_kind = models.CharField(_("subject kind"), max_length=20, choices=SubjectKind.choices)
    data_categories = models.JSONField(_("data categories"), default=list)
    recipients = models.JSONField(_("recipients allowed"), default=list, help_text=_("Codes: public, employer, ..."))
    required_scopes = models.JSONField(
        _("access scopes accepted"),
        default=list,
        blank=True,
        help_text=_("For employer data: an access must cover one of these scopes."),
    )
    recipient_institutions = models.JSONField(
        _("institutions that may receive"),
        default=list,
        blank=True,
        help_text=_(
            "For an activity that discloses to institutions: the codes of those that may receive it (BGDA, ...); "
            "empty: every institution."
        ),
    )
    quality_codes_required = models.JSONField(_("quality codes required"), default=list, blank=True)
    requires_justification = models.BooleanField(_("requires a justification"), default=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = ProcessingActivityQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing activities")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="activity_unique_version"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="activity_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"
