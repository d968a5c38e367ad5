"""One way to write numbers, money, dates, Belgian identifiers, institutions and codes, in the page's language.

Pages (through the template filters in ``foundation.templatetags.formatting``), PDF files, CSV files and API labels
all write values with these functions, so one amount or one number reads the same everywhere. Numbers follow the
locale of the language (Babel, CLDR data): the Belgian variants for Dutch, French and German, British English for
English.

Identifier notations:

- enterprise number (ondernemingsnummer, numéro d'entreprise): ``0812.345.603``, the notation of the Crossroads
  Bank for Enterprises (KBO/BCE) in its public files (shared/data/dmfa-ids-kbo-research.md §2.2);
- establishment unit number: ``2.000.000.339``, same source;
- registration number (inschrijvingsnummer, numéro d'immatriculation) at the RSZ: the 7-digit number, a dash and
  the 2 check digits, ``1234567-49``. The social security portal describes the RSZ number as a 3-digit category
  (kengetal), the 7-digit registration number proper and a 2-digit check number
  (https://www.socialsecurity.be/site_nl/general/uml/kbo.htm, "Belgische identificatienummers"); the category is a
  separate code shown with its label, so the number is written radix-dash-check. RSZPPO numbers have a 6-digit
  radix (DmfAPPL glossary, domain 00000197-99999926, format ``NNNNNNCC``), provisional RSZ numbers 8.

This module only writes values; checking them is the job of the identifier rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import get_language

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers

#: The CLDR locale per page language.
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "de": "de_BE", "en": "en_GB"}
DEFAULT_LANGUAGE = "nl"

Number = Decimal | int | float


def locale_for(language: str | None = None) -> str:
    """The Babel locale of a page language ("nl", "fr-be"...); None means the active language."""
    base = (language or get_language() or DEFAULT_LANGUAGE).lower().replace("_", "-").split("-")[0]
    return LOCALES.get(base, LOCALES[DEFAULT_LANGUAGE])


def _language(language: str | None) -> str:
    return locale_for(language).split("_")[0]


# -- numbers and money -------------------------------------------------------------------------------------------------


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


# The CLDR locale and the parsed number patterns are the same for every value: Babel is handed them parsed, once per
# process (a page of amounts formats thousands of figures). The formatting itself is Babel's, unchanged.


@lru_cache(maxsize=16)
def _locale(name: str) -> Locale:
    return Locale.parse(name)


@lru_cache(maxsize=64)
def _parsed(pattern: str) -> babel_numbers.NumberPattern:
    return babel_numbers.parse_pattern(pattern)


@lru_cache(maxsize=64)
def _money_pattern(name: str, decimals: int) -> babel_numbers.NumberPattern:
    pattern = _locale(name).currency_formats["standard"].pattern  # with its own negative form, "¤ -#,##0.00" in nl_BE
    if decimals != 2:
        pattern = pattern.replace("0.00", "0" + ("." + "0" * decimals if decimals else ""))
    return _parsed(pattern)


@lru_cache(maxsize=64)
def _percent_pattern(name: str, decimals: int) -> babel_numbers.NumberPattern:
    pattern = _locale(name).percent_formats[None].pattern
    if decimals:
        pattern = ";".join(part.replace("0", "0." + "0" * decimals, 1) for part in pattern.split(";"))
    return _parsed(pattern)


def number(value: Number | None, decimals: int | None = None, *, language: str | None = None) -> str:
    """1234567.5 -> "1.234.567,5" (nl), "1 234 567,5" (fr): grouped; ``decimals`` fixes the digits after the comma."""
    if value is None or value == "":
        return ""
    locale = _locale(locale_for(language))
    if decimals is None:
        return babel_numbers.format_decimal(value, locale=locale, decimal_quantization=False)
    return babel_numbers.format_decimal(value, format=_parsed(_pattern(decimals)), locale=locale)


def money(value: Number | None, decimals: int = 2, *, language: str | None = None) -> str:
    """5165.63 -> "€ 5.165,63" (nl), "5 165,63 €" (fr), "5.165,63 €" (de): euros in the locale's own pattern."""
    if value is None or value == "":
        return ""
    name = locale_for(language)
    return babel_numbers.format_currency(
        value, "EUR", format=_money_pattern(name, decimals), locale=_locale(name), currency_digits=False
    )


def percent(value: Number | None, decimals: int = 2, *, language: str | None = None) -> str:
    """A fraction as a percentage: 0.25 -> "25,00 %" (nl/fr/de), "25.00%" (en)."""
    if value is None or value == "":
        return ""
    name = locale_for(language)
    return babel_numbers.format_percent(value, format=_percent_pattern(name, decimals), locale=_locale(name))


# -- dates -------------------------------------------------------------------------------------------------------------


