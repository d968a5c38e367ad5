"""Pages of the project package: home, health check and the error pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.health import run_checks


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


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
    return _error_page(request, 403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, 404)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    return _error_page(request, 429)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors on purpose: a 500 may come from the database or the session being down.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_id": getattr(request, "request_id", "")}), status=500)
