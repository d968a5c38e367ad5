"""Views of the measures API: the catalogue (the filtered list and one measure, read-only and anonymous) and the
benefit calculator (``POST /api/v1/calculations/``, the same gate and engine as the calculator page)."""

from __future__ import annotations

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from authz import activities
from authz.api.permissions import DisclosureGate
from authz.constants import Channel
from foundation.parsers import LimitedJSONParser
from measures import catalogue_index, constants, presentation, selectors
from measures.api.serializers import MeasureSerializer
from measures.api.serializers.calculations import (
    ERROR_EXAMPLE,
    REQUEST_EXAMPLE,
    RESPONSE_EXAMPLE,
    CalculationRequestSerializer,
    CalculationResultSerializer,
)
from measures.calculator.services import calculate_for
from measures.calculator.values import MAX_HIRES, MAX_HORIZON
from measures.forms import CatalogueFilterForm, page_number
from measures.gates import CATEGORIES, calculator_subject
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


class CalculationView(APIView):
    """Calculate the measures that apply to an employer's hires, and what they are worth, quarter by quarter."""

    # The gate decides who may act for the employer (and logs refusals too, anonymous ones included), once the request
    # is valid: a bad request gets 400 and nothing is logged. calculate_for asks the same question and gets the
    # permission's decision back.
    permission_classes = [DisclosureGate]
    disclosure_activity = activities.BENEFIT_CALCULATOR
    disclosure_categories = CATEGORIES
    throttle_scope = "calculations"  # CPU-heavy: its own, lower rate (API_THROTTLE_RATES)
    parser_classes = [LimitedJSONParser]  # the hires are a nested list: JSON only (its size and depth limited)

    def get_disclosure_subjects(self, request):
        query = CalculationRequestSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        self.validated = query.validated_data
        user = request.user if request.user.is_authenticated else None
        return [calculator_subject(self.validated["employer"], user=user)]

    @extend_schema(
        operation_id="calculations_create",
        summary="Benefit calculation for an employer's hires (owner, appointee, mandatary with the calculator scope)",
        description=(
            "Runs the benefit calculator for the employer you act for, through the authz gate (processing activity "
            "benefit-calculator, deliberation 07/039): every call, granted or refused, is in the disclosure log. "
            "Session (with the CSRF token) or token authentication (`Authorization: Token <key>`); a mandatary "
            "must have used two-factor authentication in the session, so a mandatary uses the session. "
            f"At most {MAX_HIRES} hires and {MAX_HORIZON} quarters. The amounts are an approximation.\n\n"
            "Errors: 400 with DRF field errors; the errors of a hire are keyed by its 0-based index in `hires` "
            '(`{"hires": {"0": {"birth_date": ["..."]}}}`); too many hires give one message under `hires`. '
            "403 when you may not act for the employer (also for an unknown or malformed number)."
        ),
        request=CalculationRequestSerializer,
        responses={
            200: CalculationResultSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Field errors; a hire's errors under its index.",
                examples=[OpenApiExample("Field errors", value=ERROR_EXAMPLE, status_codes=["400"])],
            ),
            403: OpenApiResponse(
                description="Not logged in, not allowed to act for this employer (or unknown or malformed number), "
                "mandate expired or out of scope, two-factor authentication not used, CSRF token missing, or "
                "invalid token."
            ),
        },
        examples=[
            OpenApiExample("One hire", value=REQUEST_EXAMPLE, request_only=True),
            OpenApiExample("Result", value=RESPONSE_EXAMPLE, response_only=True, status_codes=["200"]),
        ],
    )
    def post(self, request):
        data = self.validated
        hires = data["hires"]
        result, facts, _profile = calculate_for(
            request,
            employer=data["employer"],
            hires=hires,
            on=data.get("on"),
            horizon=data["horizon_quarters"],
            channel=Channel.API,
            mode=data["rules"],
        )
        seats = {seat.establishment_number for seat in facts.operating_seats}
        unknown = {
            index: {"operating_seat": [_("This employer has no operating seat with this number.")]}
            for index, hire in enumerate(hires)
            if hire.operating_seat and hire.operating_seat not in seats
        }
        if unknown:
            raise serializers.ValidationError({"hires": unknown})
        return Response(with_labels(result.as_dict()))


def with_labels(result: dict) -> dict:
    """The calculation with the words the calculator page shows beside the codes meant for machines."""
    for hire in result.get("hires", []):
        for measure in hire.get("measures", []):
            technique = measure.get("technique")
            measure["technique_label"] = (
                str(constants.Technique(technique).label) if technique in constants.Technique.values else ""
            )
    return result
