"""A list of short codes stored as one delimited text column, so it can be filtered on SQLite and PostgreSQL alike."""

from __future__ import annotations

import re
from collections.abc import Iterable

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

    def __init__(self, *args, allowed: Iterable[str] | None = None, pattern: str | None = None, message=None, **kwargs):
        """``allowed`` lists the codes a list may hold, or ``pattern`` (a regular expression, ASCII) describes them;
        ``message`` (with ``%(codes)s``, the refused codes) says what a code must be.

        They are validation only and stay out of ``deconstruct()``: the column is the same text whatever the codes,
        so a new employer type (say) needs no migration.
        """
        self.allowed = tuple(allowed) if allowed is not None else None
        self.pattern = re.compile(pattern, re.ASCII) if pattern else None
        self.message = message
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

    def is_allowed(self, code: str) -> bool:
        if self.allowed is not None and code not in self.allowed:
            return False
        return self.pattern is None or self.pattern.fullmatch(code) is not None

    def validate(self, value, model_instance):
        codes = as_code_list(value)
        for code in codes:
            if SEPARATOR in code or not code.strip():
                raise ValidationError(_("Invalid code %(code)r in the list."), params={"code": code})
        refused = [code for code in codes if not self.is_allowed(code)]
        if refused:
            raise ValidationError(
                self.message or _("Unknown code(s) %(codes)s: use %(allowed)s."),
                code="unknown_code",
                params={"codes": ", ".join(refused), "allowed": ", ".join(self.allowed or ())},
            )
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
