"""The engine's behaviour beyond the worked examples: dates of the rules, contracts, cumulation, its explanations."""

from __future__ import annotations

import datetime
from decimal import Decimal

from measures.calculator import engine
from measures.calculator.values import Contract
from tests.measures.calculator.conftest import make_employer, make_hire

ON = datetime.date(2026, 12, 1)


def run(book, *, employer=None, on=ON, horizon=8, **hire):
    return engine.calculate(
        employer=employer or make_employer(), hires=[make_hire(**hire)], on=on, horizon=horizon, rules=book
    ).hires[0]


def codes(hire_result) -> list[str]:
    return [measure.code for measure in hire_result.measures]


def test_the_engine_reads_nothing_from_the_database(shipped_book, django_assert_num_queries):
    with django_assert_num_queries(0):
        result = run(shipped_book, hire_rank=2)
    assert result.total > 0


def test_measures_come_highest_total_first(shipped_book):
    result = run(shipped_book, hire_rank=2, jobseeker_since=datetime.date(2023, 1, 1))
    totals = [measure.total for measure in result.measures]
    assert totals == sorted(totals, reverse=True) and len(totals) >= 3


def test_later_quarters_keep_the_rules_known_on_the_reference_date(shipped_book):
    """Walloon older workers: 55+ under the 2023-2025 rules, 57+ from 2026. Born June 1969 (56 on 31 March 2026)."""
    walloon = make_employer(seat="WAL")
    hire = {
        "birth_date": datetime.date(1969, 6, 1),
        "seat_region": "WAL",
        "domicile_region": "WAL",
        "gross_monthly_wage": 3000,
    }
    as_known_in_2025 = run(shipped_book, employer=walloon, on=datetime.date(2025, 6, 1), **hire)
    as_known_now = run(shipped_book, employer=walloon, on=ON, **hire)
    older_2025 = next(m for m in as_known_in_2025.measures if m.code == "wal-older-workers")
    assert older_2025.amount_in(engine.Quarter(2026, 1)) == Decimal("400.00")
    older_now = next(m for m in as_known_now.measures if m.code == "wal-older-workers")
    assert older_now.amount_in(engine.Quarter(2026, 1)) == 0
    assert older_now.amount_in(engine.Quarter(2025, 4)) == Decimal("400.00")


def test_a_fixed_term_contract_ends_the_benefits(shipped_book):
    result = run(shipped_book, hire_rank=2, contract=Contract.FIXED_TERM, contract_months=6)
    first_hires = next(m for m in result.measures if m.code == "fed-first-hires")
    assert [str(item.period) for item in first_hires.periods if item.amount] == ["2025Q1", "2025Q2"]
    assert result.contributions_due[engine.Quarter(2025, 3)] == 0


def test_a_target_group_reduction_not_chosen_is_explained(shipped_book):
    """A Flemish 58-year-old hired as second worker: first hires (1,550) beat the older-worker reduction (600)."""
    flemish = make_employer(seat="VLG")
    result = run(
        shipped_book,
        employer=flemish,
        seat_region="VLG",
        domicile_region="VLG",
        birth_date=datetime.date(1962, 6, 15),
        gross_monthly_wage=3500,
        hire_rank=2,
        horizon=4,
    )
    assert "fed-first-hires" in codes(result)
    dropped = next(item for item in result.not_applicable if item.code == "vl-older-workers-retention")
    assert "only one target-group reduction" in dropped.reasons[0]
    assert any("largest total" in decision.text for decision in result.decisions)


def test_a_cut_by_the_contributions_due_is_a_decision(shipped_book):
    result = run(shipped_book, hire_rank=1, horizon=1)
    first_hires = next(m for m in result.measures if m.code == "fed-first-hires")
    item = first_hires.periods[0]
    assert item.amount < item.before_cut and "contributions due" in item.note
    assert any("cut from" in decision.text for decision in result.decisions)


def test_cannot_combine_keeps_the_larger_measure(shipped_book):
    result = run(shipped_book, jobseeker_since=datetime.date(2023, 1, 1), reduced_work_capacity=True, horizon=4)
    assert "bru-activa-reduced-capacity" in codes(result) and "bru-activa" not in codes(result)
    reasons = next(item.reasons for item in result.not_applicable if item.code == "bru-activa")
    assert "cannot be combined" in reasons[0]


def test_every_measure_is_either_applied_or_explained(shipped_book):
    result = run(shipped_book)
    explained = {item.code for item in result.not_applicable}
    assert set(codes(result)) | explained == {measure.code for measure in shipped_book.measures}
    assert not set(codes(result)) & explained
    assert all(item.reasons and all(item.reasons) for item in result.not_applicable)


def test_the_result_states_it_is_an_approximation_and_names_unlimited_measures(shipped_book):
    result = engine.calculate(employer=make_employer(), hires=[make_hire()], on=ON, horizon=8, rules=shipped_book)
    assert "approximation" in result.notes[0] and "Dec. 1, 2026" in result.notes[0]
    assert any("horizon of 8 quarters" in note for note in result.notes)
    structural = next(m for m in result.hires[0].measures if m.code == "fed-structural")
    assert structural.unlimited
    assert result.sources and all(source["title"] for source in result.sources)


def test_as_dict_gives_amounts_as_decimal_strings(shipped_book):
    data = engine.calculate(
        employer=make_employer(), hires=[make_hire(hire_rank=2)], on=ON, horizon=8, rules=shipped_book
    ).as_dict()
    assert data["currency"] == "EUR" and data["rules_as_of"] == "2026-12-01"
    first = data["hires"][0]["measures"][0]
    # 1,550 × 5 + 1,050 × 3, the fifth cut in 2026Q1 to 1,499.72 by the contributions due (see worked examples)
    assert first["code"] == "fed-first-hires" and first["total"] == "10849.72"
    assert first["periods"][0] == {"period": "2025Q1", "amount": "1550.00", "note": ""}
    assert Decimal(data["total"]) == sum(Decimal(hire["total"]) for hire in data["hires"])
    assert all({"code", "reasons"} <= set(item) for item in data["hires"][0]["not_applicable"])


def test_the_seat_region_unknown_is_said(shipped_book):
    result = run(shipped_book, employer=make_employer(seat="VLG"), seat_region=None, domicile_region="VLG")
    reasons = next(item.reasons for item in result.not_applicable if item.code == "vl-older-workers-retention")
    assert any("operating seat is not known" in reason for reason in reasons)
