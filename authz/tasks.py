"""Celery tasks of the authz app: the periodic verification of the disclosure log, its signed checkpoints and its
monthly partitions."""

from celery import shared_task

from authz import partitions
from authz.services import checkpoint_chain, record_verification


@shared_task(name="authz.verify_disclosures")
def verify_disclosures(full: bool = False) -> dict:
    """By default from the latest signed checkpoint on (incremental); ``full=True`` recomputes the whole chain."""
    result = record_verification(incremental=not full)
    return {"intact": result.intact, "count": result.count, "first_broken": result.first_broken_position}


@shared_task(name="authz.add_disclosure_partitions")
def add_disclosure_partitions() -> list[str]:
    return partitions.add_partitions()


@shared_task(name="authz.checkpoint_disclosures")
def checkpoint_disclosures() -> dict:
    result = checkpoint_chain()
    return {"intact": result.intact, "position": result.head_position, "first_broken": result.first_broken_position}
