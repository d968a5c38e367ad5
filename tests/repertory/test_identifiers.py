"""Identifier validation against the published test vectors (belgif, stdnum), and properties with hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repertory.constants import Repertory
from repertory.identifiers import (
    InvalidIdentifier,
    format_enterprise_number,
    format_establishment_number,
    format_registration_number,
    is_valid_registration_number,
    parse_lookup_number,
    validate_enterprise_number,
    validate_establishment_number,
    validate_registration_number,
)

# Test vectors from shared/data/dmfa-ids-kbo-research.md §2.2-2.3 (belgif rest-problem-java, python-stdnum).
RSZ_OK = ["100006", "212345609", "312345625", "200000031", "499999982", "187995796", "168676597", "199999934"]
RSZ_PROVISIONAL_OK = ["5134794036", "5000000120", "5999999989", "5678901277"]
RSZPPO_OK = ["43220065", "2130057", "22300094", "5170096", "55290097"]
NOK = ["196", "4000000100", "6999999999", "5678901279", "1000000047", "5000000121"]


@pytest.mark.parametrize("number", RSZ_OK + RSZ_PROVISIONAL_OK)
def test_rsz_vectors(number):
    assert validate_registration_number(number, repertory=Repertory.RSZ) == number


@pytest.mark.parametrize("number", RSZPPO_OK)
def test_rszppo_vectors(number):
    assert validate_registration_number(number, repertory=Repertory.RSZPPO) == number


@pytest.mark.parametrize("number", NOK)
@pytest.mark.parametrize("repertory", list(Repertory))
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
    assert format_enterprise_number("0403019261") == "0403.019.261"
    assert format_establishment_number("2000000339") == "2.000.000.339"
    assert format_registration_number("123456749", repertory="RSZ") == "1234567-49"
    assert format_registration_number("100006", repertory="RSZ") == "0001000-06"
    assert format_registration_number("12345672", repertory="RSZPPO") == "123456-72"


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
    key = parse_lookup_number(raw)
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
        parse_lookup_number(raw)
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
    assert parse_lookup_number("0" + number).registrations[-1] == ("RSZPPO", number)


@given(st.integers(min_value=1_000_000, max_value=19_999_999), st.sampled_from(["", ".", " ", "BE"]))
def test_enterprise_numbers_round_trip_through_format(first8, separator):
    number = f"{first8:08d}{97 - first8 % 97:02d}"
    shown = format_enterprise_number(number)
    typed = shown.replace(".", separator) if separator != "BE" else "BE" + number
    assert validate_enterprise_number(typed) == number
    assert parse_lookup_number(typed).enterprise_number == number


@given(st.text(max_size=20))
def test_lookup_never_crashes_on_any_text(raw):
    try:
        key = parse_lookup_number(raw)
    except InvalidIdentifier as error:
        assert str(error.message)
    else:
        assert key.enterprise_number or key.registrations
