"""The calculator's flow and wording: the engine has no module-level state (the language is an argument), every
explanation row is said once, quarters without benefit are summarised, the page opens on a hire just added, and an
nl/fr page shows no English, no parameter name and the language's number notation."""

from __future__ import annotations

import datetime
import re
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.utils import translation

import pytest

from measures.calculator import display, engine
from measures.calculator.result import Decision, HireResult, TraceItem
from measures.calculator.values import Quarter
from tests.measures.calculator.conftest import hire_data, make_employer, make_hire
from tests.measures.calculator.test_views import calculation_data, catalogue, demo, owner_a, people  # noqa: F401

ON = datetime.date(2026, 12, 1)


def _calculate(book, *, language=None, horizon=4, **hire):
    return engine.calculate(
        employer=make_employer(), hires=[make_hire(**hire)], on=ON, horizon=horizon, rules=book, language=language
    )


# -- no module-level state ------------------------------------------------------------------------------------------


ENGINE_MODULES = ("__init__", "periods", "amounts", "cumulation", "wording")


def test_the_engine_package_keeps_no_mutable_state_at_module_level():
    import importlib

    for name in ENGINE_MODULES:
        module = importlib.import_module("measures.calculator.engine" + ("" if name == "__init__" else f".{name}"))
        mutable = [
            key
            for key, value in vars(module).items()
            if not key.startswith("__")
            and isinstance(value, dict | list | set | bytearray | threading.local)
            and not isinstance(value, types.MappingProxyType)
        ]
        assert mutable == [], f"{module.__name__} keeps {mutable} between calls"


def test_the_language_is_an_argument_not_the_callers_active_one(shipped_book):
    with translation.override("en"):
        french = _calculate(shipped_book, language="fr")
        english = _calculate(shipped_book)
    assert "cotisations patronales" in " ".join(french.notes)
    assert "Employer contributions due" in " ".join(english.notes)


def test_two_languages_in_two_threads_each_get_their_own_wording(shipped_book):
    """Calculations run side by side in two threads, one in Dutch and one in French, many times: no sentence of one
    ever reaches the other (a per-process cache or a per-thread language would mix them)."""

    def run(language: str) -> list[str]:
        result = _calculate(shipped_book, language=language, hire_rank=1)
        return [*result.notes, *(d.text for hire in result.hires for d in hire.decisions)]

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(run, ["nl", "fr"] * 6))
    for language, texts in zip(["nl", "fr"] * 6, outcomes, strict=True):
        joined = " ".join(texts)
        if language == "nl":
            assert "werkgeversbijdragen" in joined and "cotisations" not in joined
        else:
            assert "cotisations" in joined and "werkgeversbijdragen" not in joined


# -- every row once ---------------------------------------------------------------------------------------------------


def test_decisions_repeated_over_quarters_become_one_row(shipped_book):
    hire = _calculate(shipped_book, hire_rank=1, horizon=4).hires[0]
    texts = [decision.text for decision in hire.decisions] + [
        f"{measure.name}: {item.note}" for measure in hire.measures for item in measure.periods if item.note
    ]
    rows = display.decision_rows(hire, hire.measures)
    shown = [text for _quarters, text in rows]
    assert len(shown) == len(set(shown))  # no row repeats
    assert set(texts) - set(shown) <= {text for text in texts if "cut to" in text}  # only cuts said by a decision
    assert any("cut from" in text for text in shown)


def test_a_text_over_several_quarters_lists_its_quarters_as_ranges():
    hire = HireResult(
        index=0,
        hire=None,
        label="",
        periods=[],
        measures=[],
        not_applicable=[],
        decisions=[Decision(Quarter(2025, n), "same text") for n in (1, 2, 4)] + [Decision(None, "overall")],
        contributions_due={},
    )
    assert display.decision_rows(hire, []) == [("", "overall"), ("2025Q1 to 2025Q2, 2025Q4", "same text")]


def test_trace_labels_words_what_a_value_is_and_keeps_the_engines_own_labels():
    from measures.calculator.engine.wording import Wording

    with translation.override("fr"):
        wording = Wording("fr")
        assert wording.parameter_label("very_low_ceiling") == "seuil des très bas salaires (S1)"
        assert wording.parameter_label("some_new_name") == "valeur dans la formule"
        assert wording.parameter_label("base salariale") == "base salariale"


