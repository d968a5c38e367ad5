"""Celery tasks of the authz app: the periodic verification of the disclosure log."""

from celery import shared_task

from authz.services import record_verification


@shared_task(name="authz.verify_disclosures")
def verify_disclosures() -> dict:
    result = record_verification()
    return {"intact": result.intact, "count": result.count, "first_broken": result.first_broken_position}
