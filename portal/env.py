"""Reads every environment setting through one helper, so each has a default and a description."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

import environ

_env = environ.Env()


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    description: str


#: Every environment setting the portal reads, in the order it reads them (the README lists them too).
REGISTRY: dict[str, Setting] = {}


def setting(name: str, *, default: Any, description: str, cast: Callable[[str], Any] | None = None) -> Any:
    """Return the environment value of ``name`` (cast), or ``default`` when it is unset or empty."""
    REGISTRY[name] = Setting(name=name, default=default, description=description)
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    if cast is None:
        return raw
    try:
        return cast(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None


def as_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {raw!r} (use 1/0, true/false, yes/no or on/off)")


def as_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


SUPPORTED_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")


def database_config(url: str) -> dict[str, Any]:
    """Parse a DATABASE_URL with django-environ; the portal supports PostgreSQL and SQLite only."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL: unsupported scheme {scheme!r} (use postgres://user@host:port/name or sqlite:///path)"
        )
    return _env.db_url_config(url)


def email_config(url: str) -> dict[str, Any]:
    """Parse an EMAIL_URL (smtp://...) into Django's EMAIL_* settings."""
    return _env.email_url_config(url)
