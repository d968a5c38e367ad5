"""The project labels of the DmfA annex codes: one for every shipped code, short, and translated in nl, fr and de."""

from django.utils import translation

import pytest

from dmfa import codelists
from foundation.quarters import Quarter

#: The annexes whose codes the consultation pages show with a project label.
LABELLED = {
    "worker codes (annex 2)": codelists.WORKER_CODES,
    "reduction codes (annex 4)": codelists.REDUCTION_CODES,
    "remuneration codes (annex 7)": codelists.REMUNERATION_CODES,
    "service codes (annex 8)": codelists.SERVICE_CODES,
    "indemnity natures (annex 10)": codelists.INDEMNITY_NATURES,
    "employment promotion measures (annex 35)": codelists.EMPLOYMENT_PROMOTIONS,
    "working-time reorganisation measures (annex 44)": codelists.REORGANISATION_MEASURES,
    "early retirement contribution codes (zone 00079)": codelists.EARLY_RETIREMENT_CODES,
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
        ("nl", codelists.EMPLOYMENT_PROMOTIONS, "5", "Aangeworven in het kader van het PRIME-programma"),
        ("fr", codelists.REORGANISATION_MEASURES, "6", "Prépension à mi-temps"),
        ("de", codelists.INDEMNITY_NATURES, "04", "Kapital"),
        ("nl", codelists.EARLY_RETIREMENT_CODES, "1", "Bijzondere compenserende bijdrage"),
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


# -- the annexes added for the record page (10, 35, 44, zone 00079) --------------------------------------------------


def test_the_new_lists_are_loaded_with_their_validity_from_the_extract():
    from datetime import date

    lists = codelists.entries()
    assert len(lists[codelists.INDEMNITY_NATURES]) == 9
    assert len(lists[codelists.EMPLOYMENT_PROMOTIONS]) == 15
    assert len(lists[codelists.EARLY_RETIREMENT_CODES]) == 2
    (promotion_1,) = lists[codelists.EMPLOYMENT_PROMOTIONS]["1"]
    assert (promotion_1.valid_from, promotion_1.valid_until) == (date(2003, 1, 1), date(2007, 6, 30))
    assert promotion_1.description == "travailleur engagé dans le cadre de l'A.R. 495"
    (nature_00,) = lists[codelists.INDEMNITY_NATURES]["00"]
    assert nature_00.kind == "028" and nature_00.description == "Toutes indemnités"
    # A promotion measure that ended is not looked up for a later quarter; a glossary code has no end.
    assert codelists.lookup(codelists.EMPLOYMENT_PROMOTIONS, 1, Quarter(2025, 3)) is None
    assert codelists.lookup(codelists.EMPLOYMENT_PROMOTIONS, 10, Quarter(2025, 3)).code == "10"
    assert codelists.lookup(codelists.EARLY_RETIREMENT_CODES, 0, Quarter(2003, 1)).code == "0"
    assert codelists.lookup(codelists.INDEMNITY_NATURES, 1, Quarter(2025, 3)).code == "01"


def test_the_reorganisation_measures_are_the_ones_the_dmfa_schema_accepts():
    """The extract keeps the rows of annex 44 marked for the DmfA: the same codes as the schema's enumeration."""
    import defusedxml.ElementTree as ET

    xsd = codelists.DATA_FILE.with_name("DmfAOriginal_20223.xsd")
    namespace = {"xs": "http://www.w3.org/2001/XMLSchema"}
    element = ET.parse(xsd).getroot().find("xs:element[@name='ReorganisationMeasure']", namespace)
    schema = {value.get("value") for value in element.iterfind(".//xs:enumeration", namespace)}
    assert set(codelists.entries()[codelists.REORGANISATION_MEASURES]) == schema


def test_every_data_line_of_the_annex_extract_has_the_columns_of_its_list():
    widths = {
        codelists.WORKER_CODES: 5,
        codelists.SERVICE_CODES: 5,
        codelists.REMUNERATION_CODES: 4,
        codelists.EMPLOYER_CATEGORIES: 4,
        codelists.REDUCTION_CODES: 4,
        codelists.INDEMNITY_NATURES: 4,
        codelists.EMPLOYMENT_PROMOTIONS: 3,
        codelists.REORGANISATION_MEASURES: 3,
        codelists.EARLY_RETIREMENT_CODES: 3,
    }
    wrong, annex = [], None
    for number, line in enumerate(codelists.DATA_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("## "):
            annex = int(line.split()[2])
        elif line[:1].isdigit() and "\t" in line:
            columns = line.split("\t")
            if len(columns) != widths[annex] or not columns[0].isdigit() or not columns[-1].strip():
                wrong.append(number)
    assert annex is not None and wrong == []


# -- joint committees ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("nl", "330", "Paritair Comité voor de gezondheidsinrichtingen en -diensten"),
        ("fr", "330", "Commission paritaire des établissements et des services de santé"),
        ("de", "104", "Commission paritaire de l'industrie sidérurgique"),
        ("nl", "102", "Commission paritaire de l'industrie des carrières"),  # the source read gives no Dutch name
        ("fr", "329.01", "Paritair Subcomité voor de socio-culturele sector van de Vlaamse Gemeenschap"),
        ("nl", "32901", "Paritair Subcomité voor de socio-culturele sector van de Vlaamse Gemeenschap"),  # job form
        ("nl", "200", ""),
        ("nl", "999", ""),
        ("nl", "", ""),
        ("nl", "33", ""),
    ],
)
def test_joint_committees_are_named_in_the_pages_language_where_the_source_gives_it(language, code, expected):
    assert codelists.joint_committee_label(code, language) == expected


