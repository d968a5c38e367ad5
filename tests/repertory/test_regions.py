"""Region of a postcode, including the German-language area inside the Walloon Region."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repertory.constants import Region
from repertory.regions import GERMAN_LANGUAGE_AREA_POSTCODES, UnknownPostcode, locate


@pytest.mark.parametrize(
    ("postcode", "region", "german"),
    [
        ("1000", Region.BRUSSELS, False),
        ("1210", Region.BRUSSELS, False),
        ("1300", Region.WALLONIA, False),  # Wavre, Walloon Brabant
        ("1500", Region.FLANDERS, False),  # Halle, Flemish Brabant
        ("2000", Region.FLANDERS, False),
        ("3500", Region.FLANDERS, False),
        ("4000", Region.WALLONIA, False),
        ("4700", Region.WALLONIA, True),  # Eupen
        ("4780", Region.WALLONIA, True),  # Sankt Vith
        ("4960", Region.WALLONIA, False),  # Malmedy: French-language area with facilities
        ("6000", Region.WALLONIA, False),
        ("8000", Region.FLANDERS, False),
        ("9000", Region.FLANDERS, False),
    ],
)
def test_locate(postcode, region, german):
    location = locate(postcode)
    assert (location.region, location.german_language_area) == (region, german)


@pytest.mark.parametrize("postcode", ["999", "10000", "abcd", "", "0999"])
def test_not_a_belgian_postcode(postcode):
    with pytest.raises(UnknownPostcode):
        locate(postcode)


@given(st.integers(min_value=1000, max_value=9999))
def test_german_language_area_lies_in_wallonia(code):
    location = locate(code)
    assert location.german_language_area == (code in GERMAN_LANGUAGE_AREA_POSTCODES)
    if location.german_language_area:
        assert location.region == Region.WALLONIA
