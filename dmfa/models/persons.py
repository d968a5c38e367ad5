"""Identification data of persons from the national register (not in DmfAOriginal), shown beside the DmfA data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dmfa.constants import Sex


class PersonIdentity(models.Model):
    """The national-register identification fields deliberation 05/012 lists, loaded by `manage.py import_persons`."""

    insz = models.CharField(_("INSZ"), max_length=11, unique=True)
    last_name = models.CharField(_("last name"), max_length=48)
    first_name = models.CharField(_("first name"), max_length=24, blank=True)
    middle_initial = models.CharField(_("initial of the second first name"), max_length=1, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_place = models.CharField(_("birth place"), max_length=40, blank=True)
    birth_country = models.CharField(_("country of the birth place"), max_length=5, blank=True)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices, null=True, blank=True)
    street = models.CharField(_("street"), max_length=35, blank=True)
    house_number = models.CharField(_("house number"), max_length=10, blank=True)
    box = models.CharField(_("box"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=9, blank=True)
    municipality = models.CharField(_("municipality"), max_length=40, blank=True)
    country = models.CharField(_("country code"), max_length=5, blank=True)
    nationality = models.CharField(_("nationality code"), max_length=5, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person identification")
        verbose_name_plural = _("person identifications")
        ordering = ["insz"]

    def __str__(self) -> str:
        return f"{self.insz} {self.last_name}"
