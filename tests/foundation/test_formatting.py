"""The ground floor's formatting: numbers, money, dates, identifiers, institutions and codes per language."""

from datetime import date, datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

import pytest

from foundation import formatting

NBSP, NNBSP = "\xa0", "\u202f"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", f"€{NBSP}5.165,63"), ("fr", f"5{NNBSP}165,63{NBSP}€"), ("de", f"5.165,63{NBSP}€"), ("en", "€5,165.63")],
)
def test_money_has_the_locales_separators_and_symbol(language, expected):
    assert formatting.money(Decimal("5165.63"), language=language) == expected


def test_money_keeps_the_locales_negative_form_and_can_drop_cents():
    assert formatting.money(Decimal("-12.5"), language="nl") == f"€{NBSP}-12,50"
    assert formatting.money(Decimal("10797.67"), 0, language="de") == f"10.798{NBSP}€"
    assert formatting.money(None) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "10.797,67"), ("fr", f"10{NNBSP}797,67"), ("de", "10.797,67"), ("en", "10,797.67")],
)
def test_numbers_are_grouped(language, expected):
    assert formatting.number(Decimal("10797.67"), 2, language=language) == expected


def test_numbers_without_fixed_decimals_keep_their_digits():
    assert formatting.number(Decimal("0.8125"), language="nl") == "0,8125"
    assert formatting.number(1312, language="fr") == f"1{NNBSP}312"


def test_percent_from_a_fraction():
    assert formatting.percent(Decimal("0.25"), language="nl") == "25,00%"
    assert formatting.percent(Decimal("0.25"), language="fr") == f"25,00{NBSP}%"
    assert formatting.percent(Decimal("0.1"), 0, language="en") == "10%"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "31 januari 2026"), ("fr", "31 janvier 2026"), ("de", "31. Januar 2026"), ("en", "31 January 2026")],
)
def test_dates_in_words(language, expected):
    assert formatting.date_words(date(2026, 1, 31), language=language) == expected
    assert formatting.date_words(datetime(2026, 1, 31, 23, 0), language=language) == expected


def test_the_active_language_is_used_when_none_is_given():
    with translation.override("fr"):
        assert formatting.date_words(date(2026, 3, 1)) == "1 mars 2026"
        assert formatting.institution("RSZ") == "ONSS"


@pytest.mark.parametrize("raw", ["0812345603", "812345603", "BE 0812.345.603", "0812 345 603"])
def test_enterprise_number_in_the_kbo_notation(raw):
    assert formatting.enterprise_number(raw) == "0812.345.603"


def test_establishment_number_in_the_kbo_notation():
    assert formatting.establishment_number("2000000339") == "2.000.000.339"


@pytest.mark.parametrize("raw", ["123456749", "RSZ:123456749", "1234567-49", "0123456749", 123456749])
def test_one_notation_for_an_rsz_registration_number(raw):
    assert formatting.registration_number(raw) == "1234567-49"


def test_rszppo_and_provisional_registration_numbers():
    assert formatting.registration_number("12345672", "RSZPPO") == "123456-72"
    assert formatting.registration_number("RSZPPO:2130057") == "021300-57"
    assert formatting.registration_number("5134794036") == "51347940-36"
    assert formatting.registration_number("100006") == "0001000-06"


def test_what_is_no_number_is_returned_as_given():
    assert formatting.enterprise_number("n/a") == "n/a"
    assert formatting.registration_number("") == ""


@pytest.mark.parametrize(
    ("code", "language", "expected"),
    [
        ("RSZ", "nl", "RSZ"),
        ("RSZ", "fr", "ONSS"),
        ("RSZ", "de", "LSS"),
        ("RSZ", "en", "NSSO"),
        ("ONSS", "nl", "RSZ"),
        ("RSZPPO", "fr", "ONSSAPL"),
        ("BGDA", "nl", "Actiris"),
        ("ORBEm", "fr", "Actiris"),
        ("Unknown", "fr", "Unknown"),
    ],
)
def test_institutions_by_their_name_in_the_language(code, language, expected):
    assert formatting.institution(code, language=language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("RSZ/ONSS", "fr", "ONSS"),
        ("RSZ/ONSS", "nl", "RSZ"),
        ("RSZ/ONSS", "de", "LSS"),
        ("Actiris, RVA/ONEM", "fr", "Actiris, ONEM"),
        ("Forem / ONSS", "nl", "Forem / ONSS"),  # two institutions: kept as written
        ("Departement WSE / RSZ", "fr", "Departement WSE / RSZ"),
    ],
)
def test_bilingual_institution_pairs_in_a_text_become_the_pages_name(text, language, expected):
    assert formatting.institutions_in_text(text, language=language) == expected


def test_a_code_comes_with_its_label():
    assert formatting.code_with_label("150", "België") == "België (150)"
    assert formatting.code_with_label("150", "") == "150"
    assert formatting.code_with_label("", "België") == "België"


def test_the_template_filters_use_the_pages_language():
    template = Template(
        "{% load formatting %}{{ amount|money }}|{{ number|registration_number }}|{{ ent|enterprise_number }}|"
        "{{ 'RSZ'|institution }}|{{ day|date_words }}|{{ label|with_code:code }}|{{ fte|number:2 }}|{{ rate|percent }}"
    )
    context = Context(
        {
            "amount": Decimal("5165.63"),
            "number": "123456749",
            "ent": "812345603",
            "day": date(2026, 1, 31),
            "label": "Belgique",
            "code": "150",
            "fte": Decimal("0.5"),
            "rate": Decimal("0.125"),
        }
    )
    with translation.override("fr"):
        rendered = template.render(context)

    assert rendered == (
        f"5{NNBSP}165,63{NBSP}€|1234567-49|0812.345.603|ONSS|31 janvier 2026|Belgique (150)|0,50|12,50{NBSP}%"
    )