def test_every_joint_committee_row_has_a_dmfa_number_a_name_and_a_source_named_in_sources_md():
    import re

    sources = codelists.DATA_FILE.with_name("SOURCES.md").read_text(encoding="utf-8")
    rows = codelists.joint_committees().values()
    assert len(rows) >= 10
    assert [row.code for row in rows if not re.fullmatch(r"\d{3}(\.\d{2}){0,2}", row.code)] == []
    assert [row.code for row in rows if not (row.name_nl or row.name_fr)] == []
    keys = {key for row in rows for key in row.source.split("+")}
    assert sorted(key for key in keys if f"`{key}`" not in sources) == []


@pytest.mark.parametrize(
    ("language", "code", "shown"),
    [
        ("nl", "104", "Paritair comité voor de ijzernijverheid (104)"),
        ("fr", "104", "Commission paritaire de l'industrie sidérurgique (104)"),
        ("nl", "200", "200"),  # a real committee the partial list does not name: not an "unknown code"
        ("fr", "200", "200"),
    ],
)
def test_the_joint_committee_filter_writes_name_and_number_or_the_number_alone(language, code, shown):
    from dmfa.templatetags.dmfa import joint_committee

    with translation.override(language):
        assert joint_committee(code) == shown
        assert joint_committee("") == ""


@pytest.mark.parametrize(
    ("language", "code", "shown"),
    [
        ("nl", 504, "Ouderschapsverlof (volledige of gedeeltelijke afwezigheid) (504)"),
        ("fr", 504, "Congé parental (absence totale ou partielle) (504)"),
        ("nl", 9, "9 (code niet in de bijlage voor dit kwartaal)"),
        ("nl", 107, "107 (code niet in de bijlage voor dit kwartaal)"),  # a DmfAPPL-only row, left out
    ],
)
def test_the_annex_code_tag_writes_label_and_code_or_the_annex_note(language, code, shown):
    from dmfa.templatetags.dmfa import annex_code

    with translation.override(language):
        assert annex_code(code, "reorganisation", Quarter(2025, 3)) == shown
        assert annex_code(None, "reorganisation", Quarter(2025, 3)) == ""
