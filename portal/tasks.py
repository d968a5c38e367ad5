"""Tasks of the project package: a ping used by the health check and the broker round-trip test."""

from celery import shared_task


@shared_task(name="portal.ping")
def ping(value: str = "pong") -> str:
    return value
