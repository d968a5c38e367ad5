"""The calculator's saved scenarios: the inputs of a calculation a user kept, and the hires as JSON."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
