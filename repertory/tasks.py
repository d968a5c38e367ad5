"""Celery tasks of the repertory app: thin wrappers over repertory.services."""

from celery import shared_task

from repertory import services


@shared_task(name="repertory.run_import")
def run_import(job_id: int) -> str:
    return services.run_import_job(job_id=job_id).status


@shared_task(name="repertory.fail_stale_imports")
def fail_stale_imports() -> int:
    """Run by Celery beat (CELERY_BEAT_SCHEDULE): fail the imports a killed worker left running."""
    return services.fail_stale_imports()
