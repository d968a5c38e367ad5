"""A list of short codes stored as one delimited text column, so it can be filtered on SQLite and PostgreSQL alike."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SEPARATOR = "|"


def as_code_list(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [part for part in value.split(SEPARATOR) if part]
    return [str(part) for part in value]


class CodeListField(models.CharField):
    """A list of codes (``["010", "011"]``), stored as ``|010|011|``; an empty list means "no restriction".

    Filter with :func:`contains_any`, which matches a row whose list holds one of the given codes.
    """

    description = _("List of codes")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 500:
            del kwargs["max_length"]
        kwargs.pop("blank", None)
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return as_code_list(value)

    def to_python(self, value):
        return as_code_list(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            # Already a stored form or a lookup pattern such as "|010|".
            return value
        codes = as_code_list(value)
        return f"{SEPARATOR}{SEPARATOR.join(codes)}{SEPARATOR}" if codes else ""

    def validate(self, value, model_instance):
        for code in as_code_list(value):
            if SEPARATOR in code or not code.strip():
                raise ValidationError(_("Invalid code %(code)r in the list."), params={"code": code})
        super().validate(self.get_prep_value(value), model_instance)

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        from measures.forms import CodeListFormField

        return CodeListFormField(required=not self.blank, label=self.verbose_name, help_text=self.help_text)


def contains_any(field: str, codes) -> Q:
    """Rows whose code list (``field``) holds at least one of ``codes``."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{f"{field}__contains": f"{SEPARATOR}{code}{SEPARATOR}"})
    return condition
