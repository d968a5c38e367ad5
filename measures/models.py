"""The measure catalogue: measures, their dated rule versions, benefit rules, cumulation rules and history.

Texts are translated with django-modeltranslation (``name_nl``, ``name_fr``, ...; see ``translation.py``).
Eligibility lives on the rule version as typed columns, so the catalogue can filter on it in SQL and the
calculator can explain a failure (``measures.eligibility``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from measures import constants, formula
from measures.fields import CodeListField
from measures.validation import (
    validate_conditions,
    validate_links,
    validate_parameters,
    validate_schedule_order,
    validate_sources,
    validate_steps,
)

code_validator = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", _("Use lower-case letters, digits and hyphens (for example fed-first-hires).")
)

#: What the codes of the eligibility lists may be (CodeListField validation; the catalogue filters match them).
EMPLOYER_CATEGORY_CODES = {
    "pattern": r"[0-9]{3}",
    "message": _("Employer categories are 3-digit codes such as 010; not %(codes)s."),
}
NACE_CODES = {
    "pattern": r"[0-9]{2,5}",
    "message": _("NACE codes are 2 to 5 digits without dots, such as 56101 for 56.101; not %(codes)s."),
}
JOINT_COMMITTEE_CODES = {
    "pattern": r"[0-9]{3}(\.[0-9]{2})?",
    "message": _("Joint committees are numbers such as 302 or 330.01; not %(codes)s."),
}


def announced_class(status: str) -> Q:
    """Announced versions (and values) may overlap the ones in force, never each other; the others never overlap."""
    if status == constants.Status.ANNOUNCED:
        return Q(status=constants.Status.ANNOUNCED)
    return ~Q(status=constants.Status.ANNOUNCED)


class MeasureQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Measure(models.Model):
    """One employment-promotion measure (tewerkstellingsmaatregel / mesure pour l'emploi)."""

    code = models.SlugField(_("code"), max_length=60, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences in plain language."))
    description = models.TextField(_("what it is"), blank=True)
    employer_text = models.TextField(_("for which employers"), blank=True)
    worker_text = models.TextField(_("for which workers"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)

    level = models.CharField(_("level"), max_length=20, choices=constants.Level.choices, db_index=True)
    region = models.CharField(_("region"), max_length=3, choices=constants.Region.choices, db_index=True)
    region_basis = models.CharField(
        _("region decided by"), max_length=20, choices=constants.RegionBasis.choices, db_index=True
    )
    technique = models.CharField(_("technique"), max_length=30, choices=constants.Technique.choices, db_index=True)
    reduction_role = models.CharField(
        _("role in the cumulation of reductions"),
        max_length=20,
        choices=constants.ReductionRole.choices,
        default=constants.ReductionRole.NONE,
    )
    audiences = CodeListField(
        _("who it concerns"),
        help_text=_("employer, worker, jobseeker (comma-separated); empty means everyone."),
        allowed=constants.Audience.values,
    )
    in_calculator = models.BooleanField(
        _("estimated by the calculator"),
        default=True,
        help_text=_(
            "Untick when the measure depends on facts the calculator does not ask (work organisation, training "
            "contracts): the calculator then lists it as not estimated, with a link to its page."
        ),
    )
    institution = models.CharField(_("institution that decides"), max_length=200, blank=True)
    institution_url = models.URLField(_("link to apply or read more"), max_length=500, blank=True)
    legal_references = models.JSONField(_("legal references"), default=list, blank=True, validators=[validate_links])
    sources = models.JSONField(
        _("sources"),
        default=list,
        validators=[validate_sources],
        help_text=_('A list of {"key", "url", "title"}; rule values name the key of their source.'),
    )

    valid_from = models.DateField(_("valid from"), null=True, blank=True, editable=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, editable=False)
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="measure_validity_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(level=constants.Level.FEDERAL) | Q(region=constants.Region.BE),
                name="measure_federal_is_nationwide",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("measures:detail", kwargs={"code": self.code})

    def source_keys(self) -> set[str]:
        return {source["key"] for source in self.sources or []}

    def source(self, key: str) -> dict | None:
        return next((source for source in self.sources or [] if source["key"] == key), None)


class RuleVersion(models.Model):
    """The rules of a measure over a period of validity: eligibility, benefit schedule, period unit, proration."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: no end date."))
    date_basis = models.CharField(
        _("version picked by"),
        max_length=20,
        choices=constants.DateBasis.choices,
        default=constants.DateBasis.HIRING_DATE,
    )
    period_unit = models.CharField(_("period unit"), max_length=10, choices=constants.PeriodUnit.choices)
    prorated = models.BooleanField(
        _("prorated by working-time fraction"), default=True, help_text=_("Untick only when the rule says so.")
    )
    placement_window = models.PositiveSmallIntegerField(
        _("placement window (periods)"),
        null=True,
        blank=True,
        help_text=_("The benefit's periods may be placed anywhere in this many periods from hiring."),
    )
    note = models.TextField(_("what changed in this version"), blank=True)
    source_key = models.CharField(_("source of the eligibility values"), max_length=60)
    status = models.CharField(
        _("status"), max_length=12, choices=constants.Status.choices, default=constants.Status.IN_FORCE
    )
    announcement_key = models.CharField(
        _("announcing source"),
        max_length=60,
        blank=True,
        help_text=_("For an announced version: the key of the source that announces it."),
    )
    ends = models.BooleanField(
        _("announced end"), default=False, help_text=_("An announced version that ends the measure from its date.")
    )
    replaced_by = models.CharField(_("replaced by (measure code)"), max_length=60, blank=True)

    # Eligibility of the worker (werknemer).
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    age_reference = models.CharField(
        _("age counted"),
        max_length=20,
        choices=constants.AgeReference.choices,
        default=constants.AgeReference.AT_HIRING,
    )
    jobseeker_months_min = models.PositiveSmallIntegerField(
        _("minimum months registered as a job seeker"), null=True, blank=True
    )
    qualification_max = models.CharField(
        _("highest qualification allowed"),
        max_length=20,
        choices=constants.Qualification.choices,
        blank=True,
        help_text=_("Empty: any qualification."),
    )
    reduced_work_capacity_required = models.BooleanField(_("reduced work capacity required"), default=False)
    work_fraction_min = models.DecimalField(
        _("minimum working-time fraction"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    work_fraction_full = models.DecimalField(
        _("working-time fraction from which the full amount is due"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    wage_ceiling = models.DecimalField(
        _("wage ceiling per period unit (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Eligibility of the employer (werkgever).
    employer_types = CodeListField(
        _("employer types"),
        help_text=_("Empty: every employer type."),
        allowed=constants.EmployerType.values,
    )
    employer_categories = CodeListField(
        _("employer categories (only these)"), help_text=_("3-digit RSZ codes."), **EMPLOYER_CATEGORY_CODES
    )
    employer_categories_excluded = CodeListField(_("employer categories excluded"), **EMPLOYER_CATEGORY_CODES)
    nace_included = CodeListField(_("NACE codes (only these, prefixes)"), **NACE_CODES)
    nace_excluded = CodeListField(_("NACE codes excluded (prefixes)"), **NACE_CODES)
    joint_committees_included = CodeListField(_("joint committees (only these)"), **JOINT_COMMITTEE_CODES)
    joint_committees_excluded = CodeListField(_("joint committees excluded"), **JOINT_COMMITTEE_CODES)
    size_min = models.PositiveSmallIntegerField(
        _("smallest importance code"), null=True, blank=True, validators=[MaxValueValidator(9)]
    )
    size_max = models.PositiveSmallIntegerField(
        _("largest importance code"), null=True, blank=True, validators=[MaxValueValidator(9)]
    )

    typical_amount = models.DecimalField(
        _("typical amount over two years (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For sorting. Empty: computed from the benefit rules where they fix an amount."),
    )
    sort_amount = models.DecimalField(
        _("amount used for sorting (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["measure", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_until"], name="ruleversion_validity_idx"),
            models.Index(fields=["age_min", "age_max"], name="ruleversion_age_idx"),
            models.Index(fields=["sort_amount"], name="ruleversion_amount_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["measure", "valid_from"], name="ruleversion_one_start_per_measure"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="ruleversion_validity_in_order",
            ),
            models.CheckConstraint(
                condition=Q(age_min__isnull=True) | Q(age_max__isnull=True) | Q(age_max__gte=F("age_min")),
                name="ruleversion_age_bounds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(size_min__isnull=True) | Q(size_max__isnull=True) | Q(size_max__gte=F("size_min")),
                name="ruleversion_size_bounds_in_order",
            ),
            models.CheckConstraint(
                condition=Q(work_fraction_min__isnull=True)
                | (Q(work_fraction_min__gte=0) & Q(work_fraction_min__lte=1)),
                name="ruleversion_fraction_min_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(work_fraction_full__isnull=True)
                | (Q(work_fraction_full__gte=0) & Q(work_fraction_full__lte=1)),
                name="ruleversion_fraction_full_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=Q(wage_ceiling__isnull=True) | Q(wage_ceiling__gte=0), name="ruleversion_ceiling_positive"
            ),
            models.CheckConstraint(
                condition=Q(typical_amount__isnull=True) | Q(typical_amount__gte=0),
                name="ruleversion_typical_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.measure.code} {self.valid_from.isoformat()}–{until}"

    #: Whether clean() compares the dates with the measure's versions in the database; the admin's inline, which
    #: checks the submitted versions together with the saved ones, turns it off (``measures.admin``).
    check_overlap_in_database = True

    def clean(self) -> None:
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The maximum age is below the minimum age.")
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The version ends before it starts.")
        if self.size_min is not None and self.size_max is not None and self.size_max < self.size_min:
            errors["size_max"] = _("The largest importance code is below the smallest.")
        if self.measure_id and self.source_key and self.source_key not in self.measure.source_keys():
            errors["source_key"] = _("No source with this key on the measure.")
        if self.check_overlap_in_database and self.measure_id and self.valid_from and not errors:
            overlapping = (
                RuleVersion.objects.filter(measure_id=self.measure_id)
                .exclude(pk=self.pk)
                .filter(announced_class(self.status))
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
            )
            if self.valid_until:
                overlapping = overlapping.filter(valid_from__lte=self.valid_until)
            clash = overlapping.first()
            if clash:
                errors["valid_from"] = _("This version overlaps the version valid from %(date)s.") % {
                    "date": clash.valid_from.isoformat()
                }
        if errors:
            raise ValidationError(errors)

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class BenefitRule(models.Model):
    """How much a rule version is worth, for the workers its conditions describe (one row per variant)."""

    version = models.ForeignKey(RuleVersion, on_delete=models.CASCADE, related_name="benefits")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("For example: second worker."))
    conditions = models.JSONField(
        _("conditions of this variant"),
        default=dict,
        blank=True,
        validators=[validate_conditions],
        help_text=_('For example {"hire_rank": 2} or {"age_min": 60}.'),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=constants.BenefitKind.choices)
    steps = models.JSONField(
        _("schedule"),
        null=True,
        blank=True,
        validators=[validate_steps, validate_schedule_order],
        help_text=_(
            "[[amount, periods], ...] (for a percentage rule: [[rate, periods], ...]); "
            "the last step may have null periods (no end)."
        ),
    )
    percentage = models.DecimalField(
        _("percentage (0 to 1)"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    wage_base = models.CharField(_("wage base"), max_length=20, choices=constants.WageBase.choices, blank=True)
    cap = models.DecimalField(
        _("cap per period (EUR)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    duration = models.PositiveSmallIntegerField(
        _("duration (periods)"),
        null=True,
        blank=True,
        help_text=_("Empty: no end (for percentage, formula and exemption)."),
    )
    formula = models.TextField(_("formula"), blank=True)
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        validators=[validate_parameters],
        help_text=_('{"name": {"value": 0.14, "source": "key"}, ...}'),
    )
    share = models.CharField(
        _("contribution share exempted"), max_length=30, choices=constants.ContributionShare.choices, blank=True
    )
    source_key = models.CharField(_("source"), max_length=60)
    status = models.CharField(
        _("status"), max_length=12, choices=constants.Status.choices, default=constants.Status.IN_FORCE
    )
    applies_to_running = models.BooleanField(
        _("also for earlier hires"),
        default=False,
        help_text=_("From its version's date this amount replaces the one of the same conditions for earlier hires."),
    )

    class Meta:
        verbose_name = _("benefit rule")
        verbose_name_plural = _("benefit rules")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=constants.BenefitKind.FIXED_SCHEDULE) | Q(steps__isnull=False),
                name="benefit_schedule_has_steps",
            ),
            models.CheckConstraint(
                condition=~Q(kind=constants.BenefitKind.PERCENTAGE)
                | ((Q(percentage__isnull=False) | Q(steps__isnull=False)) & ~Q(wage_base="")),
                name="benefit_percentage_has_rate_and_base",
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | (Q(percentage__gte=0) & Q(percentage__lte=1)),
                name="benefit_percentage_is_a_fraction",
            ),
            models.CheckConstraint(
                condition=~Q(kind=constants.BenefitKind.FORMULA) | ~Q(formula=""), name="benefit_formula_has_text"
            ),
            models.CheckConstraint(
                condition=~Q(kind=constants.BenefitKind.EXEMPTION) | ~Q(share=""), name="benefit_exemption_has_share"
            ),
            models.CheckConstraint(condition=Q(cap__isnull=True) | Q(cap__gte=0), name="benefit_cap_positive"),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    @staticmethod
    def _is_schedule(steps) -> bool:
        """Whether ``steps`` has the shape [[number, periods], ...]; when not, its field validator says why."""
        if steps is None:
            return True
        return isinstance(steps, list) and all(
            isinstance(step, list)
            and len(step) == 2
            and isinstance(step[0], int | float)
            and not isinstance(step[0], bool)
            for step in steps
        )

    def clean(self) -> None:
        # clean() runs after the field validators even when they failed: a schedule or parameters of the wrong
        # shape already carry their field error, so the checks below look only at values of the right shape.
        errors = {}
        kind = constants.BenefitKind
        steps_ok = self._is_schedule(self.steps)
        parameters = {} if self.parameters is None else self.parameters
        parameters_ok = isinstance(parameters, dict)
        if self.kind == kind.FIXED_SCHEDULE and not self.steps:
            errors["steps"] = _("A fixed schedule needs at least one step [amount, periods].")
        if self.kind == kind.PERCENTAGE:
            if self.percentage is None and not self.steps:
                errors["percentage"] = _("A percentage rule needs its percentage, or a schedule of percentages.")
            if steps_ok and any(step[0] > 1 for step in self.steps or []):
                errors["steps"] = _("The percentages of a schedule are fractions between 0 and 1.")
            if not self.wage_base:
                errors["wage_base"] = _("A percentage rule needs its wage base.")
        if self.kind == kind.FORMULA:
            if not self.formula:
                errors["formula"] = _("A formula rule needs its formula.")
            elif parameters_ok:
                try:
                    formula.check(self.formula, parameters.keys())
                except formula.FormulaError as exc:
                    errors["formula"] = str(exc)
        if self.kind == kind.EXEMPTION and not self.share:
            errors["share"] = _("An exemption needs the contribution share it exempts.")
        conditions = self.conditions or {}
        if (
            isinstance(conditions, dict)
            and isinstance(conditions.get("age_min"), int)
            and isinstance(conditions.get("age_max"), int)
            and conditions["age_max"] < conditions["age_min"]
        ):
            errors["conditions"] = _("The maximum age is below the minimum age.")
        if self.version_id:
            keys = self.version.measure.source_keys()
            if self.source_key and self.source_key not in keys:
                errors["source_key"] = _("No source with this key on the measure.")
            for name, parameter in (parameters if parameters_ok else {}).items():
                if isinstance(parameter, dict) and parameter.get("source") and parameter["source"] not in keys:
                    errors["parameters"] = _("Parameter %(name)s names an unknown source.") % {"name": name}
        if errors:
            raise ValidationError(errors)


class CumulationRule(models.Model):
    """Whether a measure combines with another measure (or a named benefit outside the catalogue)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="cumulation_rules")
    kind = models.CharField(_("kind"), max_length=30, choices=constants.CumulationKind.choices)
    other_measure = models.ForeignKey(
        Measure,
        verbose_name=_("other measure"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    other_text = models.CharField(
        _("other benefit (outside the catalogue)"), max_length=200, blank=True, help_text=_("When no measure fits.")
    )
    ceiling = models.DecimalField(
        _("ceiling (EUR per period)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    note = models.TextField(_("note"), blank=True)
    source_key = models.CharField(_("source"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("cumulation rule")
        verbose_name_plural = _("cumulation rules")
        ordering = ["measure", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=constants.CumulationKind.WITHIN_CEILING) | Q(ceiling__isnull=False),
                name="cumulation_within_ceiling_has_ceiling",
            ),
            models.CheckConstraint(
                condition=Q(other_measure__isnull=True) | ~Q(other_measure=F("measure")),
                name="cumulation_not_with_itself",
            ),
        ]

    def __str__(self) -> str:
        other = self.other_measure.code if self.other_measure_id else self.other_text
        return f"{self.get_kind_display()}: {other}" if other else self.get_kind_display()

    def clean(self) -> None:
        if self.kind == constants.CumulationKind.WITHIN_CEILING and self.ceiling is None:
            raise ValidationError({"ceiling": _("Combining within a ceiling needs the ceiling.")})
        if self.kind != constants.CumulationKind.STRUCTURAL_PLUS_ONE and not (self.other_measure_id or self.other_text):
            raise ValidationError({"other_measure": _("Name the other measure or benefit.")})
        if self.other_measure_id and self.other_measure_id == self.measure_id:
            raise ValidationError({"other_measure": _("A measure cannot be combined with itself.")})


class Assumption(models.Model):
    """A figure the sources did not confirm, and what the catalogue assumes instead (shown on the detail page)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="assumptions")
    about = models.CharField(_("about"), max_length=200)
    text = models.TextField(_("assumption"))

    class Meta:
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        ordering = ["measure", "pk"]

    def __str__(self) -> str:
        return self.about


class MeasureRevision(models.Model):
    """One change of a measure: who, when, how (admin, data file, publication) and what changed."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="revisions")
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    origin = models.CharField(_("origin"), max_length=10, choices=constants.ChangeOrigin.choices)
    summary = models.TextField(_("what changed"))
    changed_fields = models.JSONField(_("changed fields"), default=list)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.changed_at:%Y-%m-%d %H:%M}"


class Parameter(models.Model):
    """A dated value the rules share, outside any one measure (the employer contribution rate, for example).

    The calculator reads the value valid on a date; staff change it in the admin by adding a dated row.
    """

    key = models.SlugField(_("key"), max_length=60)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=6)
    unit = models.CharField(
        _("unit"), max_length=40, help_text=_("For example: fraction of gross wage, EUR per month.")
    )
    description = models.CharField(_("description"), max_length=300)
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source link"), max_length=500, blank=True)
    source_reference = models.CharField(_("official reference"), max_length=300, blank=True)
    source_read = models.DateField(_("source last read"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=constants.Status.choices, default=constants.Status.IN_FORCE
    )
    announcement = models.JSONField(
        _("announcing text"),
        default=dict,
        blank=True,
        help_text=_('For an announced value: {"title": ..., "url" or "reference": ..., "read": "YYYY-MM-DD"}.'),
    )

    class Meta:
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "valid_from"], name="parameter_one_start_per_key"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="parameter_validity_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.valid_from.isoformat()}: {self.value}"

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The value ends before it starts.")})
        if self.key and self.valid_from:
            overlapping = (
                Parameter.objects.filter(key=self.key)
                .exclude(pk=self.pk)
                .filter(announced_class(self.status))
                .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
            )
            if self.valid_until:
                overlapping = overlapping.filter(valid_from__lte=self.valid_until)
            if overlapping.exists():
                raise ValidationError({"valid_from": _("Another value of this parameter is valid on these dates.")})


class Scenario(models.Model):
    """A calculator scenario saved by a user: the employer, the rules date, the horizon and the hires as typed.

    Only the inputs are kept; reopening a scenario runs the calculation again through the authz gate (07/039), so a
    lost mandate means refusal and the result follows the rules in the catalogue.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calculator_scenarios", verbose_name=_("owner")
    )
    repertory = models.CharField(_("repertory"), max_length=6)  # authz.constants.Repertory value
    registration_number = models.CharField(_("registration number"), max_length=12)
    name = models.CharField(_("name"), max_length=120)
    on = models.DateField(_("date of the rules"))
    horizon = models.PositiveSmallIntegerField(_("horizon in quarters"))
    hires = models.JSONField(_("hires"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("calculator scenario")
        verbose_name_plural = _("calculator scenarios")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="scenario_owner_updated")]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "repertory", "registration_number", "name"], name="scenario_unique_name_per_employer"
            ),
            models.CheckConstraint(condition=Q(horizon__gte=1) & Q(horizon__lte=40), name="scenario_horizon_range"),
            models.CheckConstraint(condition=Q(repertory__in=["RSZ", "RSZPPO"]), name="scenario_repertory_known"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def employer_key(self) -> str:
        """The calculator's employer key, ``"RSZ:123456749"``."""
        return f"{self.repertory}:{self.registration_number}"

    def set_employer(self, key: str) -> None:
        self.repertory, _sep, self.registration_number = key.partition(":")

    def hire_values(self) -> list:
        """The saved hires as ``measures.calculator.values.Hire`` (unknown keys of older saves are ignored)."""
        return [hire_from_json(item) for item in self.hires]

    def set_hires(self, hires) -> None:
        self.hires = [hire_to_json(hire) for hire in hires]


def hire_to_json(hire) -> dict:
    """A Hire as JSON values: dates in ISO notation, decimals as strings, the rest as is."""
    import dataclasses
    import datetime
    from decimal import Decimal

    data = {}
    for item in dataclasses.fields(hire):
        value = getattr(hire, item.name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = str(value)
        data[item.name] = value
    return data


def hire_from_json(data: dict):
    """The Hire saved by :func:`hire_to_json`."""
    import dataclasses
    import datetime
    import typing
    from decimal import Decimal

    from measures.calculator.values import Hire

    hints = typing.get_type_hints(Hire)
    values = {}
    for item in dataclasses.fields(Hire):
        if item.name not in data:
            continue
        value, hint = data[item.name], hints[item.name]
        if value is not None and hint in (datetime.date, datetime.date | None):
            value = datetime.date.fromisoformat(value)
        elif value is not None and hint in (Decimal, Decimal | None):
            value = Decimal(value)
        values[item.name] = value
    return Hire(**values)


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
        return f"{self.measure.code} {self.published_at:%Y-%m-%d} {self.kind}"


# Saved scenarios re-evaluated when the rules change, and their owners told (issue 18) --------------------------------


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
