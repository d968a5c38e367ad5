"""Parties and rights: access to employers (owners, appointees, mandataries), institutions and the
reference directory (KSZ/BCSS verwijzingsrepertorium) of the persons they integrated."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from authz.constants import AccessRole, MembershipRole, Repertory
from foundation.identifiers import validate_insz


class AccessScope(models.Model):
    """An application an employer access can cover (repertory, calculator, ...); staff can add more."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=120)

    class Meta:
        ordering = ["code"]
        verbose_name = _("access scope")
        verbose_name_plural = _("access scopes")

    def __str__(self) -> str:
        return self.label


class EmployerAccessQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> EmployerAccessQuerySet:
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day), valid_from__lte=day, ended_at__isnull=True
        )


class EmployerAccess(models.Model):
    """A user's right to act for an employer (identified by its repertory and registration number)."""

    #: The codes of its scopes, set on the accesses the gate reads (authz.selectors.accesses_from_rows).
    scope_codes: frozenset[str]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employer_accesses", verbose_name=_("user")
    )
    repertory = models.CharField(_("repertory"), max_length=6, choices=Repertory.choices)
    registration_number = models.CharField(
        _("registration number"), max_length=10, help_text=_("RSZ or RSZPPO registration number, digits only.")
    )
    employer_name = models.CharField(_("employer name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=AccessRole.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For a mandatary: the social secretariat or accounting firm, shown to the persons concerned."),
    )
    scopes = models.ManyToManyField(AccessScope, verbose_name=_("scope"), related_name="accesses")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = EmployerAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer access")
        verbose_name_plural = _("employer accesses")
        ordering = ["repertory", "registration_number", "-valid_from"]
        indexes = [models.Index(fields=["user", "repertory", "registration_number"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="employer_access_until_after_from",
            ),
            models.CheckConstraint(condition=Q(role__in=AccessRole.values), name="employer_access_role_valid"),
            models.CheckConstraint(condition=Q(repertory__in=Repertory.values), name="employer_access_repertory_valid"),
            models.CheckConstraint(
                condition=Q(registration_number__regex=r"^[0-9]{8,10}$"), name="employer_access_number_digits"
            ),
            models.UniqueConstraint(
                fields=["user", "repertory", "registration_number", "role", "valid_from"],
                name="employer_access_unique_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.repertory} {self.registration_number} ({self.get_role_display()})"

    @property
    def employer_label(self) -> str:
        return self.employer_name or f"{self.repertory} {self.registration_number}"

    def status_on(self, day: date) -> str:
        if self.ended_at is not None:
            return "ended"
        if day < self.valid_from:
            return "future"
        if self.valid_until is not None and day > self.valid_until:
            return "expired"
        return "valid"


class Institution(models.Model):
    """An institution whose agents consult data (BGDA/Actiris, VDAB, Forem, ADG, ...)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.name


class InstitutionMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("institution")
    )
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.AGENT)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="membership_unique_user_institution"),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution} ({self.get_role_display()})"


class QualityCode(models.Model):
    """Quality code of an integration in the reference directory (001 job seeker, ...)."""

    code = models.CharField(_("code"), max_length=3, unique=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("quality code")
        verbose_name_plural = _("quality codes")
        constraints = [models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{3}$"), name="quality_code_digits")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ReferenceDirectoryEntry(models.Model):
    """An integration: the institution follows this person with this quality code over this period."""

    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="integrations", verbose_name=_("institution")
    )
    insz = models.CharField(_("INSZ"), max_length=11, validators=[validate_insz])
    quality_code = models.ForeignKey(QualityCode, on_delete=models.PROTECT, verbose_name=_("quality code"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("reference directory entry")
        verbose_name_plural = _("reference directory entries")
        ordering = ["institution", "insz", "valid_from"]
        indexes = [models.Index(fields=["insz", "institution"])]
        constraints = [
            models.CheckConstraint(condition=Q(insz__regex=r"^[0-9]{11}$"), name="integration_insz_digits"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="integration_until_after_from",
            ),
            models.UniqueConstraint(
                fields=["institution", "insz", "quality_code", "valid_from"], name="integration_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution.code} {self.insz} {self.quality_code.code}"

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The end date lies before the start date.")})
