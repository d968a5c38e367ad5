"""Turns the failures of a misconfigured environment into one line a person can act on."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError as DatabaseOperationalError


def service_problems(*, database: bool = True) -> list[str]:
    """One line per service the portal needs that does not answer (the database, and Redis when configured)."""
    from django.conf import settings

    problems = []
    if database:
        from django.db import connection

        try:
            connection.ensure_connection()
        except DatabaseOperationalError as exc:
            problems.append(f"the database cannot be reached (check DATABASE_URL): {first_line(exc)}")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        except redis.exceptions.RedisError as exc:
            problems.append(f"Redis cannot be reached (check REDIS_URL): {first_line(exc)}")
    return problems


def explain_startup_failure(exc: BaseException) -> str | None:
    """Return a one-line explanation for a configuration or connection failure, or None for any other error."""
    if isinstance(exc, ImproperlyConfigured):
        return f"configuration: {first_line(exc)}"
    if isinstance(exc, DatabaseOperationalError):
        text = first_line(exc)
        if any(hint in text.lower() for hint in ("connect", "unable to open database file", "does not exist")):
            return f"the database cannot be reached (check DATABASE_URL): {text}"
        return f"database error: {text}"
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
    except ImportError:  # pragma: no cover - redis is a dependency
        return None
    if isinstance(exc, RedisConnectionError):
        return f"Redis cannot be reached (check REDIS_URL): {first_line(exc)}"
    return None


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def freeze_loaded_heap() -> None:
    """Take what a web worker has loaded at start (Django, the apps, their modules, settings and translations) out of
    the garbage collector's full collections: those objects live as long as the worker, and every full collection
    walked all of them again. A large calculator request triggers several full collections, each over the whole heap,
    which set its slowest responses (tests/benchmarks/test_calculator.py). Python's own ``gc.freeze``, after one
    collection so that no garbage is frozen with it; new objects are collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()
