"""Check digits of the identifiers a DmfA declaration carries: INSZ, RSZ registration number, enterprise number."""

from __future__ import annotations

from stdnum.be import ssn, vat


def is_valid_insz(value: str) -> bool:
    """National-register or BIS number (zone 00024), 11 digits, checked by python-stdnum."""
    return len(value) == 11 and value.isdigit() and ssn.is_valid(value)


def is_valid_rsz_number(value: str) -> bool:
    """RSZ/ONSS registration number NNNNNNNCC (zone 00011, domain 100006..199999934).

    Check rule (belgif EmployerIdValidator, see dmfa/data/SOURCES.md): cc = 96 - (radix * 100 mod 97), 0 becomes 97.
    """
    if not (value.isascii() and value.isdigit()):  # "²" is a digit to isdigit(), not to int()
        return False
    number = int(value)
    if not 100006 <= number <= 199999934:
        return False
    radix, check = divmod(number, 100)
    expected = 96 - (radix * 100) % 97
    return check == (expected or 97)


def is_valid_enterprise_number(value: str) -> bool:
    """Enterprise number (KBO/BCE, zone 00014): 10 digits, mod 97, checked by python-stdnum's be.vat."""
    return value.isdigit() and len(value) == 10 and vat.is_valid(value)
