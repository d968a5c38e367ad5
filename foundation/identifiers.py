"""Belgian identifiers, one rule each: INSZ/NISS, enterprise and establishment-unit numbers, RSZ and RSZPPO numbers.

Each identifier has ``validate_x(raw)`` (returns the compact form or raises :class:`InvalidIdentifier`, a Django
``ValidationError`` whose message a user understands) and ``is_valid_x(raw)`` (returns a bool).

- INSZ/NISS (national-register or BIS number) and the enterprise number (KBO/BCE) are checked by python-stdnum
  (``stdnum.be.ssn`` and ``stdnum.be.vat``).
- stdnum has no module for the other three, so they follow the Belgian government's REST standard (belgif), read on
  2026-12-06:
  - the employer identifier (RSZ/ONSS *inschrijvingsnummer* / *numéro d'immatriculation*, and the RSZPPO/ONSSAPL
    number of provincial and local administrations): ``EmployerId`` in belgif/openapi-employment-identifier
    (``src/main/openapi/employment/identifier/v1/employment-identifier-v1.yaml``: an integer from 197 to
    5,999,999,999; definitive numbers have at most 9 digits, provisional RSZ numbers have 10 and start with 5) and its
    check in belgif/rest-problem-java ``EmployerIdValidator.java`` (commit 2dab1509b24f24107f6f4fcd40867624c14a0624):
    RSZ check = 96 - (radix x 100 mod 97), RSZPPO check = radix mod 97 (only up to 99,999,926), 0 becoming 97 in both.
    The DmfA glossary (2022/3, zone 00011) narrows the number *in a DmfA declaration* to definitive numbers in
    [100006; 199999934]; the DmfA schema enforces that range on the file, the check digits are this one rule.
  - the establishment unit (*vestigingseenheid*): ``EstablishmentUnitNumberValidator`` (same commit): 10 digits, first
    digit 2 to 8, (first 8 digits + last 2) mod 97 == 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stdnum import exceptions as stdnum_exceptions
from stdnum.be import ssn, vat

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The two employer repertories, by the values the apps store (authz.constants.Repertory).
RSZ, RSZPPO = "RSZ", "RSZPPO"

RSZ_MIN, RSZ_MAX = 197, 5_999_999_999
RSZPPO_MIN, RSZPPO_MAX = 197, 99_999_926

_SEPARATORS = re.compile(r"[\s.\-/]")


class InvalidIdentifier(ValidationError):
    """A number that is not a valid identifier: ``message`` says why to a user, ``code`` says it to the code."""

    message: StrOrPromise
    code: str

    def __init__(self, message: StrOrPromise, *, code: str) -> None:
        super().__init__(message, code=code)


def _digits(raw: object) -> str:
    """Strip the usual separators and a leading "BE" or "(0)"; raise unless only ASCII digits remain."""
    value = _SEPARATORS.sub("", str(raw if raw is not None else "")).upper()
    if value.startswith("BE"):
        value = value[2:]
    if value.startswith("(0)"):
        value = "0" + value[3:]
    if not value:
        raise InvalidIdentifier(_("Enter a number."), code="empty")
    if not (value.isascii() and value.isdigit()):  # "²" and "٣" are digits to isdigit(), not to int()
        raise InvalidIdentifier(_("A number may only contain digits, dots, spaces, dashes and “BE”."), code="format")
    return value


def _is_valid(validate: Callable[..., object], raw: object, **kwargs: str) -> bool:
    try:
        validate(raw, **kwargs)
    except InvalidIdentifier:
        return False
    return True


# -- INSZ / NISS ----------------------------------------------------------------------------------------------------


def validate_insz(raw: object) -> str:
    """Return the 11 digits of a national-register or BIS number (INSZ/NISS, DmfA zone 00024)."""
    text = str(raw if raw is not None else "")
    cleaned = "".join(ch for ch in text if not ch.isspace() and ch not in ".-/")
    if not cleaned:
        raise InvalidIdentifier(_("Enter an INSZ number (11 digits)."), code="required")
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidIdentifier(_("An INSZ number contains digits only."), code="invalid")
    if len(cleaned) != 11:
        raise InvalidIdentifier(
            _("An INSZ number has 11 digits; this one has %(count)d.") % {"count": len(cleaned)}, code="length"
        )
    try:
        return ssn.validate(cleaned)
    except stdnum_exceptions.ValidationError:
        raise InvalidIdentifier(_("The check digits of this INSZ number are not correct."), code="checksum") from None


def is_valid_insz(raw: object) -> bool:
    return _is_valid(validate_insz, raw)


class InszChecker:
    """``is_valid_insz`` for the many INSZ numbers of one file: the same verdict, python-stdnum asked far less often.

    stdnum's check of an INSZ (``stdnum.be.ssn``: a national-register or a BIS number) costs some twenty
    microseconds, mostly spent cleaning and re-reading the string, twice over (BIS first, then national register);
    a DmfA file of 100,000 persons paid two seconds for it. Its verdict on eleven digits rests on two things only:
    the check digits (97 minus the first nine digits modulo 97, or for a birth from 2000 on, the same with a "2"
    before them) and the birth-date part (the first six digits, whose month says a national-register or a BIS
    number). The check digits are computed here (a modulo; writing them by hand is what spares stdnum's cost), and
    stdnum's verdict is kept per birth-date part and century: asked for the first number born on a day, it answers for
    every later one with right check digits. A number whose check digits fit no century is wrong without asking (stdnum
    says the same); anything but eleven digits goes to ``is_valid_insz`` whole. Use one checker per file: stdnum's
    century depends on today's year.
    """

    def __init__(self) -> None:
        self._verdicts: dict[tuple[str, bool], bool] = {}  # (birth-date part, born from 2000 on) -> stdnum's verdict

    def __call__(self, value: str) -> bool:
        if len(value) != 11 or not (value.isascii() and value.isdigit()):
            return is_valid_insz(value)
        check = int(value[9:])
        if 97 - int(value[:9]) % 97 == check:
            key = (value[:6], False)
        elif 97 - int("2" + value[:9]) % 97 == check:
            key = (value[:6], True)
        else:
            return False
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = is_valid_insz(value)
        return verdict


def insz_birth_date(raw: object) -> date | None:
    """The birth date an INSZ tells (python-stdnum: national-register and BIS numbers); None when it tells none."""
    try:
        birth: date | None = ssn.get_birth_date(validate_insz(raw))
    except (InvalidIdentifier, stdnum_exceptions.ValidationError, ValueError):
        return None
    return birth


# -- enterprise numbers ---------------------------------------------------------------------------------------------


def validate_enterprise_number(raw: object) -> str:
    """Return the 10-digit enterprise number (KBO/BCE, DmfA zone 00014); the old 9-digit notation is read too."""
    _digits(raw)  # same wording for stray characters as the other identifiers
    try:
        return vat.validate(str(raw))
    except stdnum_exceptions.InvalidLength:
        raise InvalidIdentifier(
            _("An enterprise number has 10 digits (or 9 in the old notation)."), code="length"
        ) from None
    except stdnum_exceptions.InvalidComponent:
        raise InvalidIdentifier(_("An enterprise number starts with 0 or 1."), code="first_digit") from None
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidIdentifier(
            _("The check digits (the last two digits) of this enterprise number are wrong."), code="checksum"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise InvalidIdentifier(_("This is not an enterprise number."), code="format") from None


def is_valid_enterprise_number(raw: object) -> bool:
    return _is_valid(validate_enterprise_number, raw)


# -- establishment units --------------------------------------------------------------------------------------------


def validate_establishment_number(raw: object) -> str:
    """Return the 10-digit establishment unit number (vestigingseenheid, DmfA zone 00042)."""
    value = _digits(raw)
    if len(value) != 10:
        raise InvalidIdentifier(_("An establishment unit number has 10 digits."), code="length")
    if value[0] not in "2345678":
        raise InvalidIdentifier(_("An establishment unit number starts with a digit from 2 to 8."), code="first_digit")
    if (int(value[:8]) + int(value[8:])) % 97 != 0:
        raise InvalidIdentifier(
            _("The check digits (the last two digits) of this establishment unit number are wrong."), code="checksum"
        )
    return value


def is_valid_establishment_number(raw: object) -> bool:
    return _is_valid(validate_establishment_number, raw)


# -- RSZ and RSZPPO registration numbers ----------------------------------------------------------------------------


def _check_digits_ok(number: int, repertory: str) -> bool:
    radix, check = divmod(number, 100)
    expected = (96 - (radix * 100) % 97) if repertory == RSZ else radix % 97
    return check == (expected or 97)


def validate_registration_number(raw: object, *, repertory: str) -> str:
    """Return the registration number in ``repertory`` ("RSZ" or "RSZPPO") without leading zeros."""
    if repertory not in (RSZ, RSZPPO):
        raise ValueError(f"unknown repertory: {repertory!r}")
    value = _digits(raw)
    number = int(value)
    significant = str(number)
    if repertory == RSZ and len(significant) == 10 and not significant.startswith("5"):
        raise InvalidIdentifier(_("A 10-digit RSZ number is a provisional number starting with 5."), code="first_digit")
    low, high = (RSZ_MIN, RSZ_MAX) if repertory == RSZ else (RSZPPO_MIN, RSZPPO_MAX)
    if not low <= number <= high:
        if repertory == RSZ:
            message = _("An RSZ registration number has at most 9 digits (10 for a provisional number).")
        else:
            message = _("An RSZPPO registration number has at most 8 digits.")
        raise InvalidIdentifier(message, code="length")
    if not _check_digits_ok(number, repertory):
        if repertory == RSZ:
            message = _("The check digits (the last two digits) of this RSZ registration number are wrong.")
        else:
            message = _("The check digits (the last two digits) of this RSZPPO registration number are wrong.")
        raise InvalidIdentifier(message, code="checksum")
    return significant


def is_valid_registration_number(raw: object, *, repertory: str) -> bool:
    return _is_valid(validate_registration_number, raw, repertory=repertory)


def validate_rsz_number(raw: object) -> str:
    """An RSZ/ONSS registration number (DmfA zone 00011), definitive or provisional."""
    return validate_registration_number(raw, repertory=RSZ)


def is_valid_rsz_number(raw: object) -> bool:
    return _is_valid(validate_rsz_number, raw)


def validate_rszppo_number(raw: object) -> str:
    """An RSZPPO/ONSSAPL registration number (provincial and local administrations)."""
    return validate_registration_number(raw, repertory=RSZPPO)


def is_valid_rszppo_number(raw: object) -> bool:
    return _is_valid(validate_rszppo_number, raw)


# -- what a visitor types in a look-up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerNumber:
    """A typed employer number, understood: an enterprise number, or registration numbers in one or both repertories."""

    enterprise_number: str = ""
    registrations: tuple[tuple[str, str], ...] = ()  # (repertory, number) pairs that pass their check


def validate_employer_number(raw: object) -> EmployerNumber:
    """Read an enterprise number or an RSZ/RSZPPO registration number in any usual notation.

    Ten digits starting with 0 or 1 is an enterprise number. Shorter numbers are registration numbers: a number is
    kept for each repertory whose check it passes (a short number can pass both; the repertory is stored per employer,
    so the look-up then asks both). A 9-digit number that is no RSZ number but a valid old-style enterprise number is
    read as the latter.
    """
    value = _digits(raw)
    stripped = value.lstrip("0") or "0"
    if len(value) == 10 and value[0] in "01":
        return EmployerNumber(enterprise_number=validate_enterprise_number(value))
    if len(value) == 10 and value[0] in "234678":
        raise InvalidIdentifier(
            _("This looks like an establishment unit number; enter the enterprise number or the registration number."),
            code="establishment",
        )
    if len(stripped) > 10 or len(value) > 10:
        raise InvalidIdentifier(
            _("Too many digits: an enterprise number has 10 digits, a registration number at most 9."), code="length"
        )
    if len(stripped) < 3:
        raise InvalidIdentifier(_("Too few digits for an enterprise or registration number."), code="length")
    registrations = tuple(
        (repertory, str(int(value)))
        for repertory in (RSZ, RSZPPO)
        if is_valid_registration_number(value, repertory=repertory)
    )
    if registrations:
        return EmployerNumber(registrations=registrations)
    if len(value) == 9 and vat.is_valid(value):
        return EmployerNumber(enterprise_number=vat.compact(value))
    raise InvalidIdentifier(
        _("The check digits (the last two digits) do not match: this is no valid RSZ or RSZPPO registration number."),
        code="checksum",
    )


def is_valid_employer_number(raw: object) -> bool:
    return _is_valid(validate_employer_number, raw)
