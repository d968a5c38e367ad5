"""People told (issue 18, item 3): one e-mail per change batch to each user whose saved scenarios it moved.

The e-mail is in the user's language (``authz.NoticePreference``, else the portal's), lists the scenarios by their own
label with the old and new total and the difference, and links to each; it names no employer and no other data. A
user who turned the notices off on the "my data" page gets none. Each e-mail is written down (``ChangeNotice``, one per
batch and user) before it is sent and marked sent after: a retry after a failure sends it, a second run does not.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from authz.models import NoticePreference
from measures.models import ChangeBatch, ChangeNotice, Scenario, ScenarioEvaluation

State = ScenarioEvaluation.State


def prepare(*, batch: ChangeBatch, affected: dict[int, list[dict]], queue: str | None = None) -> list[ChangeNotice]:
    """Write the batch's notices (users who turned them off get none) and send each once the batch commits."""
    record(batch=batch, affected=affected)
    return send_when_committed(batch=batch, queue=queue)


def record(*, batch: ChangeBatch, affected: dict[int, list[dict]]) -> None:
    """Write the notices of these users (one per user and batch; users who turned them off get none), unsent."""
    off = set(
        NoticePreference.objects.filter(user_id__in=affected, rule_changes=False).values_list("user_id", flat=True)
    )
    ChangeNotice.objects.bulk_create(
        [
            ChangeNotice(batch=batch, user_id=user_id, scenarios=items)
            for user_id, items in sorted(affected.items())
            if items and user_id not in off
        ],
        ignore_conflicts=True,
    )


def send_when_committed(*, batch: ChangeBatch, queue: str | None = None) -> list[ChangeNotice]:
    """Send every unsent notice of the batch, each by its own task, once the current transaction commits."""
    notices = list(ChangeNotice.objects.filter(batch=batch, sent_at__isnull=True))

    def send_all():
        from measures import tasks

        for notice in notices:
            tasks.send_change_notice.apply_async((notice.pk,), **({"queue": queue} if queue else {}))

    transaction.on_commit(send_all)
    return notices


def language_of(user) -> str:
    preference = NoticePreference.objects.filter(user=user).only("language").first()
    languages = {code for code, _name in settings.LANGUAGES}
    if preference is not None and preference.language in languages:
        return preference.language
    return settings.LANGUAGE_CODE


def _link(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def message(notice: ChangeNotice) -> EmailMultiAlternatives:
    """The e-mail of a notice, in its user's language."""
    user = notice.user
    names = dict(
        Scenario.objects.filter(pk__in=[item["scenario"] for item in notice.scenarios]).values_list("pk", "name")
    )
    with translation.override(language_of(user)):
        rows = []
        for item in notice.scenarios:
            if item["scenario"] not in names:
                continue  # deleted since: nothing to tell
            row = {"name": names[item["scenario"]], "state": item["state"]}
            row["link"] = _link(reverse("measures:scenario", args=[item["scenario"]]))
            if item["state"] == State.MOVED:
                before, after = Decimal(item["before"]), Decimal(item["after"])
                announced = before == after
                if announced:
                    before, after = Decimal(item["announced_before"]), Decimal(item["announced_after"])
                row.update(before=before, after=after, difference=after - before, announced=announced)
            rows.append(row)
        context = {
            "rows": rows,
            "changes_link": _link(reverse("measures:changes")),
            "settings_link": _link(reverse("authz:my-disclosures")),
        }
        subject = render_to_string("measures/changes/email/subject.txt", context).strip()
        body = render_to_string("measures/changes/email/body.txt", context)
    email = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
    email.rows = rows  # what was listed (for the caller; not sent)
    return email


def send(notice_pk: int) -> str:
    """Send the notice unless it was sent already; an exception (the mail server down) leaves it unsent for a retry."""
    with transaction.atomic():
        notice = ChangeNotice.objects.select_for_update().select_related("user").filter(pk=notice_pk).first()
        if notice is None or notice.sent_at is not None:
            return "already sent"
        email = message(notice)
        if email.rows and notice.user.email:
            email.send()
        # Marked in the transaction that holds the row: a second run waits for it, then finds it sent.
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return "sent" if email.rows else "nothing left to tell"
