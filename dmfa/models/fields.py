"""Model fields of the dmfa app: the quarter, and the helpers that declare a DmfA zone with its unit."""

from __future__ import annotations

from django.db import models

from foundation.quarters import Quarter


class QuarterField(models.PositiveIntegerField):
    """A Quarter stored as DmfA's YYYYQ integer (zone 00013), so ranges and ordering work in SQL."""

    description = "A quarter (YYYYQ)"

    def from_db_value(self, value, expression, connection):
        return None if value is None else Quarter.from_int(value)

    def to_python(self, value):
        if value is None or isinstance(value, Quarter):
            return value
        return Quarter.from_int(value) if isinstance(value, int) else Quarter.parse(value)

    def get_prep_value(self, value):
        if value is None:
            return None
        return int(value) if isinstance(value, Quarter) else int(Quarter.parse(value))


def zone(number: str) -> str:
    return f"DmfA zone {number}"


def euros(verbose_name, number: str, *, null: bool = False, digits: int = 15) -> models.DecimalField:
    """An amount declared in eurocents, stored in euros."""
    return models.DecimalField(verbose_name, max_digits=digits, decimal_places=2, null=null, help_text=zone(number))


def hundredths(verbose_name, number: str, *, null: bool = False, digits: int = 9) -> models.DecimalField:
    """Days or hours declared in hundredths (6222 = 62.22), stored as a decimal."""
    return models.DecimalField(verbose_name, max_digits=digits, decimal_places=2, null=null, help_text=zone(number))


def integer(verbose_name, number: str, *, null: bool = True) -> models.IntegerField:
    return models.IntegerField(verbose_name, null=null, blank=null, help_text=zone(number))


def code_field(verbose_name, number: str, *, length: int = 3, blank: bool = False) -> models.CharField:
    """A code kept as its zero-padded digits (annex codes, joint committee)."""
    return models.CharField(verbose_name, max_length=length, blank=blank, help_text=zone(number))


def day(verbose_name, number: str, *, null: bool = True) -> models.DateField:
    return models.DateField(verbose_name, null=null, blank=null, help_text=zone(number))


def insz_field(verbose_name, number: str, *, blank: bool = True) -> models.CharField:
    return models.CharField(verbose_name, max_length=11, blank=blank, help_text=zone(number))


def flag(verbose_name, number: str, *, null: bool = False) -> models.BooleanField:
    return models.BooleanField(verbose_name, null=null, help_text=zone(number))
