"""Choices of the job seekers' app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmploymentOffice(models.TextChoices):
    """The public employment service the job seeker is registered with (its region's)."""

    ACTIRIS = "Actiris", _("Actiris (Brussels)")
    VDAB = "VDAB", _("VDAB (Flanders)")
    FOREM = "Forem", _("Le Forem (Wallonia)")
    ADG = "ADG", _("ADG (German-speaking Community)")


#: The office of each region (measures.constants.Region codes): the office a job seeker living there registers with.
OFFICE_OF_REGION = {"BRU": "Actiris", "VLG": "VDAB", "WAL": "Forem", "DG": "ADG"}


class ShowOnSummary(models.TextChoices):
    """How much of their identity the job seeker shows on the summary they hand an employer."""

    NAME_AND_AGE_BAND = "name_age_band", _("my name and my age band")
    AGE_BAND = "age_band", _("my age band only")
    NAME_AND_AGE = "name_age", _("my name and my exact age")


#: The shared dated parameter of the measures data whose value pre-fills the job seeker's wage: the guaranteed average
#: minimum monthly income (GGMMI / RMMMG), with its source and status in measures/data/measures.yaml.
TYPICAL_WAGE_PARAMETER = "guaranteed-minimum-monthly-income"
