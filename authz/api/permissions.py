"""The gate for DRF endpoints: a permission class, so no endpoint writes its own check."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from authz.constants import Channel
from authz.shortcuts import require_disclosure


class DisclosureGate(BasePermission):
    """Passes the gate in ``has_permission``, before the handler runs: the decision is logged and kept on
    ``request.disclosure``; a refusal raises as the gate's shortcut does (403, 404 with ``disclosure_not_found``, or
    403 saying how to get an API token that stands for two-factor authentication).

    The view sets ``disclosure_activity`` and ``disclosure_categories`` (and ``disclosure_not_found``) and implements
    ``get_disclosure_subjects(request)``; optionally ``get_disclosure_period(request)``,
    ``get_disclosure_period_units(request)`` and ``get_disclosure_justification(request)``. The subjects are asked
    first: a view whose subject is known only from the request's input parses and validates it there (a
    ValidationError answers 400 before the gate, so nothing is logged) and keeps what it parsed for its handler.

    A grant may cover only part of the period (``decision.covers``). A service the handler calls that asks the gate
    the same question again in this request gets the same decision back, neither decided nor logged twice.
    """

    def has_permission(self, request, view) -> bool:
        method = getattr(request, "_request", request).method  # DRF clones the request to render forms
        if method == "OPTIONS" or not hasattr(view, method.lower()):
            return True  # nothing shown: the metadata of an OPTIONS request, or the 405 the view answers next
        view.check_throttles(request)  # a throttled call is refused before anything is parsed, decided or logged
        subjects = view.get_disclosure_subjects(request)
        require_disclosure(
            request,
            activity=view.disclosure_activity,
            subjects=subjects,
            categories=view.disclosure_categories,
            channel=Channel.API,
            period=_ask(view, "get_disclosure_period", request),
            period_units=_ask(view, "get_disclosure_period_units", request),
            justification=_ask(view, "get_disclosure_justification", request) or "",
            not_found=getattr(view, "disclosure_not_found", False),
            remember=True,
        )
        return True


def _ask(view, name: str, request):
    method = getattr(view, name, None)
    return method(request) if method is not None else None
