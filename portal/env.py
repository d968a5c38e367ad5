"""Reads every environment setting through one helper, so each has a default and a description."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
    return cast(raw) if cast else raw


def as_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"not a boolean: {raw!r} (use 1/0, true/false, yes/no or on/off)")


def as_list(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_config(url: str) -> dict[str, Any]:
    """Parse a DATABASE_URL with django-environ; unsupported schemes raise ImproperlyConfigured."""
    return _env.db_url_config(url)


def email_config(url: str) -> dict[str, Any]:
    """Parse an EMAIL_URL (smtp://...) into Django's EMAIL_* settings."""
    return _env.email_url_config(url)
