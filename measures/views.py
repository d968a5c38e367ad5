"""Pages of the measure catalogue: the filtered list, a measure's page and the export of a filtered list."""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from foundation import csv as foundation_csv
from measures import catalogue_html, catalogue_index, presentation, selectors, services
from measures.api.serializers import MeasureSerializer
from measures.forms import CatalogueFilterForm, page_number

CACHE_SECONDS = 600
EXPORT_LIMIT = 10_000


@require_GET
def catalogue(request):
    """The filtered list. Filtering, counting and ordering come from the in-process index, the cards from the card
    cache; an anonymous visitor's page, once its filters all validated, is shared with the next anonymous visitor of
    the same URL (``portal.middleware.AnonymousPageCacheMiddleware``) until staff change the catalogue."""
    language = get_language()
    generation = services.catalogue_generation()  # before reading the catalogue: a page is never newer than its key
    form = CatalogueFilterForm(request.GET)
    criteria = form.criteria()
    invalid = form.invalid_fields()
    number = page_number(request.GET.get("page"))
    if number is None:
        invalid.append("page")
        number = 1
    context = presentation.catalogue_context(
        form=form, criteria=criteria, invalid=invalid, page_number=number, language=language, generation=generation
    )
    # The list in Python with the markup of measures/_catalogue.html (byte for byte, tested): the template engine was
    # most of a new filter combination's cost. The layout around it stays a template (it runs the context processors).
    response = render(request, "measures/list.html", {**context, "body": catalogue_html.render(context)})
    if not request.user.is_authenticated and not invalid and request.path.startswith(f"/{language}/"):
        response.shared_with_anonymous = (services.CACHE_GENERATION_KEY, generation, CACHE_SECONDS)
    return response


def _may_preview(request) -> bool:
    """Staff see an unpublished page on the same terms as the admin: two-factor authentication used this session."""
    from authz.services import mfa_used_in_session

    user = request.user
    return user.is_staff and user.has_perm("measures.view_measure") and mfa_used_in_session(request)


@require_GET
def detail(request, code: str):
    preview = request.GET.get("preview") == "1" and _may_preview(request)
    measure = selectors.published_measure(code, include_unpublished=preview)
    if measure is None:
        raise Http404(_("No published measure with this code."))
    return render(request, "measures/detail.html", presentation.detail_context(measure, preview=preview))


@require_GET
def export(request, fmt: str):
    """The filtered list (same query string as the page) as CSV or JSON; invalid filters are ignored."""
    criteria = CatalogueFilterForm(request.GET).criteria()
    # The same filtering, order and names as the page and the API: the in-process index.
    hits = catalogue_index.search(criteria, language=get_language()).hits[:EXPORT_LIMIT]
    if fmt == "json":
        measures = presentation.measures_with_rules([hit.version.measure_id for hit in hits])
        data = MeasureSerializer(measures, many=True, context={"request": request, "on": criteria.on}).data
        response = HttpResponse(
            json.dumps({"criteria": dict(criteria.items()), "count": len(data), "results": data}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    else:
        rows = (presentation.csv_row(hit.version, request, name=hit.name) for hit in hits)
        text = foundation_csv.text(presentation.csv_header(), rows, language=get_language())
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="measures.{fmt}"'
    return response


@require_GET
def verify_report(request):
    """The verify report for staff (the same rule as previewing a measure: staff with the measures view permission who
    used two-factor authentication in this session); the others are refused, anonymous users sent to log in."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone

    from measures import verify

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_preview(request):
        raise PermissionDenied
    report = verify.build(timezone.localdate())
    return render(request, "measures/verify.html", {"report": report})
