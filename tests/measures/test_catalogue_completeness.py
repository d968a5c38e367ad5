"""The shipped catalogue against the law of 1 December 2026: at least 40 current measures across the five levels,
each explained in nl, fr, de and en with a link to its institution, and the same measures through the API.

One test loads the shipped file once (loading it takes seconds) and checks each property in turn.
"""

import datetime

from django.db.models import Q

import pytest

from measures import constants
from measures.models import Measure

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 1)
LANGUAGES = ("nl", "fr", "de", "en")
#: How each language's description names the calculator when it says why the calculator leaves a measure out.
CALCULATOR_WORD = {"nl": "calculator", "fr": "calculateur", "de": "Rechner", "en": "calculator"}


def current(on: datetime.date = ON):
    return Measure.objects.filter(is_published=True, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


def api_codes(client, on: datetime.date) -> set[str]:
    codes, url = set(), f"/api/v1/measures/?on={on.isoformat()}&lang=en"
    while url:
        body = client.get(url).json()
        codes |= {item["code"] for item in body["results"]}
        url = body["next"]
    return codes


def test_the_catalogue_of_1_december_2026_is_complete(client, shipped):
    measures = list(current())

    # at least 40 measures, and every level carries a real share of them
    assert len(measures) >= 40
    per_level = {level: sum(m.level == level for m in measures) for level in constants.Level.values}
    assert all(count >= 4 for count in per_level.values()), per_level

    # each explained in the four languages, with how to apply and the institution's link
    missing = [
        (m.code, field, lang)
        for m in measures
        for field in ("description", "how_to_apply")
        for lang in LANGUAGES
        if not getattr(m, f"{field}_{lang}").strip()
    ]
    assert missing == []
    assert [m.code for m in measures if not (m.institution and m.institution_url.startswith("http"))] == []

    # a measure the calculator leaves out says why, in every language
    left_out = [m for m in measures if not m.in_calculator]
    assert len(left_out) >= 20
    silent = [
        (m.code, lang)
        for m in left_out
        for lang in LANGUAGES
        if CALCULATOR_WORD[lang] not in getattr(m, f"description_{lang}")
    ]
    assert silent == []

    # the public API lists exactly these measures for that date
    assert api_codes(client, ON) == {m.code for m in measures}
