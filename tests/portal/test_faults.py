"""Faults (issue 16, build item 7): Redis down (pages still served, the cache bypassed, imports refused with a clear
message) and the database connection dropped in the middle of an import (the file all or nothing).

The Redis tests start a Redis server of their own on a free loopback port and stop it; the shared one is never
touched. The PostgreSQL tests run in CI's PostgreSQL pass (marker real_services)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from tests.authz.helpers import log_in_with_mfa
from tests.dmfa.conftest import FIXTURES
from tests.portal.factories import UserFactory


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resilient_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "faults",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_the_cache_is_bypassed_while_redis_cannot_be_reached(settings):
    from django.core.cache import cache

    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    cache.set("key", "value", 30)
    assert cache.get("key", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {} and cache.add("key", 1) is False


@pytest.mark.django_db
def test_pages_and_the_api_are_served_while_redis_cannot_be_reached(client, settings):
    settings.CACHES = resilient_cache(f"redis://127.0.0.1:{free_port()}/0")
    assert client.get("/en/measures/").status_code == 200
    assert client.get("/api/v1/measures/").status_code == 200  # the throttles' counters bypassed too
    assert client.get("/en/employer-category/?number=0403019261").status_code in (200, 404)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, on a free port, stopped by the test or at the end."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url, socket_connect_timeout=0.2).ping()
            break
        except redis.exceptions.ConnectionError:
            time.sleep(0.05)
    yield url, process
    process.kill()
    process.wait(timeout=5)


@pytest.mark.real_services
@pytest.mark.django_db
def test_redis_stopped_mid_run_pages_still_served_imports_refused(client, settings, own_redis, tmp_path):
    from portal.celery import app

    url, server = own_redis
    settings.CACHES = resilient_cache(url)
    settings.MEDIA_ROOT = tmp_path
    # The app reads its settings under the CELERY_ namespace (see tests/conftest.py).
    names = ("CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL")
    saved = {name: app.conf.get(name) for name in names}
    app.conf.update(dict(zip(names, (False, url, url), strict=True)))
    try:
        assert client.get("/en/measures/").status_code == 200
        server.terminate()
        server.wait(timeout=5)
        assert client.get("/en/measures/").status_code == 200
        assert client.get("/api/v1/measures/").status_code == 200

        from dmfa.models import ImportJob

        log_in_with_mfa(client, UserFactory(is_staff=True, is_superuser=True))
        content = (FIXTURES / "valid_two_forms.xml").read_bytes()
        response = client.post(
            "/admin/dmfa/importjob/upload/",
            {"file": SimpleUploadedFile("dmfa.xml", content, content_type="text/xml")},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 503
        assert "The import queue cannot be reached" in response.content.decode()
        assert not ImportJob.objects.exists() and not list(tmp_path.rglob("*.xml"))
    finally:
        app.conf.update(saved)


@pytest.mark.real_services
@pytest.mark.django_db(transaction=True)
def test_the_database_connection_dropped_mid_import_stores_nothing(postgres_db, monkeypatch):
    """The connection of the import is terminated by the server after its first batch: nothing of the file is stored,
    and importing the file again stores it whole, as a clean import does."""
    from django.db import connection

    import psycopg

    from dmfa import services
    from dmfa.models import EmployerDeclaration, NaturalPerson

    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    original = services._flush
    calls = {"n": 0}

    def flush_then_drop(counts, writer):
        original(counts, writer)
        calls["n"] += 1
        if calls["n"] == 1:
            pid = connection.connection.info.backend_pid
            settings = connection.settings_dict
            other = psycopg.connect(
                host=settings["HOST"],
                port=settings["PORT"] or 5432,
                user=settings["USER"],
                dbname=settings["NAME"],
                password=settings["PASSWORD"] or None,
                autocommit=True,
            )
            with other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])

    monkeypatch.setattr(services, "_flush", flush_then_drop)
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises for a connection killed
        services.import_path(path=FIXTURES / "valid_two_forms.xml")
    connection.close()
    # The connection was dropped after the first batch; the parse may hand a batch or two more to the writer thread
    # before the writer's failure reaches it (the queue holds two).
    assert calls["n"] >= 1
    assert not NaturalPerson.objects.exists() and not EmployerDeclaration.objects.exists()

    monkeypatch.setattr(services, "_flush", original)
    job = services.import_path(path=FIXTURES / "valid_two_forms.xml")
    assert job.status == "succeeded" and NaturalPerson.objects.count() == job.persons > 0
