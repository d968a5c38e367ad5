"""Benchmarks of the GECO/DSP controls (printed by `make bench`; run them on PostgreSQL; they never fail on time).

The issue's targets: the controls of one employer with 5,000 workers over 5 quarters (headcount: four reference
quarters and the quarter controlled) under 2 s; a quarter's batch of 2,000 jobs under 60 s. The DmfA rows are
written with bulk inserts (the importer has its own benchmark).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from decimal import Decimal

from django.utils import timezone

import pytest

from authz.models import Institution
from dmfa.constants import ImportSource, PremiumBasis, Programme
from dmfa.controls import runner
from dmfa.models import (
    ControlResult,
    EmployerDeclaration,
    ImportJob,
    MonthlyStatement,
    NaturalPerson,
    Occupation,
    Remuneration,
    Service,
    SubsidisedJob,
    WorkerRecord,
)
from foundation.imports import ImportStatus
from foundation.quarters import Quarter, quarter_range
from tests.benchmarks.conftest import summary, timings
from tests.benchmarks.test_bench_dmfa_import import generated_insz

pytestmark = pytest.mark.django_db

WORKERS = int(os.environ.get("CONTROLS_BENCH_WORKERS", "5000"))
BATCH_JOBS = int(os.environ.get("CONTROLS_BENCH_JOBS", "2000"))
EMPLOYER = "123456749"
QUARTERS = quarter_range(Quarter(2024, 1), Quarter(2025, 1))
CONTROLLED = Quarter(2025, 1)


def load_employer(workers: int) -> list[str]:
    """An employer's five declarations with ``workers`` persons each (one occupation, two services, a wage)."""
    job = ImportJob.objects.create(source=ImportSource.COMMAND, file_name="bench", status=ImportStatus.SUCCEEDED)
    numbers = [generated_insz(index) for index in range(workers)]
    for quarter in QUARTERS:
        declaration = EmployerDeclaration.objects.create(
            import_job=job, form_reference=f"B{quarter}", form_created_at=timezone.now(), quarter=quarter,
            registration_number=EMPLOYER, enterprise_number="0812345603", net_owed_amount=Decimal(0),
            person_count=workers, trusteeship=False,
        )  # fmt: skip
        persons = NaturalPerson.objects.bulk_create(
            NaturalPerson(declaration=declaration, sequence_number=i + 1, insz=insz) for i, insz in enumerate(numbers)
        )
        records = WorkerRecord.objects.bulk_create(
            WorkerRecord(person=person, employer_class="000", worker_code="495", quarter_start=quarter.first_day,
                         quarter_end=quarter.last_day, frontier_worker=False)
            for person in persons
        )  # fmt: skip
        occupations = Occupation.objects.bulk_create(
            Occupation(worker_record=record, sequence_number=1, starting_date=dt.date(2020, 1, 1),
                       joint_committee="200", working_days_system=Decimal(5), contract_type=0,
                       mean_working_hours=Decimal(38) if i % 4 else Decimal(19),
                       reference_mean_working_hours=Decimal(38), retired=False)
            for i, record in enumerate(records)
        )  # fmt: skip
        Service.objects.bulk_create(
            service
            for occupation in occupations
            for service in (
                Service(occupation=occupation, sequence_number=1, code="001", days=Decimal(60), hours=Decimal(456)),
                Service(occupation=occupation, sequence_number=2, code="050", days=Decimal(4), hours=Decimal("30.4")),
            )
        )
        Remuneration.objects.bulk_create(
            Remuneration(occupation=occupation, sequence_number=1, code="001", amount=Decimal("9000.00"))
            for occupation in occupations
        )
    return numbers


def add_jobs(numbers: list[str]) -> list[SubsidisedJob]:
    bgda = Institution.objects.get(code="BGDA")
    jobs = SubsidisedJob.objects.bulk_create(
        SubsidisedJob(institution=bgda, reference=f"J{i}", registration_number=EMPLOYER, insz=insz,
                      programme=Programme.GECO, start_date=dt.date(2025, 1, 1), days_per_week=Decimal(5),
                      worker_hours=Decimal(38), reference_hours=Decimal(38), joint_committee="200",
                      basis=PremiumBasis.FIXED)
        for i, insz in enumerate(numbers)
    )  # fmt: skip
    MonthlyStatement.objects.bulk_create(
        MonthlyStatement(job=job, month=month, days_worked=Decimal(20), assimilated_days=Decimal(0),
                         hours=Decimal(152), gross_wage=Decimal(3000), employer_contributions=Decimal(0),
                         reductions=Decimal(0), premium_paid=Decimal("400"))
        for job in jobs
        for month in (dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1))
    )  # fmt: skip
    return jobs


def test_controls_of_one_employer_with_5000_workers_over_5_quarters(report):
    started = time.perf_counter()
    numbers = load_employer(WORKERS)
    report(
        "controls data",
        f"{WORKERS} workers x {len(QUARTERS)} quarters written in {time.perf_counter() - started:.1f} s",
    )
    (job,) = add_jobs(numbers[:1])
    results = []
    samples = timings(lambda: results.append(runner.controls_for(job, CONTROLLED, runner.EmployerCache())), repeat=5)
    assert [control.kind for control in results[-1]] == ["headcount", "premium", "reconciliation"]
    report(f"controls of one job, employer with {WORKERS} workers over {len(QUARTERS)} quarters (target < 2 s)",
           summary(samples))  # fmt: skip


def test_a_quarter_batch_of_2000_jobs(report):
    numbers = load_employer(max(WORKERS, BATCH_JOBS))
    jobs = add_jobs(numbers[:BATCH_JOBS])
    run = runner.start_run(
        institution_id=jobs[0].institution_id, quarter=CONTROLLED, job_ids=[job.pk for job in jobs], user=None
    )
    started = time.perf_counter()
    run = runner.execute_run(run=run)
    elapsed = time.perf_counter() - started
    assert run.status == "succeeded" and ControlResult.objects.count() == 3 * BATCH_JOBS
    report(
        f"quarter batch of {BATCH_JOBS} jobs (target < 60 s)",
        f"{elapsed:.1f} s ({elapsed / BATCH_JOBS * 1000:.1f} ms a job)",
    )
