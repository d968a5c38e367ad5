"""Belgian employer identifiers: validation, normalisation and display.

Enterprise numbers (ondernemingsnummer) are checked with python-stdnum (`stdnum.be.vat`). stdnum has no module for
RSZ/RSZPPO registration numbers (inschrijvingsnummer) nor for establishment units (vestigingseenheid), so those
follow the published check rules (belgif EmployerIdValidator / EstablishmentUnitNumberValidator, see
shared/data/dmfa-ids-kbo-research.md §2.2-2.3):

- RSZ: check = 96 - (radix x 100 mod 97), 0 becomes 97; 197 <= number <= 5 999 999 999.
- RSZPPO: check = radix mod 97, 0 becomes 97; 197 <= number <= 99 999 926.
- establishment unit: 10 digits, first digit 2 to 8, (first 8 digits + check) mod 97 == 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from stdnum import exceptions as stdnum_exceptions
from stdnum.be import vat

from repertory.constants import Repertory

_SEPARATORS = re.compile(r"[\s.\-/]")

RSZ_MIN, RSZ_MAX = 197, 5_999_999_999
RSZPPO_MIN, RSZPPO_MAX = 197, 99_999_926


class InvalidIdentifier(ValueError):
    """A number that is not a valid identifier; ``message`` says why in words a user understands."""

    def __init__(self, code: str, message: str | Promise):
        super().__init__(str(message))
        self.code = code
        self.message = message


def _digits(raw: str) -> str:
    """Strip the usual separators and a leading "BE"; raise unless only digits remain."""
    value = _SEPARATORS.sub("", str(raw)).upper()
    if value.startswith("BE"):
        value = value[2:]
    if value.startswith("(0)"):
        value = "0" + value[3:]
    if not value:
        raise InvalidIdentifier("empty", _("Enter a number."))
    if not (value.isascii() and value.isdigit()):  # "²" and "٣" are digits to isdigit(), not to int()
        raise InvalidIdentifier("format", _("A number may only contain digits, dots, spaces, dashes and “BE”."))
    return value


def _check_digits_ok(number: int, repertory: Repertory) -> bool:
    radix, check = divmod(number, 100)
    expected = (96 - (radix * 100) % 97) if repertory == Repertory.RSZ else radix % 97
    return check == (expected or 97)


# -- enterprise numbers ---------------------------------------------------------------------------------------------


def validate_enterprise_number(raw: str) -> str:
    """Return the 10-digit enterprise number, or raise InvalidIdentifier."""
    _digits(raw)  # same wording for stray characters as the other identifiers
    try:
        return vat.validate(raw)
    except stdnum_exceptions.InvalidLength:
        raise InvalidIdentifier("length", _("An enterprise number has 10 digits (or 9 in the old notation).")) from None
    except stdnum_exceptions.InvalidComponent:
        raise InvalidIdentifier("first_digit", _("An enterprise number starts with 0 or 1.")) from None
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidIdentifier(
            "checksum", _("The check digits (the last two digits) of this enterprise number are wrong.")
        ) from None
    except stdnum_exceptions.ValidationError:
        raise InvalidIdentifier("format", _("This is not an enterprise number.")) from None


def format_enterprise_number(number: str) -> str:
    """0403019261 -> 0403.019.261 (the KBO notation)."""
    return f"{number[:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number


# -- establishment units --------------------------------------------------------------------------------------------


def validate_establishment_number(raw: str) -> str:
    """Return the 10-digit establishment unit number, or raise InvalidIdentifier."""
    value = _digits(raw)
    if len(value) != 10:
        raise InvalidIdentifier("length", _("An establishment unit number has 10 digits."))
    if value[0] not in "2345678":
        raise InvalidIdentifier("first_digit", _("An establishment unit number starts with a digit from 2 to 8."))
    if (int(value[:8]) + int(value[8:])) % 97 != 0:
        raise InvalidIdentifier(
            "checksum", _("The check digits (the last two digits) of this establishment unit number are wrong.")
        )
    return value


def format_establishment_number(number: str) -> str:
    """2000000339 -> 2.000.000.339 (the KBO notation)."""
    return f"{number[0]}.{number[1:4]}.{number[4:7]}.{number[7:]}" if len(number) == 10 else number


# -- registration numbers -------------------------------------------------------------------------------------------


def validate_registration_number(raw: str, *, repertory: Repertory | str) -> str:
    """Return the registration number of ``repertory`` without leading zeros, or raise InvalidIdentifier."""
    repertory = Repertory(repertory)
    value = _digits(raw)
    number = int(value)
    low, high = (RSZ_MIN, RSZ_MAX) if repertory == Repertory.RSZ else (RSZPPO_MIN, RSZPPO_MAX)
    if repertory == Repertory.RSZ and len(value.lstrip("0")) == 10 and not value.lstrip("0").startswith("5"):
        raise InvalidIdentifier("first_digit", _("A 10-digit RSZ number is a provisional number starting with 5."))
    if not low <= number <= high:
        if repertory == Repertory.RSZ:
            message = _("An RSZ registration number has at most 9 digits (10 for a provisional number).")
        else:
            message = _("An RSZPPO registration number has at most 8 digits.")
        raise InvalidIdentifier("length", message)
    if not _check_digits_ok(number, repertory):
        if repertory == Repertory.RSZ:
            message = _("The check digits (the last two digits) of this RSZ registration number are wrong.")
        else:
            message = _("The check digits (the last two digits) of this RSZPPO registration number are wrong.")
        raise InvalidIdentifier("checksum", message)
    return str(number)


def is_valid_registration_number(raw: str, *, repertory: Repertory | str) -> bool:
    try:
        validate_registration_number(raw, repertory=repertory)
    except InvalidIdentifier:
        return False
    return True


def format_registration_number(number: str, *, repertory: Repertory | str) -> str:
    """123456749 -> 1234567-49 (RSZ); 12345672 -> 123456-72 (RSZPPO)."""
    radix, check = number[:-2], number[-2:]
    width = 6 if Repertory(repertory) == Repertory.RSZPPO else max(7, len(radix))
    return f"{radix.zfill(width)}-{check}"


# -- the look-up form -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LookupKey:
    """What a visitor typed, understood: an enterprise number, or registration numbers in one or both repertories."""

    enterprise_number: str = ""
    registrations: tuple[tuple[str, str], ...] = ()  # (repertory, number) pairs that pass their check


def parse_lookup_number(raw: str) -> LookupKey:
    """Read an enterprise number or an RSZ/RSZPPO registration number in any usual notation.

    Ten digits starting with 0 or 1 is an enterprise number. Shorter numbers are registration numbers: a number is
    kept for each repertory whose check it passes (a short number can pass both; the repertory is stored per employer,
    so the look-up then asks both). A 9-digit number that is no RSZ number but a valid old-style enterprise number is
    read as the latter.
    """
    value = _digits(raw)
    stripped = value.lstrip("0") or "0"
    if len(value) == 10 and value[0] in "01":
        return LookupKey(enterprise_number=validate_enterprise_number(value))
    if len(value) == 10 and value[0] in "234678":
        raise InvalidIdentifier(
            "establishment",
            _("This looks like an establishment unit number; enter the enterprise number or the registration number."),
        )
    if len(stripped) > 10 or len(value) > 10:
        raise InvalidIdentifier(
            "length",
            _("Too many digits: an enterprise number has 10 digits, a registration number at most 9."),
        )
    if len(stripped) < 3:
        raise InvalidIdentifier("length", _("Too few digits for an enterprise or registration number."))
    registrations = tuple(
        (str(repertory), str(int(value)))
        for repertory in (Repertory.RSZ, Repertory.RSZPPO)
        if is_valid_registration_number(value, repertory=repertory)
    )
    if registrations:
        return LookupKey(registrations=registrations)
    if len(value) == 9 and vat.is_valid(value):
        return LookupKey(enterprise_number=vat.compact(value))
    raise InvalidIdentifier(
        "checksum",
        _("The check digits (the last two digits) do not match: this is no valid RSZ or RSZPPO registration number."),
    )
