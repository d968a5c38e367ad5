"""Choices of the repertory app: repertories, regions, employer types, size bands and import states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Which repertory gave a registration number: stored, never guessed from the digits. One definition, shared with authz.
from authz.constants import Repertory


class Region(models.TextChoices):
    BRUSSELS = "BRU", _("Brussels-Capital Region")
    FLANDERS = "VLG", _("Flemish Region")
    WALLONIA = "WAL", _("Walloon Region")


class EmployerType(models.TextChoices):
    """Type werkgever: private or public sector (as the employer categories of annex 27 split them)."""

    PRIVATE = "private", _("Private sector")
    PUBLIC = "public", _("Public sector")
    LOCAL = "local", _("Provincial or local administration")


class SizeBand(models.TextChoices):
    """Staff size band of an importance code (belangrijkheidscode; DESIGN §4: 1-4 under 50, 5-7 50-499, 8-9 500+)."""

    NONE = "none", _("no workers")
    UNDER_50 = "under-50", _("fewer than 50 workers")
    FROM_50 = "50-499", _("50 to 499 workers")
    FROM_500 = "500+", _("500 workers or more")


class NaceVersion(models.TextChoices):
    NACE_2008 = "2008", _("NACE-BEL 2008")
    NACE_2025 = "2025", _("NACE-BEL 2025")


class ImportKind(models.TextChoices):
    PORTAL_CSV = "csv", _("Portal repertory CSV")
    KBO = "kbo", _("KBO Open Data extract")


#: KBO activity group of the NACE codes the social-security side assigned, per repertory (cookbook R018.00).
KBO_ACTIVITY_GROUP = {Repertory.RSZ: "006", Repertory.RSZPPO: "005"}
