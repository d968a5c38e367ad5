"""Celery tasks of the measures app: saved scenarios re-evaluated after a change of the rules, and their owners told."""

from smtplib import SMTPException

from django.db import OperationalError

from celery import shared_task

from measures.changes import notifications, reevaluation


@shared_task(name="measures.reevaluate_scenarios", bind=True)
def reevaluate_scenarios(self, batch_pk: int) -> dict:
    # The batch's e-mails go to the queue the batch came from (a worker serving other queues would not see them).
    queue = (self.request.delivery_info or {}).get("routing_key") or None
    return reevaluation.run(batch_pk, notice_queue=queue)


# A part writes its evaluations, counts and notices in one transaction at its end: delivered again after a lost worker
# (acks_late) or retried after a dropped database connection, it starts from the state before the batch.
@shared_task(
    name="measures.reevaluate_scenarios_part",
    bind=True,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=3,
)
def reevaluate_scenarios_part(self, batch_pk: int, index: int, owner_ids: list[int], queue: str | None = None) -> dict:
    """One part of a batch (the saved scenarios of some owners): the parts of a batch run on several workers at once;
    the part that ends the batch sends its e-mails."""
    queue = queue or (self.request.delivery_info or {}).get("routing_key") or None
    return reevaluation.run_part(batch_pk, index, owner_ids, notice_queue=queue)


@shared_task(
    name="measures.send_change_notice",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=8,
)
def send_change_notice(notice_pk: int) -> str:
    """Send one change batch's e-mail to one user; retried when the mail server fails, never sent twice."""
    return notifications.send(notice_pk)
