"""Validation and normalisation of the identifiers the gate works on (python-stdnum does the checking)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stdnum import exceptions as stdnum_exceptions
from stdnum.be import ssn


def normalise_insz(value: str) -> str:
    """Return the 11 digits of a national-register or BIS number; raise ValidationError when it is not valid."""
    raw = str(value or "")
    digits = "".join(ch for ch in raw if ch.isdigit())
    cleaned = "".join(ch for ch in raw if not ch.isspace() and ch not in ".-/")
    if not cleaned:
        raise ValidationError(_("Enter an INSZ number (11 digits)."), code="required")
    if not cleaned.isdigit():
        raise ValidationError(_("An INSZ number contains digits only."), code="invalid")
    if len(digits) != 11:
        raise ValidationError(
            _("An INSZ number has 11 digits; this one has %(count)d.") % {"count": len(digits)}, code="length"
        )
    try:
        return ssn.validate(digits)
    except stdnum_exceptions.ValidationError:
        raise ValidationError(_("The check digits of this INSZ number are not correct."), code="checksum") from None


def validate_insz(value: str) -> None:
    normalise_insz(value)
