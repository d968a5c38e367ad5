"""The gate as views use it: decide, log, and refuse with 403 or 404 before anything is rendered."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.admin import ModelAdmin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from rest_framework.exceptions import PermissionDenied as APIPermissionDenied
from rest_framework.request import Request

from authz.constants import Channel, Reason
from authz.exceptions import DisclosureRefused, MFARequired
from authz.models.api_token import API_TOKEN_LIFETIME
from authz.services import Actor, Decision, Subject, disclose

#: A function view, and an admin action as ModelAdmin.get_actions lists it (function, name, description).
View: TypeAlias = Callable[..., HttpResponse]
AdminAction: TypeAlias = tuple[Callable[..., Any], str, str]

if TYPE_CHECKING:
    from django.views import View as _ViewBase
else:
    _ViewBase = object


def api_mfa_required_message() -> str:
    return _(
        "Your role requires two-factor authentication. Call the API in a session in which you used it, or "
        "with an API token created on %(page)s after using it; a token expires after %(days)s days."
    ) % {"page": reverse("authz:api-token"), "days": API_TOKEN_LIFETIME.days}


def require_disclosure(
    request: HttpRequest | Request,
    *,
    activity: str,
    subjects: Sequence[Subject],
    categories: Sequence[str],
    channel: str = Channel.WEB,
    period: tuple[date, date] | None = None,
    period_units: Sequence[tuple[date, date]] | None = None,
    justification: str = "",
    not_found: bool = False,
    remember: bool = False,
) -> Decision:
    """Pass the gate for every subject or raise: Http404 (not_found=True), PermissionDenied, or MFARequired.

    A grant may cover only part of the period (see ``disclose``): show only what ``decision.covers(...)`` allows.

    ``remember=True`` (the DRF permission DisclosureGate) keeps the grant on the request: a later call in the same
    request asking exactly the same question (the service the endpoint then calls) gets it back without deciding and
    logging a second time. Any other question goes to the gate.
    """
    # The gate's marks on the request (no type declares them): asked (its answer carries no-store, see
    # portal.middleware), the grant, and the question it answered.
    getattr(request, "_request", request).gate_asked = True  # type: ignore[union-attr]
    question = _question(activity, subjects, categories, channel, period, period_units, justification)
    answered = getattr(request, "_disclosure_answered", None)
    if answered is not None and answered[0] == question:
        known: Decision = answered[1]
        return known
    decision = disclose(
        actor=Actor.from_request(request),
        activity=activity,
        subjects=subjects,
        categories=categories,
        channel=channel,
        period=period,
        period_units=period_units,
        justification=justification,
    )
    if decision.granted:
        request.disclosure = decision  # type: ignore[union-attr]
        if remember:
            request._disclosure_answered = (question, decision)  # type: ignore[union-attr]
        return decision
    if decision.mfa_required and channel != Channel.API:
        from allauth.mfa.models import Authenticator

        raise MFARequired(has_authenticator=Authenticator.objects.filter(user=request.user).exists())
    if decision.mfa_required and isinstance(request, Request):
        # An API caller cannot be sent to the MFA page: say how to get a token that stands for MFA.
        raise APIPermissionDenied(api_mfa_required_message())
    if not_found and not (channel == Channel.WEB and about_own_mandate(decision)):
        raise Http404
    raise DisclosureRefused(decision)


#: Refusals that concern only the user's own mandate for the employer asked (ended, or not started yet). On a web page
#: they are explained (authz.refusals: the mandate's dates) even where other refusals look like "not found": the
#: explanation tells the user only what their own mandate says, nothing about the employer's record.
OWN_MANDATE_REASONS = frozenset({Reason.ACCESS_EXPIRED, Reason.ACCESS_NOT_YET_VALID})


def about_own_mandate(decision: Decision) -> bool:
    refused = [item for item in decision.subjects if not item.granted]
    return bool(refused) and all(item.reason in OWN_MANDATE_REASONS for item in refused)


def _question(
    activity: str,
    subjects: Sequence[Subject],
    categories: Sequence[str],
    channel: str,
    period: tuple[date, date] | None,
    period_units: Sequence[tuple[date, date]] | None,
    justification: str,
) -> tuple[object, ...]:
    units = None if period_units is None else tuple(tuple(unit) for unit in period_units)
    return (
        str(activity),
        tuple(subjects),
        tuple(categories),
        str(channel),
        None if period is None else tuple(period),
        units,
        justification.strip(),
    )


def disclosure_required(
    *,
    activity: str,
    categories: Sequence[str],
    subjects: Callable[..., Sequence[Subject]],
    not_found: bool = False,
    channel: str = Channel.WEB,
) -> Callable[[View], View]:
    """Decorator for function views: ``subjects(request, **view_kwargs)`` names whom the page is about."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_disclosure(
                request,
                activity=activity,
                subjects=subjects(request, **kwargs),
                categories=categories,
                channel=channel,
                not_found=not_found,
            )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class DisclosureRequiredMixin(_ViewBase):
    """For class-based views: set ``disclosure_activity``, ``disclosure_categories`` and implement
    ``get_disclosure_subjects()``; the gate runs in dispatch, before any data is read for rendering."""

    disclosure_activity: str = ""
    disclosure_categories: Sequence[str] = ()
    disclosure_not_found: bool = False
    disclosure_channel: str = Channel.WEB

    def get_disclosure_subjects(self) -> Sequence[Subject]:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.request, self.args, self.kwargs = request, args, kwargs
        self.disclosure = require_disclosure(
            request,
            activity=self.disclosure_activity,
            subjects=self.get_disclosure_subjects(),
            categories=self.disclosure_categories,
            channel=self.disclosure_channel,
            not_found=self.disclosure_not_found,
        )
        return super().dispatch(request, *args, **kwargs)


def gated_delete_action(
    actions: dict[str, AdminAction], gate: Callable[[HttpRequest, QuerySet[Any]], object]
) -> dict[str, AdminAction]:
    """An admin's actions with "delete selected" calling ``gate(request, queryset)`` before it renders its
    confirmation page, which names every object selected."""
    if "delete_selected" not in actions:
        return actions
    function, name, description = actions["delete_selected"]

    def delete_selected(modeladmin: ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Any]) -> Any:
        gate(request, queryset)
        return function(modeladmin, request, queryset)

    return {**actions, "delete_selected": (delete_selected, name, description)}