def date_words(value: date | datetime | None, *, language: str | None = None) -> str:
    """31 January 2026 in words: "31 januari 2026", "31 janvier 2026", "31. Januar 2026"."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return babel_dates.format_date(value, format="long", locale=locale_for(language))


# -- identifiers -------------------------------------------------------------------------------------------------------


def _digits(value: object) -> str:
    return "".join(char for char in str(value or "") if char.isascii() and char.isdigit())


def enterprise_number(value: object) -> str:
    """0812345603 (or the old 9 digits, or any notation) -> "0812.345.603"; anything else is returned as given."""
    digits = _digits(value)
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10:
        return str(value or "")
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def establishment_number(value: object) -> str:
    """2000000339 -> "2.000.000.339"."""
    digits = _digits(value)
    if len(digits) != 10:
        return str(value or "")
    return f"{digits[0]}.{digits[1:4]}.{digits[4:7]}.{digits[7:]}"


#: Digits before the dash: an RSZPPO number has a 6-digit radix, an RSZ number 7 (8 for a provisional number).
_RADIX_WIDTH = {"RSZ": 7, "RSZPPO": 6}


def registration_number(value: object, repertory: str = "RSZ") -> str:
    """123456749 (or "RSZ:123456749", "1234567-49") -> "1234567-49"; RSZPPO 12345672 -> "123456-72"."""
    text = str(value or "")
    if ":" in text:
        repertory, text = text.split(":", 1)
    digits = _digits(text).lstrip("0")
    if len(digits) < 3:
        return str(value or "")
    radix, check = digits[:-2], digits[-2:]
    width = _RADIX_WIDTH.get(str(repertory).upper(), 7)
    return f"{radix.zfill(width)}-{check}"


# -- institutions ------------------------------------------------------------------------------------------------------

#: Each institution by the abbreviation it uses in each language (its own publications); "RSZ" and "RSZPPO" are also
#: the repertory codes the portal stores.
INSTITUTIONS: Mapping[str, Mapping[str, str]] = {
    "RSZ": {"nl": "RSZ", "fr": "ONSS", "de": "LSS", "en": "NSSO"},
    "RSZPPO": {"nl": "RSZPPO", "fr": "ONSSAPL", "de": "LSSPLV", "en": "NSSOPLA"},
    "RVA": {"nl": "RVA", "fr": "ONEM", "de": "LfA", "en": "NEO"},
    "KBO": {"nl": "KBO", "fr": "BCE", "de": "ZDU", "en": "CBE"},
    "KSZ": {"nl": "KSZ", "fr": "BCSS", "de": "ZDSS", "en": "CBSS"},
    "VDAB": {"nl": "VDAB", "fr": "VDAB", "de": "VDAB", "en": "VDAB"},
    "FOREM": {"nl": "Forem", "fr": "Forem", "de": "Forem", "en": "Forem"},
    "ADG": {"nl": "ADG", "fr": "ADG", "de": "ADG", "en": "ADG"},
    "ACTIRIS": {"nl": "Actiris", "fr": "Actiris", "de": "Actiris", "en": "Actiris"},
}
#: Older or other-language abbreviations that name the same institution.
_ALIASES = {
    "ONSS": "RSZ",
    "LSS": "RSZ",
    "NSSO": "RSZ",
    "ONSSAPL": "RSZPPO",
    "LSSPLV": "RSZPPO",
    "PPO": "RSZPPO",
    "ONEM": "RVA",
    "BCE": "KBO",
    "BCSS": "KSZ",
    "BGDA": "ACTIRIS",
    "ORBEM": "ACTIRIS",
    "LE FOREM": "FOREM",
}


def institution(code: object, *, language: str | None = None) -> str:
    """An institution by its name in the page's language: RSZ -> "ONSS" in French; unknown codes as given."""
    text = str(code or "").strip()
    key = text.upper()
    key = _ALIASES.get(key, key)
    names = INSTITUTIONS.get(key)
    return names[_language(language)] if names else text


def institutions_in_text(text: object, *, language: str | None = None) -> str:
    """A free text naming institutions in two languages ("RSZ/ONSS", "RVA/ONEM") with the page's name only.

    Only a pair whose two halves name the same institution is replaced; any other text stays as written.
    """

    def one(match: re.Match[str]) -> str:
        first, second = (_ALIASES.get(part.upper(), part.upper()) for part in (match["a"], match["b"]))
        if first == second and first in INSTITUTIONS:
            return str(INSTITUTIONS[first][_language(language)])
        return str(match[0])

    return _PAIR.sub(one, str(text or ""))


_PAIR = re.compile(r"\b(?P<a>[A-Za-zÉé]{2,8}) ?/ ?(?P<b>[A-Za-zÉé]{2,8})\b")


# -- codes -------------------------------------------------------------------------------------------------------------


def code_with_label(code: object, label: object) -> str:
    """A code is never shown alone: "België (150)"; without a label the code stays (the reader can look it up)."""
    code_text = "" if code is None else str(code)
    label_text = "" if label is None else str(label)
    if not label_text or label_text == code_text:
        return code_text
    if not code_text:
        return label_text
    return f"{label_text} ({code_text})"
