"""Worked examples of the GECO/DSP controls with hand-computed figures (shared/data/geco-dsp-research.md §5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from dmfa.constants import PremiumBasis
from dmfa.controls.fte import OccupationLine, person_fte, reference_level, regular_fte
from dmfa.controls.premium import JobTerms, MonthParameters, QuarterFacts, check_premium, regime_working_days
from dmfa.controls.reconciliation import reconcile
from foundation.quarters import Quarter


def line(insz, quarter, q="38", s="38", start=None, end=None, **extra):
    return OccupationLine(insz, quarter, start, end, D(q), D(s), q == s, **extra)


def staff_2024(quarter):
    """Example D: A full time; B 19/38; C 30.4/38 leaving 15 Aug 2024; D full time from 1 Nov 2024."""
    lines = [line("A", quarter), line("B", quarter, q="19")]
    if quarter.number <= 3:
        lines.append(line("C", quarter, q="30.4", end=date(2024, 8, 15) if quarter.number == 3 else None))
    if quarter.number == 4:
        lines.append(line("D", quarter, start=date(2024, 11, 1)))
    return lines


def test_fte_part_time_mid_quarter_exit_and_entry():
    figures = {n: regular_fte(staff_2024(Quarter(2024, n)), subsidised_insz=set())[0] for n in range(1, 5)}
    assert figures[1] == D("2.3")
    assert figures[3] == D("1.9")  # 1 + 0.5 + 0.8 x 46/92
    assert figures[4].quantize(D("0.0001")) == D("2.1630")  # 1 + 0.5 + 61/92
    reference = reference_level([(Quarter(2024, n), figures[n]) for n in range(1, 5)])
    assert reference.quantize(D("0.0001")) == D("2.1658")


def test_fte_flags_the_fall_and_excludes_the_subsidised():
    q4 = Quarter(2025, 4)
    lines = [line("A", q4, q="30.4"), line("B", q4, q="19"), line("D", q4, end=date(2025, 10, 31)), line("G", q4)]
    fte, persons = regular_fte(lines, subsidised_insz={"G"})
    assert (fte.quantize(D("0.0001")), persons) == (D("1.6370"), 3)  # 0.8 + 0.5 + 31/92, the GECO G left out


def test_fte_several_occupations_add_up_and_a_person_counts_at_most_one():
    q = Quarter(2025, 1)
    two_halves = [line("A", q, q="19"), line("A", q, q="19")]
    assert person_fte(two_halves) == D("1")
    three = [*two_halves, line("A", q, q="19")]
    assert person_fte(three) == D("1")
    dsp = line("B", q, employment_promotion=2)
    geco = line("C", q, worker_code="484")
    assert regular_fte([*three, dsp, geco], subsidised_insz=set()) == (D("1"), 1)


def terms(**overrides):
    values = {
        "basis": PremiumBasis.FIXED,
        "start": date(2025, 3, 1),
        "end": None,
        "days_per_week": D("5"),
        "fraction": D("1"),
        "monthly_wage": None,
        "minimum_wage_basis": None,
        "share_exempt": False,
    }
    return JobTerms(**{**values, **overrides})


MARCH = date(2025, 3, 1)
Q1_2025 = Quarter(2025, 1)


def march_params(**values):
    return {MARCH: MonthParameters(**values)}


def test_working_days_of_march_2025():
    assert regime_working_days(date(2025, 3, 1), date(2025, 3, 31), D("5")) == 21


def test_example_a_geco_base_premium_with_assimilated_days():
    """5,035 a year; 16 days worked + 2 holidays (code 1) and 3 sickness days: 18/21 of the month."""
    result = check_premium(
        terms=terms(share_exempt=True),
        quarter=Q1_2025,
        facts=QuarterFacts(worked_days=D("18"), assimilated_days=D("0"), wage_cost=D("3000")),
        parameters=march_params(fixed_annual=D("5035"), employer_share=D("0.05")),
        paid={MARCH: D("359.64")},
    )
    assert result.due == D("359.64")
    assert result.passed


def test_example_c_dsp_february_2024():
    result = check_premium(
        terms=terms(start=date(2024, 2, 1), end=date(2024, 2, 29)),
        quarter=Quarter(2024, 1),
        facts=QuarterFacts(D("20"), D("0"), D("5000")),
        parameters={date(2024, 2, 1): MonthParameters(fixed_monthly=D("1168.75"), employer_share=D("0"))},
        paid={date(2024, 2, 1): D("1168.75")},
    )
    assert result.due == D("1113.10")
    assert not result.passed and result.difference == D("55.65")


PLACEHOLDER = {"reference_annual_wage": D("33000"), "flat_percentage": D("0.45"), "employer_share": D("0.05")}


def test_example_b_capped_wage_with_the_share():
    """R and p are placeholders of the research's example B: min(2,950, 2,750) x 1.45 x 18/21 x 95 %."""
    result = check_premium(
        terms=terms(basis=PremiumBasis.REFERENCE_WAGE, monthly_wage=D("2950")),
        quarter=Q1_2025,
        facts=QuarterFacts(D("16"), D("2"), D("10000")),
        parameters=march_params(**PLACEHOLDER),
        paid={},
    )
    assert result.months[2].basis == D("3987.50")
    assert result.due == D("3246.96")
    assert result.difference == D("-3246.96")


