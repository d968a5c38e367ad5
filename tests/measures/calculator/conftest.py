"""Fixtures of the calculator tests: the shipped catalogue read once into a rule book (plain values)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import translation

import pytest

from measures.calculator.rules import rule_book
from measures.calculator.values import EmployerProfile, Hire

_BOOK = {}


@pytest.fixture
def shipped_book(db):
    """The rule book of measures/data/measures.yaml, in English: read once per test process (it is plain values),
    so the catalogue is loaded into each test's database only the first time."""
    from measures.demo import DATA_FILE
    from measures.loader import load

    if "book" not in _BOOK:
        with translation.override("en"), transaction.atomic():
            load(DATA_FILE)
            _BOOK["book"] = rule_book()
            transaction.set_rollback(True)
    return _BOOK["book"]


def make_employer(**values) -> EmployerProfile:
    seat = values.pop("seat", "BRU")
    defaults = {
        "label": "test employer",
        "employer_type": "private",
        "category_codes": ("010",),
        "nace_codes": ("62010",),
        "importance_code": 2,
        "seats": (("2000000339", seat),),
        "structural_category": 1,
    }
    if "categories" in values:
        values["category_codes"] = tuple(values.pop("categories"))
    return EmployerProfile(**{**defaults, **values})


def make_hire(**values) -> Hire:
    defaults = {
        "start_date": datetime.date(2025, 1, 1),
        "birth_date": datetime.date(1990, 5, 1),
        "work_fraction": Decimal("1"),
        "gross_monthly_wage": Decimal("2800"),
        "domicile_region": "BRU",
        "seat_region": "BRU",
    }
    merged = {**defaults, **values}
    for name in ("work_fraction", "gross_monthly_wage"):
        merged[name] = Decimal(str(merged[name]))
    return Hire(**merged)


#: The POST fields of a full-time worker aged 30, 2,800 EUR gross a month, from 1 January 2025, living in Brussels.
HIRE_FIELDS = {
    "label": "",
    "start_date": "2025-01-01",
    "birth_date": "1995-01-01",
    "work_percent": "100",
    "weekly_hours": "",
    "reference_weekly_hours": "",
    "gross_monthly_wage": "2800",
    "contract": "open_ended",
    "contract_months": "",
    "domicile_region": "BRU",
    "jobseeker_since": "",
    "jobseeker_office": "",
    "qualification": "",
    "operating_seat": "",
    "joint_committee": "",
    "hire_rank": "",
}


def hire_data(index: int = 0, **overrides) -> dict:
    """The calculator form's POST fields of one hire (HIRE_FIELDS by default)."""
    return {f"hire-{index}-{name}": value for name, value in {**HIRE_FIELDS, **overrides}.items()}
