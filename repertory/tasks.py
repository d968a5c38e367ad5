"""Celery tasks of the repertory app: thin wrappers over repertory.services."""

from celery import shared_task

from repertory import services


@shared_task(name="repertory.run_import")
def run_import(job_id: int) -> str:
    return services.run_import_job(job_id=job_id).status
