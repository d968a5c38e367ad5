"""Celery tasks of the authz app: the periodic verification of the disclosure log and its signed checkpoints."""

from celery import shared_task

from authz.services import checkpoint_chain, record_verification


@shared_task(name="authz.verify_disclosures")
def verify_disclosures() -> dict:
    result = record_verification()
    return {"intact": result.intact, "count": result.count, "first_broken": result.first_broken_position}


@shared_task(name="authz.checkpoint_disclosures")
def checkpoint_disclosures() -> dict:
    result = checkpoint_chain()
    return {"intact": result.intact, "position": result.head_position, "first_broken": result.first_broken_position}
