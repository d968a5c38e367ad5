"""Settings from the environment, the deploy checks and one-line start-up failures (run in subprocesses)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "q8Vz2mW7kR4tY1pL9xC3nB6hJ0dF5gS2aE8uI4oP7zX1cV3bN6",
    "DJANGO_ALLOWED_HOSTS": "portal.example.be",
    "DISCLOSURE_PSEUDONYM_KEY": "Yk3pR8vN1qT6wZ0cH5mJ2xL9bF4sD7gA",
    "DISCLOSURE_CHAIN_KEYS": "k1:Hq7Wm2Xv9Rt4Lp8Zc3Nb6Jd1Fs5Gy0Ua",
    "DISCLOSURE_CHECKPOINT_KEY": "Zm9yLXRlc3RzLW9ubHktMzItYnl0ZXMtb2Yta2V5ISE=",
    "DISCLOSURE_CHECKPOINT_DIR": "/tmp/portal-checkpoints-settings-test",
}


def manage(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    clean.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues_in_production_mode():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DISCLOSURE_PSEUDONYM_KEY",
        "DISCLOSURE_CHAIN_KEYS",
        "DISCLOSURE_CHECKPOINT_KEY",
        "DISCLOSURE_CHECKPOINT_DIR",
    ],
)
def test_production_mode_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: configuration: DJANGO_DEBUG=0 needs {missing} to be set."]


def test_unsupported_database_url_is_one_line():
    result = manage("check", env={"DATABASE_URL": "oracle2://nowhere/db"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: configuration:")


def test_unreachable_database_is_one_line():
    result = manage("migrate", "--check", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: the database cannot be reached (check DATABASE_URL)")


def test_bad_boolean_is_one_line():
    result = manage("check", env={"DJANGO_DEBUG": "maybe"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: configuration: DJANGO_DEBUG: not a boolean: 'maybe' (use 1/0, true/false, yes/no or on/off)"
    ]


def test_embedded_default_uses_sqlite_locmem_and_eager_celery():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"}}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "True",
    ]


def test_environment_switches_to_postgres_and_redis():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portal.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.CELERY_TASK_ALWAYS_EAGER,"
        " s.CELERY_BROKER_URL)"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://u@db.example:5432/p", "REDIS_URL": "redis://cache.example:6379/2"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.split() == [
        "django.db.backends.postgresql",
        "portal.cache.ResilientRedisCache",
        "False",
        "redis://cache.example:6379/2",
    ]


def test_a_web_worker_takes_its_loaded_heap_out_of_the_full_collections():
    """portal/wsgi.py freezes what the worker loaded (gc.freeze); before the import nothing is frozen."""
    code = "import gc; before = gc.get_freeze_count(); import portal.wsgi; print(before, gc.get_freeze_count())"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG"}}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=True
    )
    before, after = map(int, out.stdout.split())
    assert before == 0 and after > 10_000  # Django and the apps: tens of thousands of objects


def test_unreachable_redis_is_one_line():
    result = manage("check", env={"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: Redis cannot be reached (check REDIS_URL)")


def test_web_process_stops_when_redis_is_unreachable():
    code = "import portal.wsgi"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "REDIS_URL": "redis://127.0.0.1:1/0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3  # gunicorn's "worker failed to boot"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: Redis cannot be reached (check REDIS_URL)")


def test_gunicorn_stops_instead_of_restarting_workers_when_the_database_is_unreachable():
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}}
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--bind", "127.0.0.1:0", "--workers", "1"],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert ours == [ours[0]] and "the database cannot be reached (check DATABASE_URL)" in ours[0], result.stderr


def test_runserver_stops_with_one_line_when_the_database_is_unreachable():
    result = manage("runserver", "127.0.0.1:8199", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: the database cannot be reached (check DATABASE_URL)")
