"""The catalogue's query-string parsing: page numbers are plain ASCII digits, and no text makes it raise."""

from hypothesis import given
from hypothesis import strategies as st

from measures.forms import page_number


@given(st.text(min_size=1, max_size=20))
def test_any_text_gives_a_page_from_1_or_none(raw):
    number = page_number(raw)
    assert number is None or (number >= 1 and str(number) == raw.lstrip("0"))


@given(st.integers(min_value=1, max_value=10**9 - 1))
def test_a_page_written_by_our_links_reads_back(number):
    assert page_number(str(number)) == number


def test_absent_or_empty_means_the_first_page():
    assert page_number(None) == 1
    assert page_number("") == 1


def test_digits_beyond_ascii_and_huge_numbers_are_refused():
    assert page_number("²") is None
    assert page_number("٣") is None
    assert page_number("1_0") is None
    assert page_number("9" * 5000) is None
