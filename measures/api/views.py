"""Public API of the measure catalogue: the filtered list and one measure, read-only and anonymous."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from measures import catalogue_index, constants, presentation, selectors
from measures.api.serializers import MeasureSerializer
from measures.forms import CatalogueFilterForm, page_number
from measures.schema import LANGUAGES

FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Free text in the name, summary or code."),
    OpenApiParameter("audience", str, enum=constants.Audience.values, description="Who is looking."),
    OpenApiParameter(
        "level", str, many=True, enum=constants.Level.values, description="Government level (repeatable)."
    ),
    OpenApiParameter("region", str, enum=constants.Region.values, description="Applies in this region (BE = federal)."),
    OpenApiParameter("seat_region", str, enum=constants.Region.values[1:], description="Region of the operating seat."),
    OpenApiParameter("domicile_region", str, enum=constants.Region.values[1:], description="Region of the domicile."),
    OpenApiParameter(
        "technique", str, many=True, enum=constants.Technique.values, description="Technique (repeatable)."
    ),
    OpenApiParameter("employer_type", str, enum=constants.EmployerType.values),
    OpenApiParameter("employer_category", str, pattern=r"^\d{3}$", description="3-digit RSZ/RSZPPO employer category."),
    OpenApiParameter("nace", str, description="NACE-BEL code, 2 to 5 digits (56.101 or 56101)."),
    OpenApiParameter("joint_committee", str, description="Joint committee, such as 200 or 330.01."),
    OpenApiParameter("size", int, description="Importance code 0-9 (employer size)."),
    OpenApiParameter("age", int, description="Worker's age (14-99)."),
    OpenApiParameter("jobseeker_months", int, description="Months registered as a job seeker."),
    OpenApiParameter("qualification", str, enum=constants.Qualification.values),
    OpenApiParameter("disability", str, enum=["yes", "no"], description="Reduced work capacity."),
    OpenApiParameter("fraction", OpenApiTypes.DECIMAL, description="Working-time fraction (0.01-1)."),
    OpenApiParameter("on", OpenApiTypes.DATE, description="Reference date (default today)."),
    OpenApiParameter(
        "validity", str, enum=constants.Validity.values, description="current (default), past, future, all."
    ),
    OpenApiParameter("sort", str, enum=constants.Sort.values),
    OpenApiParameter("lang", str, enum=list(LANGUAGES), description="Language of the texts (default nl)."),
]


def _language(request) -> str:
    lang = request.query_params.get("lang") or translation.get_language() or "nl"
    if lang not in LANGUAGES:
        raise serializers.ValidationError(
            {
                "lang": [
                    _("Unknown language %(lang)s: use one of %(choices)s.")
                    % {"lang": lang, "choices": ", ".join(LANGUAGES)}
                ]
            }
        )
    return lang


class MeasureList(generics.ListAPIView):
    """Published measures matching the filters; the same filters as the catalogue page."""

    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]
    filter_backends: list = []

    @extend_schema(parameters=FILTER_PARAMETERS, summary="List and filter the measures")
    def get(self, request, *args, **kwargs):
        lang = _language(request)
        with translation.override(lang):
            form = CatalogueFilterForm(request.query_params)
            if not form.is_valid():
                raise serializers.ValidationError({name: list(errors) for name, errors in form.errors.items()})
            number = page_number(request.query_params.get("page"))
            if number is None:
                raise serializers.ValidationError({"page": [_("A page number is a whole number from 1.")]})
            criteria = form.criteria()
            # The same in-process index as the catalogue page: the filtering and the order cost no query.
            hits = catalogue_index.search(criteria, language=lang).hits
            try:
                page = self.paginate_queryset(hits)
            except NotFound:
                # A page past the last one is a bad value of the query string like any other: 400, not 404.
                raise serializers.ValidationError(
                    {"page": [_("There is no page %(page)s of these results.") % {"page": number}]}
                ) from None
            measures = presentation.measures_with_rules([hit.measure_id for hit in page])
            data = MeasureSerializer(measures, many=True, context={"request": request, "on": criteria.on}).data
            return self.get_paginated_response(data)


class MeasureDetail(generics.RetrieveAPIView):
    """One published measure with every rule version, benefit rule, cumulation rule and source."""

    serializer_class = MeasureSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("lang", str, enum=list(LANGUAGES)), OpenApiParameter("on", OpenApiTypes.DATE)],
        summary="One measure",
    )
    def get(self, request, code: str):
        lang = _language(request)
        with translation.override(lang):
            form = CatalogueFilterForm({"on": request.query_params.get("on", "")})
            if not form.is_valid():
                raise serializers.ValidationError({"on": list(form.errors["on"])})
            measure = selectors.published_measure(code)
            if measure is None:
                raise Http404
            return Response(
                MeasureSerializer(measure, context={"request": request, "on": form.cleaned_data["on"]}).data
            )
