"""Factories of the dmfa tests: generated DmfA files (through the project's writer) and their import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from dmfa import services
from dmfa.xmlwriter import (
    FormLine,
    OccupationLine,
    PersonLine,
    RemunerationLine,
    ServiceLine,
    WorkerRecordLine,
    write_dmfa,
)
from foundation.quarters import Quarter, quarter_range

EMPLOYER_A = ("123456749", "0812345603")


def person_line(insz: str, *, wage: Decimal = Decimal("3250.00")) -> PersonLine:
    occupation = OccupationLine(
        starting_date=dt.date(2020, 1, 1),
        joint_committee="200",
        days_per_week=Decimal("5"),
        part_time=False,
        worker_hours=Decimal("38"),
        reference_hours=Decimal("38"),
        services=[ServiceLine(1, Decimal("63"), Decimal("478.8")), ServiceLine(50, Decimal("2"), Decimal("15.2"))],
        remunerations=[RemunerationLine(1, wage * 3)],
    )
    return PersonLine(insz=insz, worker_records=[WorkerRecordLine(worker_code=495, occupations=[occupation])])


def write_quarters(path: Path, *, insz_numbers: list[str], start: Quarter, end: Quarter, employer=EMPLOYER_A) -> Path:
    forms = [
        FormLine(
            quarter=quarter,
            registration_number=employer[0],
            enterprise_number=employer[1],
            reference=f"T-{employer[0]}-{quarter}",
            created_at=timezone.make_aware(dt.datetime.combine(quarter.last_day, dt.time(12))),
            net_owed_amount=Decimal("1000"),
            persons=[person_line(insz) for insz in insz_numbers],
        )
        for quarter in quarter_range(start, end)
    ]
    write_dmfa(path, forms)
    return path


def import_quarters(tmp_path: Path, **kwargs):
    job = services.import_path(path=write_quarters(tmp_path / "generated.xml", **kwargs))
    assert job.status == "succeeded", job.errors
    return job
