"""Fixtures shared by the whole suite: isolated cache per test, eager Celery, real-service guards."""

from __future__ import annotations

import os
import uuid

import pytest

from portal.celery import app as celery_app


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Give every test a cache of its own (a fresh key prefix), also on a Redis shared by parallel workers."""
    caches = {alias: dict(config) for alias, config in settings.CACHES.items()}
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    for config in caches.values():
        config["KEY_PREFIX"] = prefix
        if config["BACKEND"].endswith("LocMemCache"):
            config["LOCATION"] = prefix
    settings.CACHES = caches


@pytest.fixture(autouse=True)
def _own_checkpoint_folder(settings, tmp_path_factory):
    """Every test signs its checkpoints into a folder of its own: a checkpoint of another test's chain would not
    match this test's (each test starts from an empty log). The folder is made only when a checkpoint is written."""
    settings.DISCLOSURE_CHECKPOINT_DIR = str(tmp_path_factory.getbasetemp() / "checkpoints" / uuid.uuid4().hex)


@pytest.fixture(scope="session", autouse=True)
def _flush_may_truncate_the_log():
    """The test runner's own flush (after each transactional test) may empty the disclosure log and its chain head.

    On PostgreSQL their triggers (migration authz/0011) let TRUNCATE through only in a test_... database and only in
    a transaction that sets portal.test_flush; the flush's statements run in one transaction, so the setting is set
    locally ahead of them, and nothing else in the suite gets it.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET LOCAL portal.test_flush = 'on'", *statements] if statements else statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


#: The suite's password hasher: a hash in microseconds, where the production hasher takes a deliberate half second
#: (the demo's accounts, every factory user and every log-in paid it). What a test proves about accounts does not
#: depend on the hash's cost; no test asserts the production algorithm.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """One fast hasher for the whole test process (override_settings clears Django's cached hasher list)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """No API throttle holds a test up (a hypothesis test calls an endpoint hundreds of times); the throttle tests set
    their own low rates (tests/portal/test_throttles.py)."""
    settings.API_THROTTLE_RATES = dict.fromkeys(settings.API_THROTTLE_RATES, "1000000/min")


@pytest.fixture(autouse=True)
def _fresh_register_copy():
    """Each test starts without the gate's copy of the register rows (a test may edit a row in place)."""
    from authz.services import register_changed

    register_changed()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Run each test in English unless a request picks a language: no test sees the language another left active."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Run tasks in the caller unless a test asks for the real broker and worker (marker ``real_celery``)."""
    if request.node.get_closest_marker("real_celery"):
        yield
        return
    # The app reads its settings under the CELERY_ namespace: ``conf.task_always_eager = True`` would not stick.
    previous = celery_app.conf.task_always_eager
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = True
    assert celery_app.conf.task_always_eager
    yield
    celery_app.conf.CELERY_TASK_ALWAYS_EAGER = previous


def _unreachable(reason: str) -> None:
    """Fail under CI (the servers must be there), skip elsewhere; either way say why."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def redis_url() -> str:
    """The REDIS_URL of a reachable Redis server; skips when none is configured."""
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set: this test needs a Redis server (CI sets one in its second run)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as exc:
        _unreachable(f"Redis at {url} cannot be reached: {exc}")
    return url


@pytest.fixture
def celery_worker_queue(redis_url):
    """Start a real Celery worker on a queue of this test's own and give its name.

    The test processes run in parallel on one Redis: on the default queue one process's worker would take the
    other's tasks (and run them without that process's test database). Send tasks with ``queue=`` this name.
    """
    from celery.contrib.testing.worker import start_worker

    queue = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{uuid.uuid4().hex[:12]}"
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING", queues=[queue]):
        yield queue


@pytest.fixture
def postgres_db(db):
    """Skip unless the tests run on PostgreSQL (DATABASE_URL=postgres://...)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("this test needs PostgreSQL (set DATABASE_URL=postgres://...; CI does in its second run)")
    return connection


def ensure_seed_data() -> None:
    """Re-run the data migrations' seeds (idempotent): a transactional test's flush empties those tables."""
    from importlib import import_module

    from django.apps import apps

    from authz.models import ProcessingActivity

    if ProcessingActivity.objects.filter(code="account-admin").exists():
        return
    for module in (
        "authz.migrations.0003_seed_register",
        "authz.migrations.0005_reference_directory_admin_activity",
        "authz.migrations.0007_benefit_calculator_activity",
        "authz.migrations.0009_register_v2_categories_and_institutions",
        "authz.migrations.0011_hashed_api_tokens_account_admin",
        "dmfa.migrations.0004_programme_parameters",
        "dmfa.migrations.0005_register_headcount_activity",
        "jobseekers.migrations.0002_register_activities",
    ):
        import_module(module).seed(apps, None)


@pytest.fixture(autouse=True)
def _seed_data(request):
    """Every test with database access starts with the seeded register, institutions and quality codes."""
    import unittest

    if request.instance is not None and isinstance(request.instance, unittest.TestCase):
        return
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    transactional = bool(
        (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
        or {"transactional_db", "live_server"} & fixtures
    )
    if not (marker or {"db", "transactional_db", "live_server"} & fixtures):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    ensure_seed_data()
