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
