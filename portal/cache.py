"""The Redis cache, bypassed while Redis is down: a read is a miss, a write is dropped, and the page is still served.

Django's RedisCache raises on a lost connection, which made every page that touches the cache (the catalogue, the
throttles, the look-up's rate limit, allauth's rate limits) answer 500 while Redis was down.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
#: How often, in seconds, a process says again that the cache is down.
WARN_EVERY = 60
_last_warning = 0.0


def _bypassed(operation: str, exc: Exception) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning > WARN_EVERY:
        _last_warning = now
        logger.warning("cache unavailable (%s: %s): bypassed", operation, exc)


class ResilientRedisCacheClient(RedisCacheClient):
    def _guard(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except UNAVAILABLE as exc:
            _bypassed(operation, exc)
            return default

    def add(self, key, value, timeout):
        return self._guard("add", False, super().add, key, value, timeout)

    def get(self, key, default):
        return self._guard("get", default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._guard("set", None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._guard("touch", False, super().touch, key, timeout)

    def delete(self, key):
        return self._guard("delete", False, super().delete, key)

    def get_many(self, keys):
        return self._guard("get_many", {}, super().get_many, keys)

    def has_key(self, key):
        return self._guard("has_key", False, super().has_key, key)

    def incr(self, key, delta):
        return self._guard("incr", delta, super().incr, key, delta)

    def set_many(self, data, timeout):
        return self._guard("set_many", None, super().set_many, data, timeout)

    def delete_many(self, keys):
        return self._guard("delete_many", None, super().delete_many, keys)

    def clear(self):
        return self._guard("clear", False, super().clear)


class ResilientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` whose operations fall back to a miss while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
