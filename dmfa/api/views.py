"""API of the dmfa app: a person's DmfA declarations over a period, for agents, through the same gate as the page.

Only the quarters the gate grants are returned (see dmfa.consultation); the others are listed as not consultable.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from authz.constants import Channel
from authz.identifiers import normalise_insz
from dmfa.api.serializers import ConsultationQuerySerializer, PersonDeclarationsSerializer
from dmfa.consultation import consult_person


class PersonDeclarationsView(APIView):
    # The gate decides who may see what (and logs refusals too), so DRF lets every request reach it.
    permission_classes = [AllowAny]

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
        try:
            insz = normalise_insz(insz)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"insz": exc.messages}) from None
        query = ConsultationQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["from"], query.validated_data["to"]
        consultation = consult_person(
            request,
            insz=insz,
            start=start,
            end=end,
            justification=query.validated_data["justification"],
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
