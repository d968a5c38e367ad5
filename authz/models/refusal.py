"""Refusals that name no subject the log could hold, counted per day, route, role and reason (issue 16, finding 6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from authz.constants import ActorRole


class RefusalCount(models.Model):
    """How many requests a route refused on a day, by the requester's real role and the reason.

    A refusal that names a subject goes to the disclosure log (the gate writes it). Some refusals name none: a guessed
    id of another owner's saved scenario (answered 404, as one that does not exist), an admin page the staff member
    has no permission for, the DmfA employer view asked by someone who is not an agent. A log row for each would be
    noise without a subject; they are counted here and shown to auditors on the audit page.
    """

    day = models.DateField(_("day"))
    route = models.CharField(_("route"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=ActorRole.choices)
    status = models.PositiveSmallIntegerField(_("answer"))
    reason = models.CharField(_("reason"), max_length=60)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("refusals counted")
        verbose_name_plural = _("refusals counted")
        ordering = ["-day", "route", "role"]
        constraints = [
            models.UniqueConstraint(fields=["day", "route", "role", "status", "reason"], name="refusal_count_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.route} {self.role} {self.status}: {self.count}"
