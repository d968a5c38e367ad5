"""Checks of the services the portal depends on: database, cache and Celery broker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from foundation.uploads import broker_problem
from portal.startup import first_line


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return Check("database", False, first_line(exc))
    return Check("database", True, connection.vendor)


def check_cache() -> Check:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        value = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        return Check("cache", False, first_line(exc))
    if value != "ok":
        return Check("cache", False, "value written could not be read back")
    return Check("cache", True, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1])


def check_broker(app=None) -> Check:
    if app is None:
        from portal.celery import app
    if app.conf.task_always_eager:
        return Check("broker", True, "eager (tasks run in the web process)")
    problem = broker_problem(app)
    if problem is not None:
        return Check("broker", False, problem)
    return Check("broker", True, app.conf.broker_url.split("://", 1)[0])


def run_checks() -> list[Check]:
    return [check_database(), check_cache(), check_broker()]
