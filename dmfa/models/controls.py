"""GECO and DSP controls (deliberation 05/012 §2–3): the office's subsidised jobs, what employers declared to it per
month, the dated programme parameters, and the stored results of the control batches."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dmfa.constants import (
    ControlKind,
    ControlOutcome,
    ControlRunStatus,
    ParameterKey,
    ParameterStatus,
    PremiumBasis,
    Programme,
)
from dmfa.models.fields import QuarterField

_ZERO = Decimal("0")
CODE_KEYS = {ParameterKey.WORKED_CODES, ParameterKey.ASSIMILATED_CODES}


def _money(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class ProgrammeParameter(models.Model):
    """One dated value of a programme parameter, with its source and status (in force, announced, assumption).

    ``amount`` holds a number (euros a year or a month, or a fraction such as 0.05); ``codes`` a list of annex-8
    service codes (the assimilated codes, for one joint committee or, blank, for every one)."""

    programme = models.CharField(_("programme"), max_length=4, choices=Programme.choices)
    key = models.CharField(_("parameter"), max_length=40, choices=ParameterKey.choices)
    joint_committee = models.CharField(
        _("joint committee"), max_length=9, blank=True, help_text=_("Blank: every joint committee.")
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=4, null=True, blank=True)
    codes = models.JSONField(_("service codes"), default=list, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, help_text=_("URL or official reference, and date read."))
    status = models.CharField(_("status"), max_length=12, choices=ParameterStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("programme parameter")
        verbose_name_plural = _("programme parameters")
        ordering = ["programme", "key", "joint_committee", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="dmfa_parameter_until_after_from",
            ),
            models.UniqueConstraint(
                fields=["programme", "key", "joint_committee", "valid_from"], name="dmfa_parameter_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.key} {self.joint_committee or '*'} {self.valid_from}"

    def clean(self) -> None:
        """A list of service codes for the code parameters, an amount for the others (the admin shows the message)."""
        if self.key in CODE_KEYS:
            codes = self.codes if isinstance(self.codes, list) else None
            if not codes or not all(str(code).isdigit() and len(str(code)) <= 3 for code in codes):
                raise ValidationError({"codes": _('Give the annex 8 service codes as a list, for example ["001"].')})
        elif self.amount is None or self.amount < 0:
            raise ValidationError({"amount": _("This parameter needs an amount of 0 or more.")})


class SubsidisedJob(models.Model):
    """A GECO or DSP job the office granted to an employer, for one worker."""

    institution = models.ForeignKey(
        "authz.Institution", verbose_name=_("office"), on_delete=models.PROTECT, related_name="subsidised_jobs"
    )
    registration_number = models.CharField(_("employer registration number"), max_length=9)
    insz = models.CharField(_("INSZ"), max_length=11)
    programme = models.CharField(_("programme"), max_length=4, choices=Programme.choices)
    reference = models.CharField(_("office reference"), max_length=40, help_text=_("The office's file number."))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    days_per_week = models.DecimalField(
        _("days a week"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("7"))],
    )
    worker_hours = models.DecimalField(
        _("weekly hours of the worker (Q)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("60"))],
    )
    reference_hours = models.DecimalField(
        _("weekly hours of the reference person (S)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
    )
    joint_committee = models.CharField(_("joint committee"), max_length=9)
    basis = models.CharField(_("premium basis"), max_length=20, choices=PremiumBasis.choices)
    monthly_wage = _money(
        _("gross monthly cash wage"),
        null=True,
        blank=True,
        validators=[MinValueValidator(_ZERO)],
        help_text=_("For the capped reference wage basis."),
    )
    minimum_wage_basis = _money(
        _("joint-committee minimum basis (a month)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(_ZERO)],
        help_text=_(
            "The joint committee's minimum wage plus residence allowance, holiday pay, end-of-year bonus, employer "
            "contributions and transport contribution, a month, for this regime."
        ),
    )
    share_exempt = models.BooleanField(_("exempt from the 5 % employer share"), default=False)
    # What the employer declared to the office about the worker's identity (reconciled with the national register).
    last_name = models.CharField(_("last name"), max_length=48, blank=True)
    first_name = models.CharField(_("first name"), max_length=24, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=9, blank=True)
    street = models.CharField(_("street and number"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("subsidised job")
        verbose_name_plural = _("subsidised jobs")
        ordering = ["registration_number", "insz", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="dmfa_job_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(worker_hours__lte=models.F("reference_hours")), name="dmfa_job_q_not_above_s"
            ),
            models.UniqueConstraint(fields=["institution", "reference"], name="dmfa_job_reference_unique"),
        ]
        indexes = [
            models.Index(fields=["institution", "registration_number"], name="dmfa_job_office_employer"),
            models.Index(fields=["insz"], name="dmfa_job_insz"),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.registration_number} {self.insz} {self.start_date}"

    @property
    def fraction(self) -> Decimal:
        """Working-time fraction Q/S of the job."""
        return self.worker_hours / self.reference_hours


class MonthlyStatement(models.Model):
    """What the employer declared to the office for one month of a job, and the premium the office paid for it."""

    job = models.ForeignKey(SubsidisedJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="statements")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    days_worked = models.DecimalField(
        _("days worked"), max_digits=5, decimal_places=2, validators=[MinValueValidator(_ZERO)]
    )
    assimilated_days = models.DecimalField(
        _("assimilated days"), max_digits=5, decimal_places=2, validators=[MinValueValidator(_ZERO)]
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, validators=[MinValueValidator(_ZERO)])
    gross_wage = _money(_("gross wage"), validators=[MinValueValidator(_ZERO)])
    employer_contributions = _money(_("employer contributions"), validators=[MinValueValidator(_ZERO)])
    reductions = _money(_("contribution reductions"), validators=[MinValueValidator(_ZERO)])
    premium_paid = _money(_("premium paid by the office"), validators=[MinValueValidator(_ZERO)])

    class Meta:
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        ordering = ["job", "month"]
        constraints = [
            models.UniqueConstraint(fields=["job", "month"], name="dmfa_statement_one_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="dmfa_statement_first_of_month"),
            models.CheckConstraint(condition=Q(days_worked__lte=31) & Q(assimilated_days__lte=31), name="dmfa_days"),
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.month:%Y-%m}"


class ControlRun(models.Model):
    """One batch: the controls of a quarter for every subsidised job of an office."""

    institution = models.ForeignKey("authz.Institution", verbose_name=_("office"), on_delete=models.PROTECT)
    quarter = QuarterField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=ControlRunStatus.choices, default=ControlRunStatus.PENDING
    )
    total = models.PositiveIntegerField(_("jobs"), default=0)
    done = models.PositiveIntegerField(_("jobs controlled"), default=0)
    job_ids = models.JSONField(_("jobs"), default=list)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("control batch")
        verbose_name_plural = _("control batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.quarter} ({self.get_status_display()})"

    @property
    def progress(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


class ControlResult(models.Model):
    """The stored outcome of one control of one job for one quarter; a rerun replaces it."""

    run = models.ForeignKey(ControlRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="results")
    job = models.ForeignKey(SubsidisedJob, on_delete=models.CASCADE, related_name="results")
    institution = models.ForeignKey("authz.Institution", on_delete=models.PROTECT, related_name="+")
    registration_number = models.CharField(_("employer registration number"), max_length=9)
    insz = models.CharField(_("INSZ"), max_length=11)
    quarter = QuarterField(_("quarter"))
    control = models.CharField(_("control"), max_length=16, choices=ControlKind.choices)
    outcome = models.CharField(_("outcome"), max_length=14, choices=ControlOutcome.choices)
    figures = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("control result")
        verbose_name_plural = _("control results")
        ordering = ["registration_number", "insz", "control"]
        constraints = [
            models.UniqueConstraint(fields=["job", "quarter", "control"], name="dmfa_one_result_per_control"),
        ]
        indexes = [
            models.Index(fields=["institution", "quarter", "registration_number"], name="dmfa_result_office_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.quarter} {self.control} {self.outcome}"
