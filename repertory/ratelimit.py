"""Counts requests per client in the cache, in fixed windows, against limits such as "20/m,200/d"."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def parse_limits(text: str) -> list[Limit]:
    """'20/m,200/d' -> [Limit(20, 60), Limit(200, 86400)]."""
    limits = []
    for part in filter(None, (chunk.strip() for chunk in text.split(","))):
        count, _sep, period = part.partition("/")
        if not count.isdigit() or period not in _PERIODS:
            raise ImproperlyConfigured(f"rate limit {part!r}: use count/period with period s, m, h or d")
        limits.append(Limit(int(count), _PERIODS[period]))
    return limits


def client_id(request) -> str:
    """The client's address as the server saw it (a trusted proxy in front must set REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(*, scope: str, client: str, limits: list[Limit]) -> int | None:
    """Count one request; return the seconds to wait when a limit is exceeded, else None."""
    now = int(time.time())
    wait = None
    for limit in limits:
        window = now // limit.seconds
        key = f"ratelimit:{scope}:{client}:{limit.seconds}:{window}"
        cache.add(key, 0, timeout=limit.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.seconds + 1)
            count = 1
        if count > limit.count:
            wait = max(wait or 0, (window + 1) * limit.seconds - now)
    return wait
