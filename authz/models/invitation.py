"""An owner's invitation to someone without an account (yet) to become its mandatary or appointee."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from authz.constants import AccessRole, Repertory


class MandateInvitationQuerySet(models.QuerySet):
    def pending(self) -> MandateInvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class MandateInvitation(models.Model):
    """Becomes an EmployerAccess when the invited person logs in with this e-mail address and accepts.

    Only a SHA-256 of the token is stored: the token itself travels in the e-mail alone.
    """

    repertory = models.CharField(_("repertory"), max_length=6, choices=Repertory.choices)
    registration_number = models.CharField(_("registration number"), max_length=10)
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=AccessRole.choices, default=AccessRole.MANDATARY)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    scopes = models.ManyToManyField("authz.AccessScope", verbose_name=_("scope"), related_name="+")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    token_hash = models.CharField(_("token (SHA-256)"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    access = models.OneToOneField(
        "authz.EmployerAccess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("access created"),
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = MandateInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mandate invitation")
        verbose_name_plural = _("mandate invitations")
        indexes = [models.Index(fields=["repertory", "registration_number"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="invitation_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[AccessRole.APPOINTEE, AccessRole.MANDATARY]), name="invitation_role_not_owner"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(access__isnull=False), name="invitation_accepted_has_access"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.repertory} {self.registration_number}"

    @property
    def employer_label(self) -> str:
        return self.employer_name or f"{self.repertory} {self.registration_number}"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "withdrawn"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"
