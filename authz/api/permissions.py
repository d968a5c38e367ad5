"""The gate for DRF endpoints: a permission class, so no endpoint writes its own check."""

from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import BasePermission

from authz.constants import Channel
from authz.services import Actor, disclose
from authz.shortcuts import api_mfa_required_message


class DisclosureGate(BasePermission):
    """The view sets ``disclosure_activity``, ``disclosure_categories`` (and ``disclosure_not_found``) and
    implements ``get_disclosure_subjects(request)`` (and optionally ``get_disclosure_period(request)``,
    ``get_disclosure_period_units(request)`` and ``get_disclosure_justification(request)``). The decision is kept
    on ``request.disclosure``; a grant may cover only part of the period (``decision.covers``)."""

    message = "You may not see this data."

    def has_permission(self, request, view) -> bool:
        period = view.get_disclosure_period(request) if hasattr(view, "get_disclosure_period") else None
        units = view.get_disclosure_period_units(request) if hasattr(view, "get_disclosure_period_units") else None
        justification = (
            view.get_disclosure_justification(request) if hasattr(view, "get_disclosure_justification") else ""
        )
        decision = disclose(
            actor=Actor.from_request(request),
            activity=view.disclosure_activity,
            subjects=view.get_disclosure_subjects(request),
            categories=view.disclosure_categories,
            channel=Channel.API,
            period=period,
            period_units=units,
            justification=justification,
        )
        request.disclosure = decision
        if decision.granted:
            return True
        if decision.mfa_required:
            raise PermissionDenied(api_mfa_required_message())
        if getattr(view, "disclosure_not_found", False):
            raise NotFound
        return False
