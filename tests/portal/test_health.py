"""The /healthz endpoint."""

import pytest

from portal import health


@pytest.mark.django_db
def test_healthz_all_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_names_what_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "check_cache", lambda: health.Check("cache", False, "connection refused"))
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["cache"]
    assert body["checks"]["cache"]["detail"] == "connection refused"


@pytest.mark.django_db
def test_database_check_reports_failure(monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("could not connect to server\nsecond line")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    check = health.check_database()
    assert not check.ok
    assert check.detail == "could not connect to server"


def test_broker_check_reports_unreachable_broker():
    from celery import Celery

    app = Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)  # leave the portal app current
    app.conf.broker_transport_options = {"max_retries": 1}
    check = health.check_broker(app)
    assert check.name == "broker"
    assert not check.ok


def test_healthz_rejects_post(client):
    assert client.post("/healthz").status_code == 405
