"""The project labels of the DmfA annex codes: one for every shipped code, short, and translated in nl, fr and de."""

from django.utils import translation

import pytest

from dmfa import codelists

#: The annexes whose codes the consultation pages show with a project label.
LABELLED = {
    "worker codes (annex 2)": codelists.WORKER_CODES,
    "reduction codes (annex 4)": codelists.REDUCTION_CODES,
    "remuneration codes (annex 7)": codelists.REMUNERATION_CODES,
    "service codes (annex 8)": codelists.SERVICE_CODES,
}
ANNEXES = pytest.mark.parametrize("annex", LABELLED.values(), ids=LABELLED.keys())


def english(annex: int) -> dict[str, str]:
    """The labels as written in dmfa/codelists.py (the msgids), whatever the catalogues say."""
    with translation.override(None):
        return {code: str(text) for code, text in codelists.LABELS[annex].items()}


@ANNEXES
def test_every_shipped_code_has_a_project_label_and_no_label_lacks_a_code(annex):
    shipped = set(codelists.entries()[annex])
    assert sorted(shipped - set(codelists.LABELS[annex])) == []
    assert sorted(set(codelists.LABELS[annex]) - shipped) == []


@ANNEXES
def test_label_shows_the_project_label_and_not_the_official_french_text(annex):
    with translation.override("en"):
        falling_back = [
            code
            for code, rows in codelists.entries()[annex].items()
            if codelists.label(annex, code) in {row.description for row in rows}
        ]
    assert falling_back == []


@ANNEXES
def test_labels_are_short(annex):
    too_long = {code: text for code, text in english(annex).items() if len(text) > 90}
    assert too_long == {}


@ANNEXES
@pytest.mark.parametrize("language", ["nl", "fr", "de"])
def test_every_label_is_translated(annex, language):
    msgids = english(annex)
    with translation.override(language):
        untranslated = sorted(code for code in msgids if codelists.label(annex, code) == msgids[code])
    assert untranslated == []


@ANNEXES
def test_english_labels_are_the_ones_written_in_the_code(annex):
    msgids = english(annex)
    with translation.override("en"):
        assert {code: codelists.label(annex, code) for code in msgids} == msgids


@pytest.mark.parametrize(
    ("language", "annex", "code", "expected"),
    [
        ("nl", codelists.WORKER_CODES, "050", "Arbeider met een flexi-job"),
        ("fr", codelists.WORKER_CODES, "879", "Travailleur en RCC pour lequel une cotisation spéciale est due"),
        ("de", codelists.WORKER_CODES, "497", "Anerkannte Tagesmutter oder anerkannter Tagesvater"),
        ("nl", codelists.REDUCTION_CODES, "3410", "Startbaanovereenkomst: laaggeschoolde jonge werknemer"),
        ("fr", codelists.REDUCTION_CODES, "7320", "Travailleurs âgés (Bruxelles)"),
        ("de", codelists.REDUCTION_CODES, "6320", "Ältere Arbeitnehmer im Dienst (Flandern)"),
    ],
)
def test_worked_examples(language, annex, code, expected):
    with translation.override(language):
        assert codelists.label(annex, code) == expected
        assert codelists.label(annex, int(code)) == expected  # the code as the parser may hand it over
