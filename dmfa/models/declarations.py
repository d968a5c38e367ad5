"""The DmfA blocks deliberation 05/012 lists, normalised: one model per block, each field with its zone number."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dmfa.constants import ContractType
from dmfa.models.fields import QuarterField, code_field, day, euros, flag, hundredths, insz_field, integer, zone


class DmfaBlock(models.Model):
    """Base of the blocks below a declaration."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class EmployerDeclaration(models.Model):
    """Employer declaration (werkgeversaangifte, block 90007) of one quarter, with its form's identification."""

    import_job = models.ForeignKey(
        "dmfa.ImportJob", verbose_name=_("import"), on_delete=models.PROTECT, related_name="declarations"
    )
    form_reference = models.CharField(
        _("form reference"),
        max_length=40,
        help_text="DmfA zone 00222 (ReferenceNbr); without one, the form's creation date and hour (00218, 00299)",
    )
    form_created_at = models.DateTimeField(_("form created at"), help_text="DmfA zones 00218 and 00299")
    quarter = QuarterField(_("quarter"), help_text=zone("00013"))
    registration_number = models.CharField(_("RSZ registration number"), max_length=9, help_text=zone("00011"))
    trusteeship = flag(_("trusteeship"), "00012")
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, blank=True, help_text=zone("00014"))
    net_owed_amount = euros(_("net amount owed"), "00015")
    system5 = flag(_("system 5"), "00016", null=True)
    holiday_starting_date = day(_("holiday starting date"), "00017")
    is_current = models.BooleanField(
        _("current"), default=True, help_text="False once a newer declaration replaced it (kept as history)"
    )
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer declaration")
        verbose_name_plural = _("employer declarations")
        ordering = ["registration_number", "quarter", "-form_created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number", "enterprise_number", "quarter", "form_reference"],
                name="dmfa_declaration_identity",
            ),
            models.UniqueConstraint(
                fields=["registration_number", "enterprise_number", "quarter"],
                condition=Q(is_current=True),
                name="dmfa_one_current_declaration",
            ),
        ]
        indexes = [
            models.Index(fields=["registration_number", "quarter"], name="dmfa_decl_employer_quarter"),
            models.Index(fields=["enterprise_number", "quarter"], name="dmfa_decl_enterprise_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_number or self.enterprise_number} {self.quarter} ({self.form_reference})"


class NaturalPerson(models.Model):
    """Natural person (natuurlijke persoon, block 90017) in one declaration."""

    # No index of its own: the unique (declaration, sequence number) index serves it (one index less to fill per row
    # the import writes); the same holds for the occupations, services and remunerations below.
    declaration = models.ForeignKey(
        EmployerDeclaration, on_delete=models.CASCADE, related_name="persons", db_index=False
    )
    sequence_number = integer(_("sequence number"), "00023", null=False)
    insz = insz_field(_("INSZ"), "00024", blank=False)
    user_reference = models.CharField(_("user reference"), max_length=20, blank=True, help_text=zone("00615"))

    class Meta:
        verbose_name = _("natural person")
        verbose_name_plural = _("natural persons")
        ordering = ["declaration", "sequence_number"]
        constraints = [
            models.UniqueConstraint(fields=["declaration", "sequence_number"], name="dmfa_person_sequence_unique")
        ]
        indexes = [models.Index(fields=["insz"], name="dmfa_person_insz")]

    def __str__(self) -> str:
        return f"{self.insz} in {self.declaration_id}"


class WorkerRecord(DmfaBlock):
    """Worker record (werknemerslijn, block 90012)."""

    person = models.ForeignKey(NaturalPerson, on_delete=models.CASCADE, related_name="worker_records")
    employer_class = code_field(_("employer category"), "00036")
    worker_code = code_field(_("worker code"), "00037")
    quarter_start = day(_("quarter starting date"), "00038", null=False)
    quarter_end = day(_("quarter ending date"), "00039", null=False)
    frontier_worker = flag(_("frontier worker"), "00040")
    activity_with_risk = integer(_("activity with respect to risk"), "00041")
    local_unit_id = models.CharField(_("local unit"), max_length=10, blank=True, help_text=zone("00042"))
    user_reference = models.CharField(_("user reference"), max_length=20, blank=True, help_text=zone("00616"))

    class Meta:
        verbose_name = _("worker record")
        verbose_name_plural = _("worker records")
        ordering = ["person", "id"]


class Occupation(DmfaBlock):
    """Occupation (tewerkstelling, block 90015), with the worker's (Q) and the reference person's (S) weekly hours."""

    worker_record = models.ForeignKey(
        WorkerRecord, on_delete=models.CASCADE, related_name="occupations", db_index=False
    )  # served by the unique (worker record, sequence number) index
    sequence_number = integer(_("sequence number"), "00043", null=False)
    starting_date = day(_("starting date"), "00044")
    ending_date = day(_("ending date"), "00045")
    joint_committee = code_field(_("joint committee"), "00046", length=9)
    working_days_system = hundredths(_("days per week"), "00047", digits=5)
    contract_type = models.PositiveSmallIntegerField(
        _("contract type"), choices=ContractType.choices, help_text=zone("00050")
    )
    reference_mean_working_hours = hundredths(_("weekly hours of the reference person (S)"), "00049", null=True)
    worker_status = models.CharField(_("worker status"), max_length=2, blank=True, help_text=zone("00053"))
    mean_working_hours = hundredths(_("weekly hours of the worker (Q)"), "00048", null=True)
    reorganisation_measure = integer(_("working-time reorganisation measure"), "00051")
    employment_promotion = integer(_("employment-promotion measure"), "00052")
    retired = flag(_("retired"), "00054")
    apprenticeship = integer(_("apprenticeship"), "00055")
    remuneration_method = integer(_("remuneration method"), "00056")
    position_code = integer(_("position code"), "00057")
    flying_staff_class = integer(_("flying staff class"), "00059")
    tenth_or_twelfth = integer(_("paid in tenths or twelfths"), "00060")
    days_justification = models.CharField(_("days justification"), max_length=1, blank=True, help_text=zone("00625"))
    activity_code = code_field(_("activity code (NACE)"), "00228", length=5, blank=True)
    local_unit_id = models.CharField(_("local unit"), max_length=10, blank=True, help_text=zone("00042"))
    user_reference = models.CharField(_("user reference"), max_length=20, blank=True, help_text=zone("00617"))

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["worker_record", "sequence_number"]
        constraints = [
            models.UniqueConstraint(fields=["worker_record", "sequence_number"], name="dmfa_occupation_sequence_unique")
        ]

    @property
    def fraction(self) -> Decimal | None:
        """Working-time fraction Q/S (1 = full-time)."""
        if self.mean_working_hours is None or not self.reference_mean_working_hours:
            return None
        return (self.mean_working_hours / self.reference_mean_working_hours).quantize(Decimal("0.0001"))


class Service(DmfaBlock):
    """Service (prestatie, block 90018): days and hours of one service code."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="services", db_index=False
    )  # served by the unique (occupation, sequence number) index
    sequence_number = integer(_("sequence number"), "00061", null=False)
    code = code_field(_("service code"), "00062")
    days = hundredths(_("days"), "00063", digits=7)
    hours = hundredths(_("hours"), "00064", null=True)
    flight_minutes = integer(_("flight minutes"), "00065")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["occupation", "sequence_number"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "sequence_number"], name="dmfa_service_sequence_unique")
        ]


class Remuneration(DmfaBlock):
    """Remuneration (bezoldiging, block 90019)."""

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="remunerations", db_index=False
    )  # served by the unique (occupation, sequence number) index
    sequence_number = integer(_("sequence number"), "00066", null=False)
    code = code_field(_("remuneration code"), "00067")
    bonus_payment_frequency = integer(_("bonus payment frequency (months)"), "00068")
    percentage_paid = hundredths(_("percentage paid on a yearly basis"), "00069", null=True, digits=5)
    amount = euros(_("amount"), "00070", digits=13)

    class Meta:
        verbose_name = _("remuneration")
        verbose_name_plural = _("remunerations")
        ordering = ["occupation", "sequence_number"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "sequence_number"], name="dmfa_remun_sequence_unique")
        ]


class Deduction(DmfaBlock):
    """Fields common to the reductions (verminderingen) of a worker record and of an occupation."""

    code = code_field(_("reduction code"), "00086", length=4)
    calculation_basis = euros(_("calculation basis"), "00088", null=True, digits=13)
    amount = euros(_("amount"), "00089", null=True, digits=13)
    right_starting_date = day(_("right starting date"), "00090")
    management_cost_months = integer(_("management cost months"), "00091")
    replaced_insz = insz_field(_("INSZ of the replaced person"), "00092")
    applicant_insz = insz_field(_("INSZ of the person who opened the right"), "00093")
    certificate_origin = integer(_("certificate origin"), "00094")

    class Meta:
        abstract = True


class WorkerDeduction(Deduction):
    """Reduction on the worker record (block 90110)."""

    worker_record = models.ForeignKey(WorkerRecord, on_delete=models.CASCADE, related_name="deductions")

    class Meta:
        verbose_name = _("worker reduction")
        verbose_name_plural = _("worker reductions")
        ordering = ["worker_record", "id"]


class WorkerDeductionDetail(DmfaBlock):
    """Detail of a worker reduction (block 90108): working regulations behind a working-time reduction."""

    deduction = models.ForeignKey(WorkerDeduction, on_delete=models.CASCADE, related_name="details")
    sequence_number = integer(_("sequence number"), "00138", null=False)
    amount = euros(_("amount"), "00141", null=True, digits=13)
    working_regulations_registry_number = models.CharField(
        _("working regulations registry number"), max_length=16, blank=True, help_text=zone("00142")
    )
    working_regulations_starting_date = day(_("working regulations starting date"), "00143")
    hours_before_reduction = hundredths(_("weekly hours before the reduction"), "00147", null=True, digits=6)
    hours_after_reduction = hundredths(_("weekly hours after the reduction"), "00148", null=True, digits=6)

    class Meta:
        verbose_name = _("worker reduction detail")
        verbose_name_plural = _("worker reduction details")
        ordering = ["deduction", "sequence_number"]


class OccupationDeduction(Deduction):
    """Reduction on the occupation (block 90109), with its detail (block 90250) inline."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="deductions")
    detail_sequence_number = integer(_("detail sequence number"), "00138")
    working_regulations_starting_date = day(_("working regulations starting date"), "00143")
    working_regulations_ending_date = day(_("working regulations ending date"), "00914")
    hours_before_reduction = hundredths(_("weekly hours before the reduction"), "00147", null=True, digits=6)
    hours_after_reduction = hundredths(_("weekly hours after the reduction"), "00148", null=True, digits=6)

    class Meta:
        verbose_name = _("occupation reduction")
        verbose_name_plural = _("occupation reductions")
        ordering = ["occupation", "id"]


class WorkerContribution(DmfaBlock):
    """Contribution due on the worker record (bijdrage, block 90001)."""

    worker_record = models.ForeignKey(WorkerRecord, on_delete=models.CASCADE, related_name="contributions")
    worker_code = code_field(_("worker code"), "00082")
    contribution_type = integer(_("contribution type"), "00083", null=False)
    calculation_basis = euros(_("calculation basis"), "00084", null=True, digits=13)
    amount = euros(_("amount"), "00085", digits=13)
    first_hiring_date = day(_("first hiring date"), "00896")

    class Meta:
        verbose_name = _("worker contribution")
        verbose_name_plural = _("worker contributions")
        ordering = ["worker_record", "id"]


class StudentContribution(DmfaBlock):
    """Student contribution (block 90003)."""

    worker_record = models.OneToOneField(WorkerRecord, on_delete=models.CASCADE, related_name="student")
    remuneration = euros(_("student wage"), "00076", digits=11)
    contribution = euros(_("student contribution"), "00077", digits=11)
    days = integer(_("days"), "00078")
    hours = integer(_("hours"), "01158")
    local_unit_id = models.CharField(_("local unit"), max_length=10, blank=True, help_text=zone("00042"))

    class Meta:
        verbose_name = _("student contribution")
        verbose_name_plural = _("student contributions")


class DismissedStatutoryWorkerContribution(DmfaBlock):
    """Contribution for a dismissed statutory worker (block 90005)."""

    worker_record = models.OneToOneField(WorkerRecord, on_delete=models.CASCADE, related_name="dismissed_statutory")
    gross_reference_remuneration = euros(_("gross reference wage"), "00071", digits=11)
    contribution = euros(_("contribution on the reference wage"), "00072", digits=11)
    reference_days = integer(_("reference days"), "00073", null=False)
    subjection_starting_date = day(_("subjection starting date"), "00127", null=False)
    subjection_ending_date = day(_("subjection ending date"), "00129", null=False)

    class Meta:
        verbose_name = _("dismissed statutory worker contribution")
        verbose_name_plural = _("dismissed statutory worker contributions")


class EarlyRetirementContribution(DmfaBlock):
    """Early-retirement (bridge pension, RCC) contribution (block 90042)."""

    worker_record = models.ForeignKey(WorkerRecord, on_delete=models.CASCADE, related_name="early_retirement")
    code = integer(_("early retirement contribution code"), "00079", null=False)
    months = integer(_("months"), "00080")
    amount = euros(_("amount"), "00081", digits=11)

    class Meta:
        verbose_name = _("early retirement contribution")
        verbose_name_plural = _("early retirement contributions")
        ordering = ["worker_record", "id"]


class ComplementaryIndemnity(DmfaBlock):
    """Complementary indemnity (block 90336)."""

    worker_record = models.ForeignKey(WorkerRecord, on_delete=models.CASCADE, related_name="complementary_indemnities")
    employer_notion = models.CharField(_("employer notion"), max_length=11, help_text=zone("00815"))
    joint_committee = code_field(_("joint committee"), "00046", length=9)
    activity_code = code_field(_("activity code (NACE)"), "00228", length=5)
    debtor_type = models.CharField(_("debtor type"), max_length=1, blank=True, help_text=zone("00949"))
    first_indemnity_date = day(_("first indemnity date"), "00823", null=False)
    agreement_notion = integer(_("agreement notion"), "00824", null=False)
    half_time_career_interruption = models.CharField(
        _("half-time career interruption"), max_length=1, help_text=zone("00825")
    )
    service_exemption = models.CharField(_("service exemption"), max_length=1, help_text=zone("00826"))
    replacement_accordance = models.CharField(_("replacement in accordance"), max_length=1, help_text=zone("00827"))
    substitute_insz = insz_field(_("INSZ of the substitute"), "00749")
    resumption_of_work = models.CharField(_("resumption of work"), max_length=1, blank=True, help_text=zone("00853"))
    number_of_parts = integer(_("number of parts"), "00950")
    notice_date = day(_("notice date"), "00951")
    ailing_or_reorganising_company = models.CharField(
        _("ailing or reorganising company"), max_length=1, blank=True, help_text=zone("00952")
    )
    acknowledgement_starting_date = day(_("acknowledgement starting date"), "00953")
    acknowledgement_ending_date = day(_("acknowledgement ending date"), "00954")

    class Meta:
        verbose_name = _("complementary indemnity")
        verbose_name_plural = _("complementary indemnities")
        ordering = ["worker_record", "id"]


class ComplementaryIndemnityContribution(DmfaBlock):
    """Contribution on a complementary indemnity (block 90337)."""

    indemnity = models.ForeignKey(ComplementaryIndemnity, on_delete=models.CASCADE, related_name="contributions")
    worker_code = code_field(_("worker code"), "00082")
    contribution_type = integer(_("contribution type"), "00083", null=False)
    period_code = integer(_("period code"), "01129")
    amount_adjustment = integer(_("amount adjustment"), "00829", null=False)
    sequence_number = integer(_("sequence number"), "00955", null=False)
    indemnity_amount = euros(_("indemnity amount"), "00830", digits=11)
    capitalisation = models.CharField(_("capitalisation"), max_length=1, blank=True, help_text=zone("00892"))
    theoretical_welfare_amount = euros(_("theoretical welfare benefit"), "00956", null=True, digits=11)
    months = integer(_("months"), "00831", null=False)
    months_decimals = integer(_("month decimals"), "00957")
    incomplete_month_days = integer(_("days of an incomplete month"), "00958")
    incomplete_month_reason = integer(_("reason of an incomplete month"), "00959")
    floor_application = integer(_("floor application"), "00960")
    contribution_amount = euros(_("contribution"), "00085", digits=13)

    class Meta:
        verbose_name = _("complementary indemnity contribution")
        verbose_name_plural = _("complementary indemnity contributions")
        ordering = ["indemnity", "sequence_number"]


class IncapacityIndemnity(DmfaBlock):
    """Indemnity during incapacity (vergoeding arbeidsongeval/beroepsziekte, block 90011)."""

    worker_record = models.ForeignKey(WorkerRecord, on_delete=models.CASCADE, related_name="incapacity_indemnities")
    nature = integer(_("nature of the indemnity"), "00144", null=False)
    incapacity_degree = models.DecimalField(
        _("degree of incapacity (%)"), max_digits=5, decimal_places=2, help_text=zone("00145")
    )
    amount = euros(_("amount"), "00146", digits=13)

    class Meta:
        verbose_name = _("incapacity indemnity")
        verbose_name_plural = _("incapacity indemnities")
        ordering = ["worker_record", "id"]
