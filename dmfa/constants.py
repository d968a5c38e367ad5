"""Choices of the dmfa app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportSource(models.TextChoices):
    UPLOAD = "upload", _("admin upload")
    COMMAND = "command", _("management command")
    DEMO = "demo", _("demo data")


class ContractType(models.IntegerChoices):  # zone 00050
    FULL_TIME = 0, _("full-time")
    PART_TIME = 1, _("part-time")


class Sex(models.IntegerChoices):  # national register
    MALE = 1, _("male")
    FEMALE = 2, _("female")


#: Data categories named to the authz gate (and written in the disclosure log) for a DmfA consultation: the DmfA
#: blocks of deliberation 05/012 §1.2, in the register's words (version 2 of the activity, authz migration 0009); the
#: gate refuses a category the register does not list.
CONSULTATION_CATEGORIES = (
    "employer_declaration",
    "worker_identification",  # national-register identification of the worker (INSZ, name, birth, sex, address)
    "worker_record",
    "services",
    "remunerations",
    "occupation",
    "incapacity_indemnity",
    "dismissed_statutory_worker",
    "student",
    "early_retirement",  # bridge pension contributions and complementary indemnities
    "contributions_due",
    "worker_record_reductions",
    "occupation_reductions",
)


# GECO and DSP controls (deliberation 05/012 §2–3) ------------------------------------------------------------------


class Programme(models.TextChoices):
    GECO = "GECO", _("GECO (subsidised contractual staff)")
    DSP = "DSP", _("DSP (transition programme)")


class PremiumBasis(models.TextChoices):
    #: The worker's cash wage capped at the reference annual wage, plus the flat percentage for allowances and
    #: charges; replaced by the joint committee's minimum basis where that is higher (05/012 §3.3).
    REFERENCE_WAGE = "reference_wage", _("capped reference annual wage (or the minimum-wage basis where higher)")
    #: A fixed amount per full-time job (the GECO base premium a year, the DSP regional premium a month).
    FIXED = "fixed", _("fixed amount per full-time job")


class ParameterKey(models.TextChoices):
    REFERENCE_ANNUAL_WAGE = "reference_annual_wage", _("reference annual wage (cap, euros a year)")
    FLAT_PERCENTAGE = "flat_percentage", _("flat percentage for allowances and employer charges (fraction)")
    FIXED_ANNUAL = "fixed_annual", _("fixed premium per full-time job (euros a year)")
    FIXED_MONTHLY = "fixed_monthly", _("fixed premium per full-time job (euros a month)")
    EMPLOYER_SHARE = "employer_share", _("employer share (fraction of the premium)")
    WORKED_CODES = "worked_codes", _("service codes counted as worked days")
    ASSIMILATED_CODES = "assimilated_codes", _("service codes counted as assimilated days")


class ParameterStatus(models.TextChoices):
    IN_FORCE = "in_force", _("in force")
    ANNOUNCED = "announced", _("announced")
    ASSUMPTION = "assumption", _("assumption")


class ControlKind(models.TextChoices):
    HEADCOUNT = "headcount", _("headcount")
    PREMIUM = "premium", _("premium")
    RECONCILIATION = "reconciliation", _("reconciliation")


class ControlOutcome(models.TextChoices):
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    NOT_AVAILABLE = "not_available", _("not yet available")


class ControlRunStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("finished")
    FAILED = "failed", _("failed")


#: Data categories of the headcount's employer-level aggregate (activity dmfa-geco-dsp-headcount, migration 0005).
HEADCOUNT_CATEGORIES = ("employer_declaration", "worker_record", "occupation", "occupation_reductions")

#: Data categories the controls read from the DmfA, in the register's words (activity dmfa-geco-dsp, version 2).
CONTROL_CATEGORIES = (
    "employer_declaration",
    "worker_identification",
    "worker_record",
    "services",
    "remunerations",
    "occupation",
    "contributions_due",
    "worker_record_reductions",
    "occupation_reductions",
)
