"""Round trips through the real Redis cache and a real Celery worker (CI's second run sets REDIS_URL)."""

import uuid

from django.core.cache import cache

import pytest

from portal.celery import app
from portal.tasks import ping


def test_value_round_trips_through_the_redis_cache(redis_url, settings):
    assert settings.CACHES["default"]["BACKEND"] == "portal.cache.ResilientRedisCache"
    key, value = f"round-trip:{uuid.uuid4().hex}", {"amount": "12.34"}
    cache.set(key, value, timeout=30)
    import redis

    raw_keys = redis.Redis.from_url(redis_url).keys(f"*{key}")
    assert len(raw_keys) == 1
    assert cache.get(key) == value


@pytest.mark.real_celery
def test_task_runs_on_a_real_worker_through_the_redis_broker(redis_url, celery_worker_queue):
    assert app.conf.broker_url == redis_url
    assert not app.conf.task_always_eager
    token = uuid.uuid4().hex
    result = ping.apply_async((token,), queue=celery_worker_queue)
    assert result.get(timeout=20) == token
    assert result.successful()
