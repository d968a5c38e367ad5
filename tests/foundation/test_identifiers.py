"""The identifiers' one rule each, against published test vectors (belgif, python-stdnum) and with hypothesis.

Employer-number vectors: belgif/rest-problem-java, EmployerIdValidatorTest and EstablishmentUnitNumberValidatorTest
(commit 2dab1509b24f24107f6f4fcd40867624c14a0624), and the range of belgif/openapi-employment-identifier's EmployerId
(197 to 5,999,999,999), read on 2026-12-06; 199999934 is the test employer of the DmfA example files.
"""

from datetime import date

from django.core.exceptions import ValidationError

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foundation.formatting import enterprise_number, establishment_number, registration_number
from foundation.identifiers import (
    InvalidIdentifier,
    insz_birth_date,
    is_valid_employer_number,
    is_valid_enterprise_number,
    is_valid_establishment_number,
    is_valid_insz,
    is_valid_registration_number,
    is_valid_rsz_number,
    is_valid_rszppo_number,
    validate_employer_number,
    validate_enterprise_number,
    validate_establishment_number,
    validate_insz,
    validate_registration_number,
    validate_rsz_number,
    validate_rszppo_number,
)

RSZ_OK = ["100006", "212345609", "312345625", "200000031", "499999982", "187995796", "168676597", "199999934"]
RSZ_PROVISIONAL_OK = ["5134794036", "5000000120", "5999999989", "5678901277"]
RSZPPO_OK = ["43220065", "2130057", "22300094", "5170096", "55290097"]
NOK = ["196", "4000000100", "6999999999", "5678901279", "1000000047", "5000000121"]


@pytest.mark.parametrize("number", RSZ_OK + RSZ_PROVISIONAL_OK)
def test_rsz_vectors(number):
    assert validate_registration_number(number, repertory="RSZ") == number


@pytest.mark.parametrize("number", RSZPPO_OK)
def test_rszppo_vectors(number):
    assert validate_registration_number(number, repertory="RSZPPO") == number


@pytest.mark.parametrize("number", NOK)
@pytest.mark.parametrize("repertory", ["RSZ", "RSZPPO"])
def test_invalid_vectors(number, repertory):
    assert not is_valid_registration_number(number, repertory=repertory)


@pytest.mark.parametrize("number", ["0884303369", "0403019261", "0428759497", "BE 0428.759.497", "428759497"])
def test_enterprise_vectors(number):
    assert validate_enterprise_number(number) in {"0884303369", "0403019261", "0428759497"}


@pytest.mark.parametrize(
    ("number", "code"),
    [("0884303370", "checksum"), ("BE431150351", "checksum"), ("2297964444", "first_digit"), ("12345", "length")],
)
def test_enterprise_errors_are_precise(number, code):
    with pytest.raises(InvalidIdentifier) as error:
        validate_enterprise_number(number)
    assert error.value.code == code


def test_establishment_vectors():
    assert validate_establishment_number("2.297.964.444") == "2297964444"
    for fictitious in ("8999999993", "8999999104", "2000000141"):
        assert validate_establishment_number(fictitious) == fictitious
    with pytest.raises(InvalidIdentifier) as error:
        validate_establishment_number("2297964445")
    assert error.value.code == "checksum"
    with pytest.raises(InvalidIdentifier) as error:
        validate_establishment_number("9297964444")
    assert error.value.code == "first_digit"


def test_formats():
    assert enterprise_number("0403019261") == "0403.019.261"
    assert establishment_number("2000000339") == "2.000.000.339"
    assert registration_number("123456749", repertory="RSZ") == "1234567-49"
    assert registration_number("100006", repertory="RSZ") == "0001000-06"
    assert registration_number("12345672", repertory="RSZPPO") == "123456-72"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812.345.603", ("0812345603", ())),
        ("BE0812345603", ("0812345603", ())),
        ("123456749", ("", (("RSZ", "123456749"),))),
        ("1234567-49", ("", (("RSZ", "123456749"),))),
        ("12345672", ("", (("RSZPPO", "12345672"),))),
        ("0 1234 5672", ("", (("RSZPPO", "12345672"),))),
    ],
)
def test_lookup_understands_usual_notations(raw, expected):
    key = validate_employer_number(raw)
    assert (key.enterprise_number, key.registrations) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("12a45", "format"),
        ("0812345604", "checksum"),
        ("2297964444", "establishment"),
        ("123456748", "checksum"),
        ("12", "length"),
        ("123456789012", "length"),
    ],
)
def test_lookup_errors_say_what_is_wrong(raw, code):
    with pytest.raises(InvalidIdentifier) as error:
        validate_employer_number(raw)
    assert error.value.code == code


