"""Celery tasks of the dmfa app: thin wrappers over the services."""

from celery import shared_task

from dmfa import services
from dmfa.models import ImportJob


@shared_task(name="dmfa.import_file")
def import_file(job_id: int) -> dict:
    """Import the file of an ImportJob (an admin upload); the job records status, counts and errors."""
    job = services.run_import(job=ImportJob.objects.get(pk=job_id))
    return {"status": job.status, "persons": job.persons, "errors": len(job.errors)}


@shared_task(name="dmfa.run_controls")
def run_controls(run_id: int) -> dict:
    """Run a batch of GECO/DSP controls (the jobs the gate granted when the agent started it)."""
    from dmfa.controls.runner import execute_run
    from dmfa.models import ControlRun

    run = execute_run(run=ControlRun.objects.get(pk=run_id))
    return {"status": run.status, "done": run.done}
