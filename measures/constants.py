"""Code lists of the measure catalogue: levels, regions, techniques, benefit kinds and eligibility values."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Government level that owns a measure (bevoegdheidsniveau)."""

    FEDERAL = "federal", _("Federal")
    FLEMISH = "flemish", _("Flemish Region")
    WALLOON = "walloon", _("Walloon Region")
    BRUSSELS = "brussels", _("Brussels-Capital Region")
    GERMAN_SPEAKING = "german_speaking", _("German-speaking Community")


class Region(models.TextChoices):
    """Territory a measure applies in; ``BE`` (federal) applies everywhere."""

    BE = "BE", _("Belgium (federal)")
    VLG = "VLG", _("Flemish Region")
    WAL = "WAL", _("Walloon Region (French-speaking area)")
    BRU = "BRU", _("Brussels-Capital Region")
    DG = "DG", _("German-speaking Community")


#: Regions a person or an operating seat can be in (every region but the federal "everywhere").
LOCAL_REGIONS = [Region.VLG, Region.WAL, Region.BRU, Region.DG]


class RegionBasis(models.TextChoices):
    """Which address decides the region of a measure."""

    OPERATING_SEAT = "operating_seat", _("Region of the operating seat (establishment unit)")
    DOMICILE = "domicile", _("Region of the worker's domicile")
    NATIONWIDE = "nationwide", _("Anywhere in Belgium")


class Technique(models.TextChoices):
    CONTRIBUTION_REDUCTION = "contribution_reduction", _("Social-security contribution reduction")
    ACTIVATION_ALLOWANCE = "activation_allowance", _("Activation allowance (deducted from the net wage)")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy or premium paid to the employer")
    TAX_EXEMPTION = "tax_exemption", _("Withholding-tax exemption")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    """Who is looking at the catalogue."""

    EMPLOYER = "employer", _("Employer")
    WORKER = "worker", _("Worker")
    JOBSEEKER = "jobseeker", _("Job seeker")


class EmployerType(models.TextChoices):
    PRIVATE = "private", _("Private company")
    NON_PROFIT = "non_profit", _("Non-profit organisation")
    PUBLIC = "public", _("Public authority or institution")
    LOCAL_AUTHORITY = "local_authority", _("Local authority (RSZPPO)")


#: Importance codes of the RSZ repertory (employer size). Bands 1-4, 5-7 and 8-9 are stated by the DmfA
#: instructions 2021-4; the exact head counts per code are an assumption (not confirmed in a source).
IMPORTANCE_CODES = [
    (0, _("0: no workers")),
    (1, _("1: 1 to 4 workers")),
    (2, _("2: 5 to 9 workers")),
    (3, _("3: 10 to 19 workers")),
    (4, _("4: 20 to 49 workers")),
    (5, _("5: 50 to 99 workers")),
    (6, _("6: 100 to 199 workers")),
    (7, _("7: 200 to 499 workers")),
    (8, _("8: 500 to 999 workers")),
    (9, _("9: 1000 workers or more")),
]


class Qualification(models.TextChoices):
    """Highest diploma of the worker, in increasing order."""

    NONE = "none", _("No secondary-school diploma")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    HIGHER = "higher", _("Higher education")


QUALIFICATION_RANK = {value: rank for rank, value in enumerate(Qualification.values)}


class ReductionRole(models.TextChoices):
    """Place of a contribution reduction in the cumulation rules (structural + at most one target group)."""

    STRUCTURAL = "structural", _("Structural reduction")
    TARGET_GROUP = "target_group", _("Target-group reduction")
    NONE = "none", _("Not a contribution reduction")


class PeriodUnit(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


class DateBasis(models.TextChoices):
    """Which date picks the rule version that applies."""

    HIRING_DATE = "hiring_date", _("The hiring date (the schedule is fixed at hiring)")
    PERIOD_DATE = "period_date", _("The date of each period (parameters change per period)")


class AgeReference(models.TextChoices):
    AT_HIRING = "at_hiring", _("on the hiring date")
    END_OF_QUARTER = "end_of_quarter", _("on the last day of the quarter")


class BenefitKind(models.TextChoices):
    FIXED_SCHEDULE = "fixed_schedule", _("Fixed amount per period, in steps")
    PERCENTAGE = "percentage", _("Percentage of a wage with a cap")
    FORMULA = "formula", _("Formula with named parameters")
    EXEMPTION = "exemption", _("Exemption of a contribution share")


class WageBase(models.TextChoices):
    GROSS_WAGE = "gross_wage", _("gross wage")
    REFERENCE_WAGE = "reference_wage", _("reference wage (gross wage plus employer contributions minus reductions)")
    TAXABLE_WAGE = "taxable_wage", _("taxable wage")


class ContributionShare(models.TextChoices):
    BASIC_EMPLOYER = "basic_employer", _("basic employer contribution")
    BASIC_AND_WAGE_MODERATION = "basic_and_wage_moderation", _("basic employer contribution and wage moderation")


class CumulationKind(models.TextChoices):
    CANNOT_COMBINE = "cannot_combine", _("Cannot be combined")
    COMBINABLE = "combinable", _("Can be combined")
    WITHIN_CEILING = "within_ceiling", _("Can be combined within a ceiling")
    STRUCTURAL_PLUS_ONE = (
        "structural_plus_one",
        _("The structural reduction plus at most one target-group reduction per worker and quarter"),
    )


class Status(models.TextChoices):
    """How sure the catalogue is of a rule version or a figure (issue 11)."""

    IN_FORCE = "in_force", _("In force: stated in a source")
    ANNOUNCED = "announced", _("Announced: decided or drafted, not yet enacted")
    ASSUMPTION = "assumption", _("Assumption: not confirmed in a source")


class RulesMode(models.TextChoices):
    """Which rules the calculator uses."""

    IN_FORCE = "in_force", _("Rules in force")
    ANNOUNCED = "announced", _("Include announced changes")


class ChangeOrigin(models.TextChoices):
    ADMIN = "admin", _("admin")
    LOADER = "loader", _("data file")
    PUBLISH = "publish", _("publication")


class Validity(models.TextChoices):
    """Which measures the catalogue shows relative to the chosen date."""

    CURRENT = "current", _("Valid on the date")
    PAST = "past", _("Ended before the date")
    FUTURE = "future", _("Starting after the date")
    ALL = "all", _("All, whatever their dates")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    AMOUNT = "amount", _("Typical amount (highest first)")
    NAME = "name", _("Name")