def _rsz(radix: int) -> str:
    return f"{radix}{(96 - radix * 100 % 97) or 97:02d}"


def _ppo(radix: int) -> str:
    return f"{radix}{(radix % 97) or 97:02d}"


@given(st.integers(min_value=1000, max_value=1_999_999))
def test_every_rsz_number_built_by_the_rule_is_valid_and_one_other_check_digit_is_not(radix):
    number = _rsz(radix)
    assert validate_registration_number(number, repertory="RSZ") == number
    wrong = f"{radix}{(int(number[-2:]) % 97) + 1:02d}"
    assert not is_valid_registration_number(wrong, repertory="RSZ")


@given(st.integers(min_value=2, max_value=999_999))
def test_every_rszppo_number_built_by_the_rule_is_valid(radix):
    number = _ppo(radix)
    assert validate_registration_number(number, repertory="RSZPPO") == number
    assert validate_employer_number("0" + number).registrations[-1] == ("RSZPPO", number)


@given(st.integers(min_value=1_000_000, max_value=19_999_999), st.sampled_from(["", ".", " ", "BE"]))
def test_enterprise_numbers_round_trip_through_format(first8, separator):
    number = f"{first8:08d}{97 - first8 % 97:02d}"
    shown = enterprise_number(number)
    typed = shown.replace(".", separator) if separator != "BE" else "BE" + number
    assert validate_enterprise_number(typed) == number
    assert validate_employer_number(typed).enterprise_number == number


@given(st.text(max_size=20))
def test_lookup_never_crashes_on_any_text(raw):
    try:
        key = validate_employer_number(raw)
    except InvalidIdentifier as error:
        assert str(error.message)
    else:
        assert key.enterprise_number or key.registrations


# INSZ vectors: the first six from belgif's SsinValidatorTest (same commit), all accepted by python-stdnum; the last is
# the demo person who is integrated nowhere.
INSZ_OK = ["92200006963", "24203200171", "80240199943", "81000003517", "00003241778", "19082416188", "01020314523"]


@pytest.mark.parametrize("number", INSZ_OK)
def test_insz_vectors(number):
    assert validate_insz(number) == number and is_valid_insz(number)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "required"),
        ("  ", "required"),
        ("8501012317a", "invalid"),
        ("85.01.01-231.7", "length"),
        ("01020314524", "checksum"),
        ("0102031452³", "invalid"),
    ],
)
def test_insz_errors_say_what_is_wrong(raw, code):
    with pytest.raises(InvalidIdentifier) as error:
        validate_insz(raw)
    assert error.value.code == code and not is_valid_insz(raw)


def test_insz_accepts_the_printed_notation():
    assert validate_insz("85.01.01-231.76") == "85010123176"


def test_a_registration_number_is_valid_in_every_app_by_the_same_rule():
    """The DmfA and the repertory once disagreed (100006-199999934 against 197-5,999,999,999): one rule now."""
    for number in RSZ_OK + RSZ_PROVISIONAL_OK:
        assert is_valid_rsz_number(number) and validate_rsz_number(number) == number
    for number in RSZPPO_OK:
        assert is_valid_rszppo_number(number) and validate_rszppo_number(number) == number
    for number in NOK:
        assert not is_valid_rsz_number(number) and not is_valid_rszppo_number(number)


def test_the_domain_error_is_a_django_validation_error():
    with pytest.raises(ValidationError) as error:
        validate_enterprise_number("0812345604")
    assert error.value.messages == ["The check digits (the last two digits) of this enterprise number are wrong."]
    assert is_valid_enterprise_number("0812345603") and not is_valid_enterprise_number("0812345604")
    assert is_valid_establishment_number("2297964444") and not is_valid_establishment_number("2297964445")
    assert is_valid_employer_number("1234567-49") and not is_valid_employer_number("1234567-48")


def test_the_birth_date_an_insz_tells():
    assert insz_birth_date("85.01.01-231.76") == date(1985, 1, 1)
    assert insz_birth_date("01020314523") == date(2001, 2, 3)
    assert insz_birth_date("01020314524") is None  # wrong check digits: it tells nothing
    assert insz_birth_date("") is None
