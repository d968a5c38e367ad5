from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foundation.quarters import Quarter, quarter_range


@pytest.mark.parametrize("text", ["2025Q3", "2025q3", "2025-3", "2025/3", "20253", " 2025 Q3 ", 20253])
def test_parse_accepts_the_usual_notations(text):
    assert Quarter.parse(text) == Quarter(2025, 3)


@pytest.mark.parametrize("text", ["2025Q5", "2025", "Q3", "25Q3", "", "2025Q0"])
def test_parse_refuses_what_is_not_a_quarter(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_days_and_neighbours():
    quarter = Quarter(2024, 1)
    assert (quarter.first_day, quarter.last_day) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter.previous() == Quarter(2023, 4)
    assert Quarter(2023, 4).next() == quarter
    assert str(quarter) == "2024Q1" and int(quarter) == 20241
    assert Quarter.of(date(2025, 9, 30)) == Quarter(2025, 3)
    assert [str(q) for q in quarter_range(Quarter(2024, 4), Quarter(2025, 2))] == ["2024Q4", "2025Q1", "2025Q2"]


@given(st.integers(min_value=1900, max_value=9998), st.integers(min_value=1, max_value=4))
def test_round_trips_and_contains_its_days(year, number):
    quarter = Quarter(year, number)
    assert Quarter.parse(str(quarter)) == quarter == Quarter.from_int(int(quarter))
    assert quarter.contains(quarter.first_day) and quarter.contains(quarter.last_day)
    assert Quarter.of(quarter.last_day) == quarter
    assert quarter.next().first_day == quarter.last_day.fromordinal(quarter.last_day.toordinal() + 1)


@pytest.mark.parametrize("text", ["2025-Q3", "2025 K3", "2025T3", "2025/Q3"])
def test_parse_accepts_the_calculator_and_language_notations(text):
    assert Quarter.parse(text) == Quarter(2025, 3)


@pytest.mark.parametrize("text", ["２０２５Q3", "2025Q³", "2025Q3Q", "2025--3"])
def test_parse_refuses_non_ascii_digits_and_stray_characters(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_length_arithmetic_and_the_calculator_constructor():
    assert [Quarter(2024, n).days for n in (1, 2, 3, 4)] == [91, 91, 92, 92]
    assert Quarter(2025, 1).days == 90
    assert Quarter(2025, 3).plus(2) == Quarter(2026, 1) and Quarter(2026, 1).plus(-5) == Quarter(2024, 4)
    assert Quarter(2026, 1) - Quarter(2025, 3) == 2
    assert Quarter.of(date(2026, 12, 31)) == Quarter(2026, 4)
    assert quarter_range(Quarter(2025, 2), Quarter(2025, 1)) == []


@pytest.mark.parametrize(("year", "number"), [(2025, 0), (2025, 5), (0, 1), (10000, 1)])
def test_out_of_range_quarters_are_refused(year, number):
    with pytest.raises(ValueError):
        Quarter(year, number)


@given(st.integers(min_value=1900, max_value=2500), st.integers(min_value=1, max_value=4), st.integers(-200, 200))
def test_plus_and_difference_agree(year, number, offset):
    quarter = Quarter(year, number)
    assert quarter.plus(offset) - quarter == offset
    assert (quarter.plus(offset) > quarter) == (offset > 0)