def test_trace_rows_with_the_same_values_are_one_row_even_apart():
    def item(quarter: int, value: str) -> TraceItem:
        return TraceItem(Quarter(2025, quarter), datetime.date(2024, 4, 1), None, "", (("S", value),))

    with translation.override("nl"):
        rows = display.trace_rows([item(1, "8400.00"), item(2, "9000.00"), item(3, "8400.00")])
    assert [(row.quarters, row.values) for row in rows] == [
        ("2025Q1, 2025Q3", (("refertekwartaalloon (S)", "8.400,00"),)),
        ("2025Q2", (("refertekwartaalloon (S)", "9.000,00"),)),
    ]


def test_runs_of_empty_quarters_become_one_line():
    rows = [(Quarter(2025, n), [], Decimal(amount)) for n, amount in enumerate(["5", "0", "0", "7"], start=1)]
    shown = display.summarise_empty(rows, total=lambda row: row[2])
    assert [getattr(row, "quarters", None) or str(row[0]) for row in shown] == ["2025Q1", "2025Q2 to 2025Q3", "2025Q4"]
    assert shown[1].count == 2
    assert display.summarise_empty(rows[1:3], total=lambda row: row[2]) == rows[1:3]  # all empty: kept as is


# -- the page ---------------------------------------------------------------------------------------------------------


def _main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") :]


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_an_all_zero_quarter_is_summarised_on_the_page(owner_a):  # noqa: F811
    data = calculation_data(hire_data(0, contract="fixed_term", contract_months="3"), horizon="4")
    response = owner_a.post("/en/calculator/", data)
    assert response.status_code == 200
    html = _main(response)
    table = html[html.index('id="table-hire-1"') :]
    table = table[: table.index("</table>")]
    assert "2025Q2 to 2025Q4" in table and "no benefit in these 3 quarters" in table
    assert '<th scope="row">2025Q3</th>' not in table


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_the_notice_says_the_approximation_once(owner_a):  # noqa: F811
    response = owner_a.post("/en/calculator/", calculation_data())
    text = re.sub(r"<[^>]+>", " ", _main(response))
    assert text.count("This is an approximation") == 1
    assert "institution that grants a measure decides" in text


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_no_explanation_row_repeats_on_the_page(owner_a):  # noqa: F811
    response = owner_a.post("/en/calculator/", calculation_data(hire_data(0, hire_rank="1"), horizon="8"))
    html = _main(response)
    decisions = html[html.index('class="calc-decisions"') :]
    items = re.findall(r"<li>(.*?)</li>", decisions[: decisions.index("</ul>")], re.S)
    assert items and len(items) == len(set(items))
    for trace in re.findall(r'<table class="calc-table calc-trace">(.*?)</table>', html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", trace, re.S)
        assert len(rows) == len(set(rows))


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_page_speaks_the_language_without_parameter_names(owner_a, language):  # noqa: F811
    response = owner_a.post(f"/{language}/calculator/", calculation_data())
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _main(response)))
    for leak in ("low_rate", "very_low_ceiling", "low_ceiling", "research notes", "Partena Professional and Securex"):
        assert leak not in text
    assert "Employer contributions" not in text and "The institution" not in text
    assert "0,14" in text and "10.797,67" in text.replace("\u202f", ".").replace("\xa0", ".").replace(" ", ".")


@pytest.mark.django_db
@pytest.mark.usefixtures("catalogue")
def test_after_adding_a_hire_the_page_opens_on_it(owner_a):  # noqa: F811
    response = owner_a.post("/en/calculator/", calculation_data(action="add"))
    html = _main(response)
    assert 'id="hire-2"' in html
    new_label = re.search(r'<input[^>]*name="hire-1-label"[^>]*>', html).group(0)
    assert "autofocus" in new_label
    assert "autofocus" not in re.search(r'<input[^>]*name="hire-0-label"[^>]*>', html).group(0)
    assert re.search(r'<fieldset class="calc-hire" id="hire-2">', html)
