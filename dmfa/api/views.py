"""API of the dmfa app: a person's DmfA declarations over a period, for agents, through the same gate as the page.

The permission DisclosureGate asks the gate (and logs) once the input is valid, before the handler; the handler's
consultation (dmfa.gates, shared with the page) asks the same question and gets that decision back. Only the
quarters the gate grants are returned; the others are listed as not consultable.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from authz import activities
from authz.api.permissions import DisclosureGate
from authz.constants import Channel
from authz.services import Subject
from dmfa.api.serializers import ConsultationQuerySerializer, PersonDeclarationsSerializer
from dmfa.constants import CONSULTATION_CATEGORIES
from dmfa.gates import consult_person, quarter_units
from foundation.identifiers import validate_insz
from foundation.quarters import quarter_range


class PersonDeclarationsView(APIView):
    # The gate decides who may see what, and logs refusals too (anonymous callers included).
    permission_classes = [DisclosureGate]
    disclosure_activity = activities.DMFA_GECO_DSP
    disclosure_categories = CONSULTATION_CATEGORIES

    def get_disclosure_subjects(self, request):
        """Validate the INSZ and the query first (400, nothing logged), then name the person to the gate."""
        try:
            self.insz = validate_insz(self.kwargs["insz"])
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"insz": exc.messages}) from None
        query = ConsultationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.query = query.validated_data
        return [Subject.person(insz=self.insz)]

    def get_disclosure_period(self, request):
        return (self.query["from"].first_day, self.query["to"].last_day)

    def get_disclosure_period_units(self, request):
        return quarter_units(quarter_range(self.query["from"], self.query["to"]))

    def get_disclosure_justification(self, request):
        return self.query["justification"]

    @extend_schema(
        operation_id="dmfa_person_declarations",
        summary="DmfA declarations of a person over a period (agents; logged with the justification)",
        parameters=[
            OpenApiParameter("insz", OpenApiTypes.STR, OpenApiParameter.PATH, description="INSZ, 11 digits."),
            OpenApiParameter("from", OpenApiTypes.STR, required=True, description="First quarter, e.g. 2024Q1."),
            OpenApiParameter("to", OpenApiTypes.STR, required=True, description="Last quarter, e.g. 2025Q2."),
            OpenApiParameter(
                "justification", OpenApiTypes.STR, required=True, description="Why the data is consulted (logged)."
            ),
        ],
        responses={200: PersonDeclarationsSerializer},
    )
    def get(self, request, insz: str):
        insz, start, end = self.insz, self.query["from"], self.query["to"]
        consultation = consult_person(
            request,
            insz=insz,
            start=start,
            end=end,
            justification=self.query["justification"],
            channel=Channel.API,
        )
        payload = {
            "insz": insz,
            "start": start,
            "end": end,
            "consultable_quarters": consultation.consultable,
            "not_consultable_quarters": consultation.not_consultable,
            "identification": consultation.identity,
            "declarations": consultation.records,
        }
        return Response(PersonDeclarationsSerializer(payload).data)