def test_share_exemption_and_minimum_wage_basis():
    exempt = check_premium(
        terms=terms(basis=PremiumBasis.REFERENCE_WAGE, monthly_wage=D("2950"), share_exempt=True),
        quarter=Q1_2025,
        facts=QuarterFacts(D("18"), D("0"), D("10000")),
        parameters=march_params(**PLACEHOLDER),
        paid={},
    )
    assert exempt.due == D("3417.86")
    minimum = check_premium(
        terms=terms(basis=PremiumBasis.REFERENCE_WAGE, monthly_wage=D("2950"), minimum_wage_basis=D("4100")),
        quarter=Q1_2025,
        facts=QuarterFacts(D("18"), D("0"), D("10000")),
        parameters=march_params(**PLACEHOLDER),
        paid={},
    )
    assert minimum.due == D("3338.57")  # 4,100 x 18/21 x 0.95


def test_wage_cost_ceiling():
    result = check_premium(
        terms=terms(basis=PremiumBasis.REFERENCE_WAGE, monthly_wage=D("2950")),
        quarter=Q1_2025,
        facts=QuarterFacts(D("21"), D("0"), D("3000.00")),
        parameters=march_params(**PLACEHOLDER),
        paid={MARCH: D("3000.00")},
    )
    assert result.ceiling_applied and result.due == D("3000.00") and result.passed


def test_missing_parameter_is_named():
    result = check_premium(
        terms=terms(basis=PremiumBasis.REFERENCE_WAGE, monthly_wage=D("2950")),
        quarter=Q1_2025,
        facts=QuarterFacts(D("21"), D("0"), D("3000.00")),
        parameters={},
        paid={},
    )
    assert "2025-03: reference_annual_wage" in result.missing and not result.passed


DMFA = {
    "days_worked": D("60"),
    "assimilated_days": D("3"),
    "hours": None,
    "gross_wage": D("8850.00"),
    "employer_contributions": D("2200.00"),
    "reductions": D("300.00"),
}


def test_reconciliation_exact_cent_and_beyond_tolerance():
    exact = reconcile(declared=DMFA, dmfa=DMFA, declared_identity={}, register_identity={}, statements=3)
    assert exact.passed and len(exact.lines) == 5  # hours not in the DmfA: not compared
    cent = reconcile(
        declared={**DMFA, "gross_wage": D("8849.99")}, dmfa=DMFA, declared_identity={}, register_identity={},
        statements=3,
    )  # fmt: skip
    assert cent.passed
    assert [line.difference for line in cent.lines if line.field == "gross_wage"] == [D("0.01")]
    beyond = reconcile(
        declared={**DMFA, "gross_wage": D("8950.00"), "days_worked": D("61")},
        dmfa=DMFA,
        declared_identity={"last_name": "Janssens", "birth_date": date(1990, 5, 15)},
        register_identity={"last_name": "JANSSENS", "birth_date": date(1990, 5, 16)},
        statements=3,
    )
    assert not beyond.passed
    found = {line.field: (line.difference, line.direction) for line in beyond.differences}
    assert found == {
        "days_worked": (D("-1"), "declared_more"),
        "gross_wage": (D("-100.00"), "declared_more"),
        "birth_date": (None, "different"),
    }


def test_reconciliation_without_statement_fails():
    assert not reconcile(declared={}, dmfa=DMFA, declared_identity={}, register_identity={}, statements=0).passed


def test_a_parameter_needs_codes_or_an_amount():
    from django.core.exceptions import ValidationError

    import pytest

    from dmfa.models import ProgrammeParameter

    codes = ProgrammeParameter(programme="GECO", key="assimilated_codes", codes=["abc"], valid_from=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="service codes"):
        codes.clean()
    amount = ProgrammeParameter(programme="GECO", key="employer_share", valid_from=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="amount"):
        amount.clean()
