"""Choices of the dmfa app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


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


#: Data categories named to the authz gate (and written in the disclosure log) for a DmfA consultation.
CONSULTATION_CATEGORIES = (
    "dmfa-employer-declaration",
    "dmfa-worker-record",
    "dmfa-occupation",
    "dmfa-services",
    "dmfa-remunerations",
    "dmfa-contributions-reductions",
    "national-register-identification",
)
