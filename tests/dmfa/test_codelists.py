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


# -- country codes ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "belgium", "germany"),
    [
        ("nl", "België", "Duitsland"),
        ("fr", "Belgique", "Allemagne (Rép.féd.)"),
        ("de", "Belgien", "Deutschland"),
        ("en", "Belgium", "Germany"),
    ],
)
def test_country_codes_are_named_in_the_pages_language(language, belgium, germany):
    with translation.override(language):
        assert codelists.country_label("150") == belgium
        assert codelists.country_label(103) == germany


def test_french_is_the_sources_name_and_a_code_without_iso_link_falls_back_to_it():
    with translation.override("nl"):
        assert codelists.country_label("130") == "Tchécoslovaquie"
    assert codelists.country_label("113", "fr") == "Luxembourg (Grand-Duché)"
    assert codelists.country_label("113", "nl") == "Luxemburg"


@pytest.mark.parametrize("code", ["998", "", None, "BE", "15O"])
def test_a_code_the_list_does_not_have_has_no_label(code):
    assert codelists.country_label(code, "nl") == ""


def test_every_country_row_has_a_three_digit_code_and_a_known_iso_link():
    from babel import Locale

    territories = Locale.parse("en_GB").territories
    rows = codelists.countries().values()
    assert len(rows) > 30
    assert all(len(row.code) == 3 and row.code.isdigit() and row.official for row in rows)
    assert [row.code for row in rows if row.iso and row.iso not in territories] == []


@pytest.mark.parametrize(
    ("language", "shown"), [("nl", "België (150)"), ("fr", "Belgique (150)"), ("de", "998 (unbekannter Code)")]
)
def test_the_country_filter_writes_code_and_name_or_the_unknown_note(language, shown):
    from dmfa.templatetags.dmfa import country

    code = "998" if "998" in shown else "150"
    with translation.override(language):
        assert country(code) == shown
        assert country("") == ""


def test_employer_categories_are_named_from_the_repertory_table_in_each_language():
    assert codelists.employer_category_label("000", "nl") == "Algemene categorie (privésector)"
    assert codelists.employer_category_label("0", "fr") == "Catégorie générale (secteur privé)"
    assert codelists.employer_category_label("998", "nl") == ""


def test_control_parameters_are_shown_by_name_status_and_date_in_words():
    from dmfa.templatetags.dmfa import iso_date_words, parameter, parameter_status

    with translation.override("nl"):
        named = parameter("employer_share")
        assert named and "_" not in named and named != "employer share (fraction of the premium)"
        assert parameter_status("in_force") != "in_force" and "_" not in parameter_status("in_force")
        assert iso_date_words("2025-01-01") == "1 januari 2025"
    assert parameter("no_such_key") == "no_such_key" and iso_date_words("later") == "later"
