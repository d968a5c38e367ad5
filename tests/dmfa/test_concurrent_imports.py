"""Several DmfA files imported at once by two real Celery worker processes (CI's PostgreSQL pass): no declaration
lost, none duplicated, the newer version current, whatever order the workers take the files in.

The files share employer quarters, and two of them meet their employers in opposite orders, so that the workers wait
for each other (and may deadlock, after which one file is run again whole)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

import pytest

pytestmark = [pytest.mark.real_services, pytest.mark.real_celery, pytest.mark.django_db(transaction=True)]

PERSONS = int(os.environ.get("PORTAL_CONCURRENT_PERSONS", "1500"))  # per form
ROOT = Path(__file__).resolve().parents[2]
A = ("123456749", "0812345603")
B = ("134567808", "0823456754")


def form(employer, quarter, reference: str, day: int, first: int):
    from dmfa.xmlwriter import FormLine
    from tests.benchmarks.test_bench_dmfa_import import generated_insz
    from tests.dmfa.factories import person_line

    return FormLine(
        quarter=quarter,
        registration_number=employer[0],
        enterprise_number=employer[1],
        reference=reference,
        created_at=timezone.make_aware(dt.datetime(2025, 7, day, 12)),
        net_owed_amount=Decimal("1000"),
        persons=[person_line(generated_insz(first + index)) for index in range(PERSONS)],
    )


def start_worker(name: str, queue: str, env: dict) -> subprocess.Popen:
    celery = str(Path(sys.executable).parent / "celery")
    options = ["--pool", "solo", "--prefetch-multiplier", "1", "-Q", queue, "-n", name, "--loglevel", "WARNING"]
    return subprocess.Popen(
        [celery, "-A", "portal", "worker", *options],
        cwd=ROOT,
        env=env,
    )


def test_two_workers_import_several_files_without_a_lost_or_duplicated_declaration(postgres_db, redis_url, tmp_path):
    from django.db import connection

    from dmfa import services, tasks
    from dmfa.constants import ImportSource
    from dmfa.models import EmployerDeclaration, ImportJob, NaturalPerson
    from dmfa.xmlwriter import write_dmfa
    from foundation.quarters import Quarter
    from portal.celery import app

    q1, q2 = Quarter(2025, 1), Quarter(2025, 2)
    files = {
        "one.xml": [form(A, q1, "A-OLD", 1, 0), form(B, q1, "B-1", 2, 10_000)],
        "two.xml": [form(B, q1, "B-1", 2, 10_000), form(A, q1, "A-NEW", 20, 20_000)],  # B before A: opposite order
        "three.xml": [form(A, q2, "A-2", 3, 30_000), form(B, q2, "B-2", 4, 40_000)],
        "four.xml": [form(B, q2, "B-2", 4, 40_000), form(A, q1, "A-OLD", 1, 0)],
    }
    jobs = []
    for name, forms in files.items():
        path = tmp_path / name
        write_dmfa(path, forms)
        jobs.append(
            services.create_job(
                source=ImportSource.COMMAND, file_name=name, path=str(path), file_size=path.stat().st_size
            )
        )

    db = connection.settings_dict
    queue = f"concurrent-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
    }
    names = [f"import-{index}-{uuid.uuid4().hex[:8]}@test" for index in (1, 2)]
    workers = [start_worker(name, queue, env) for name in names]
    try:
        deadline = time.monotonic() + 60
        while len(app.control.ping(destination=names, timeout=1)) < 2:
            assert time.monotonic() < deadline, "the two workers did not start"
        results = [tasks.import_file.apply_async((job.pk,), queue=queue) for job in jobs]
        outcomes = [result.get(timeout=300) for result in results]
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)

    assert [outcome["status"] for outcome in outcomes] == ["succeeded"] * 4, outcomes
    for job in jobs:
        job.refresh_from_db()
    # Both workers imported at the same time: at least two jobs ran over a common stretch of time.
    assert any(
        first.started_at < second.finished_at and second.started_at < first.finished_at
        for index, first in enumerate(jobs)
        for second in jobs[index + 1 :]
    )
    # Five distinct declarations in seven forms: each stored once, the two repeats counted unchanged.
    references = sorted(EmployerDeclaration.objects.values_list("form_reference", flat=True))
    assert references == ["A-2", "A-NEW", "A-OLD", "B-1", "B-2"]
    assert sum(job.declarations_created for job in jobs) == 5
    assert sum(job.declarations_unchanged for job in jobs) == 3
    current = dict(
        EmployerDeclaration.objects.filter(is_current=True).values_list("form_reference", "quarter").order_by()
    )
    assert set(current) == {
        "A-NEW",
        "B-1",
        "A-2",
        "B-2",
    }  # the newer version of A's first quarter, whichever came first
    old = EmployerDeclaration.objects.get(form_reference="A-OLD")
    assert old.replaced_by.form_reference == "A-NEW"
    assert NaturalPerson.objects.count() == 5 * PERSONS
    assert all(declaration.person_count == PERSONS for declaration in EmployerDeclaration.objects.all())
    assert ImportJob.objects.filter(status="succeeded").count() == 4
