"""REST API of the repertory app: the employer record for its owner, appointees and mandataries (07/039)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from authz.constants import Channel
from repertory import gates, selectors
from repertory.api.serializers import EmployerRecordSerializer


class EmployerRecordView(APIView):
    """The gate decides who may read (AllowAny here): refused and unknown numbers both answer 404."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses=EmployerRecordSerializer,
        parameters=[OpenApiParameter("repertory", str, enum=["RSZ", "RSZPPO"], required=False)],
    )
    def get(self, request, number: str):
        employer = gates.disclose_record(
            request,
            number=str(int(number)),
            repertory=request.query_params.get("repertory") or None,
            channel=Channel.API,
        )
        return Response(EmployerRecordSerializer(employer, context={"record": selectors.record_context(employer)}).data)
