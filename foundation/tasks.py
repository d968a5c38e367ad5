"""Celery tasks of the ground floor: the recovery of every importer's stale jobs (run by beat)."""

from celery import shared_task

from foundation import imports


@shared_task(name="foundation.fail_stale_imports")  # type: ignore[untyped-decorator]  # celery ships no types
def fail_stale_imports() -> int:
    """Fail the import jobs a killed worker left running (or no worker took), whatever their app."""
    return imports.fail_stale_imports()
