"""Pages of the project package: home, health check and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import run_checks
from portal.navigation import destinations_for, request_rights

#: The dashboard's sections, in this order, each with its heading.
DASHBOARD_SECTIONS = (
    ("employer", _("Your employers")),
    ("jobseeker", _("Your measures as a job seeker")),
    ("agent", _("Your employment office")),
    ("auditor", _("Audit of the disclosures")),
    ("staff", _("Administration")),
    ("own", _("Your data")),
    ("public", _("For everyone")),
)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The first page after log-in: each right of the user one click away (the pages themselves pass the gate)."""
    from authz.context_processors import needs_mfa_first, valid_accesses

    rights = request_rights(request)
    entries = destinations_for(rights)
    sections = [
        {"key": key, "heading": heading, "entries": [e for e in entries if e["destination"].group == key]}
        for key, heading in DASHBOARD_SECTIONS
    ]
    accesses = valid_accesses(request.user) if rights.employer else []
    context = {
        "rights": rights,
        "sections": [
            section for section in sections if section["entries"] or (section["key"] == "employer" and accesses)
        ],
        "accesses": accesses,
        # A mandatary sees no employer's name before using two-factor authentication (as on the switcher).
        "names_hidden": needs_mfa_first(request, accesses),
    }
    return render(request, "portal/dashboard.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = run_checks()
    down = [check.name for check in checks if not check.ok]
    body = {
        "status": "ok" if not down else "down",
        "down": down,
        "checks": {check.name: {"ok": check.ok, "detail": check.detail} for check in checks},
    }
    return JsonResponse(body, status=503 if down else 200)


def _error_page(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, f"{status}.html", status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    context = {}
    if isinstance(exception, TooManyFieldsSent | RequestDataTooBig):
        # Django refuses such a form before any view sees it (a guard against oversized requests): say so plainly.
        context["too_large"] = True
    return render(request, "400.html", context, status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    from authz.exceptions import DisclosureRefused
    from authz.refusals import explain
    from authz.services import mfa_used_in_session
    from authz.shortcuts import about_own_mandate

    context = {}
    if isinstance(exception, DisclosureRefused):
        # The gate's reason, in words the user can act on and no more than the user may know (authz.refusals).
        context["refusal"] = explain(exception.decision, user=request.user, mfa_used=mfa_used_in_session(request))
        # About the user's own mandate (ended, not started yet): their mandates, with dates, are one click away.
        context["own_mandates_link"] = about_own_mandate(exception.decision)
    return render(request, "403.html", context, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors on purpose: a 500 may come from the database or the session being down.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": getattr(request, "request_id", "")}), status=500)
