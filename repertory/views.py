"""Pages of the repertory app: the anonymous employer-category look-up and the employer record."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from authz.constants import Channel
from foundation.http import too_many_requests
from repertory import gates, selectors
from repertory.forms import EmployerNumberForm
from repertory.ratelimit import client_id, hit, parse_limits


@never_cache
@require_GET
def employer_category(request: HttpRequest) -> HttpResponse:
    """Employer category of an enterprise or registration number, and nothing else (deliberation 06/80)."""
    form = EmployerNumberForm(request.GET if "number" in request.GET else None)
    context = {"form": form, "searched": False, "categories": []}
    if form.is_bound:
        wait = hit(
            scope="employer-category",
            client=client_id(request),
            limits=parse_limits(settings.EMPLOYER_LOOKUP_RATE_LIMITS),
        )
        if wait is not None:
            response = too_many_requests(request)
            response["Retry-After"] = str(wait)
            return response
        # Only a number that passes its format and check-digit rules is looked up and logged: a malformed one names
        # no one, and the form says what is wrong with it.
        if form.is_valid():
            key = form.cleaned_data["number"]
            employers = selectors.active_employers_for_lookup(key)
            # Found or not (unknown, struck off), the gate logs the look-up, so enumeration attempts show in the log.
            gates.disclose_lookup(request, key=key, employers=employers)
            context["searched"] = True
            context["categories"] = selectors.categories_of(employers)
    return render(request, "repertory/employer_category.html", context)


@never_cache
@require_GET
def employer_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The full repertory record, for the employer's owner, appointees and mandataries (deliberation 07/039)."""
    employer = gates.disclose_record(
        request, number=str(int(number)), repertory=request.GET.get("repertory") or None, channel=Channel.WEB
    )
    return render(request, "repertory/employer_detail.html", selectors.record_context(employer))
