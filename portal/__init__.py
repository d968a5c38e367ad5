"""Project package of the Front Office Tewerkstelling portal."""

from portal.celery import app as celery_app

__all__ = ("celery_app",)
