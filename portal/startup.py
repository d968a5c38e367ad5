"""Turns the failures of a misconfigured environment into one line a person can act on."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.utils import OperationalError as DatabaseOperationalError


def explain_startup_failure(exc: BaseException) -> str | None:
    """Return a one-line explanation for a configuration or connection failure, or None for any other error."""
    if isinstance(exc, ImproperlyConfigured):
        return f"configuration: {exc}"
    if isinstance(exc, DatabaseOperationalError):
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return f"the database cannot be reached (check DATABASE_URL): {first_line}"
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
    except ImportError:  # pragma: no cover - redis is a dependency
        return None
    if isinstance(exc, RedisConnectionError):
        return f"Redis cannot be reached (check REDIS_URL): {exc}"
    return None
