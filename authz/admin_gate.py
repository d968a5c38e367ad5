"""One way for an admin page of personal data to pass the gate (channel admin) before it renders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from authz.constants import Channel
from authz.services import Subject
from authz.shortcuts import gated_delete_action, require_disclosure


class GatedAdminMixin:
    """For a ModelAdmin whose objects carry personal data: its list (the rows shown), change, history and delete pages
    and its "delete selected" confirmation each ask the gate first, for the objects they name.

    Set ``gate_activity`` and ``gate_categories``; give ``gate_subjects(objects)``, and ``gate_list_subjects`` where a
    list should log fewer subjects (only those whose data is personal, say). A refusal raises PermissionDenied (403)
    before anything is rendered; a missing object is left to the admin (its own "does not exist" answer).
    """

    gate_activity: str
    gate_categories: Sequence[str]

    def gate_subjects(self, objects: Iterable) -> list[Subject]:
        raise NotImplementedError

    def gate_list_subjects(self, objects: Iterable) -> list[Subject]:
        return self.gate_subjects(objects)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            self._gate_subjects(request, self.gate_list_subjects(changelist.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._gate_object(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._gate_object(request, object_id)  # the title and the history's entries name the object
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._gate_object(request, object_id)  # the confirmation page names the object
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        # The confirmation page of "delete selected" names every object selected.
        return gated_delete_action(
            super().get_actions(request),
            lambda request, queryset: self._gate_subjects(request, self.gate_subjects(queryset)),
        )

    def _gate_object(self, request, object_id) -> None:
        found = self.get_object(request, object_id)
        if found is not None:
            self._gate_subjects(request, self.gate_subjects([found]))

    def _gate_subjects(self, request, subjects: list[Subject]) -> None:
        subjects = list(dict.fromkeys(subjects))
        if subjects:
            require_disclosure(
                request,
                activity=self.gate_activity,
                subjects=subjects,
                categories=list(self.gate_categories),
                channel=Channel.ADMIN,
            )
