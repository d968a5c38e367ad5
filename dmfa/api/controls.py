"""API of the GECO/DSP controls: the stored results of an employer for a quarter, with the page's rights and logging."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from authz.constants import Channel
from dmfa.api.serializers import QuarterSerializerField
from dmfa.controls.gates import shown_results
from dmfa.models import ControlResult
from foundation.identifiers import InvalidIdentifier, validate_rsz_number


class ControlQuerySerializer(serializers.Serializer):
    employer = serializers.CharField(max_length=12, help_text="RSZ registration number, 9 digits.")

    def get_fields(self):
        fields = super().get_fields()
        fields["quarter"] = QuarterSerializerField(help_text="The quarter, e.g. 2025Q3.")
        return fields

    def validate_employer(self, value: str) -> str:
        try:
            return validate_rsz_number(value)  # as the DmfA stores it: no separators, no leading zeros
        except InvalidIdentifier:
            raise serializers.ValidationError("Not a valid RSZ registration number.") from None


class ControlResultSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="registration_number")
    worker = serializers.CharField(source="insz")
    job = serializers.CharField(source="job.reference")
    programme = serializers.CharField(source="job.programme")
    quarter = serializers.CharField()

    class Meta:
        model = ControlResult
        fields = ["employer", "worker", "job", "programme", "quarter", "control", "outcome", "figures", "computed_at"]


class ControlResultsView(APIView):
    """GET /api/v1/dmfa/controls/?quarter=2025Q3&employer=123456749 (agents of the office; each worker logged, and
    the headcount's totals of the regular staff once at the employer level)."""

    @extend_schema(
        operation_id="dmfa_control_results",
        summary="Stored GECO/DSP control results of an employer for a quarter (agents; every worker shown is logged)",
        parameters=[
            OpenApiParameter("quarter", OpenApiTypes.STR, required=True, description="e.g. 2025Q3"),
            OpenApiParameter("employer", OpenApiTypes.STR, required=True, description="RSZ registration number"),
        ],
        responses={200: ControlResultSerializer(many=True)},
    )
    def get(self, request):
        query = ControlQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        shown, _total = shown_results(
            request, query.validated_data["quarter"], query.validated_data["employer"], Channel.API
        )
        return Response(ControlResultSerializer(shown, many=True).data)
