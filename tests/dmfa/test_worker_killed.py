"""A Celery worker killed in the middle of a DmfA import (issue 16, build item 7): the job becomes "failed:
interrupted, nothing changed", nothing of the file is stored, and importing it again gives the result of a clean
import. CI's PostgreSQL pass: a real worker process on this test's own queue, killed with SIGKILL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.real_services, pytest.mark.real_celery, pytest.mark.django_db(transaction=True)]

PERSONS = int(os.environ.get("PORTAL_FAULT_PERSONS", "20000"))
ROOT = Path(__file__).resolve().parents[2]


def test_a_killed_worker_leaves_a_failed_job_and_a_rerun_gives_the_same_result(postgres_db, redis_url, tmp_path):
    from django.db import connection

    from dmfa import services, tasks
    from dmfa.constants import ImportSource
    from dmfa.models import EmployerDeclaration, ImportJob, NaturalPerson
    from foundation.imports import ImportStatus
    from tests.benchmarks.test_bench_dmfa_import import write_file

    path = write_file(tmp_path, PERSONS)
    job = services.create_job(
        source=ImportSource.COMMAND, file_name=path.name, path=str(path), file_size=path.stat().st_size
    )
    db = connection.settings_dict
    queue = f"killed-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
    }
    celery = str(Path(sys.executable).parent / "celery")
    worker = subprocess.Popen(
        [celery, "-A", "portal", "worker", "--pool", "solo", "-Q", queue, "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
    )
    try:
        tasks.import_file.apply_async((job.pk,), queue=queue)
        deadline = time.monotonic() + 120
        while ImportJob.objects.get(pk=job.pk).status != ImportStatus.RUNNING:
            assert time.monotonic() < deadline, "the worker never started the import"
            time.sleep(0.05)
        time.sleep(0.5)  # into the file
    finally:
        worker.kill()
        worker.wait(timeout=20)
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING, "the import finished before the worker was killed: raise PERSONS"

    assert ImportJob.objects.fail_stale(job_ids=[job.pk], now=job.started_at + _minutes(10**6)) == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.errors[0]["message"].startswith("failed: interrupted")
    assert not NaturalPerson.objects.exists() and not EmployerDeclaration.objects.exists()

    rerun = services.import_path(path=path)
    assert (rerun.status, rerun.persons, rerun.declarations_created) == (ImportStatus.SUCCEEDED, PERSONS, 1)
    assert NaturalPerson.objects.count() == PERSONS


def _minutes(count: int):
    from datetime import timedelta

    return timedelta(minutes=count)
