"""REST API of the repertory app: the employer record for its owner, appointees and mandataries (07/039)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from authz import activities
from authz.api.permissions import DisclosureGate
from repertory import gates, selectors
from repertory.api.serializers import EmployerRecordSerializer


class EmployerRecordView(APIView):
    """The gate decides who may read (DisclosureGate, activity repertory-calculator): refused and unknown numbers
    both answer 404, and both are logged."""

    permission_classes = [DisclosureGate]
    disclosure_activity = activities.REPERTORY_FOR_CALCULATOR
    disclosure_categories = gates.RECORD_CATEGORIES
    disclosure_not_found = True

    def get_disclosure_subjects(self, request):
        self.employer, subject = gates.record_subject(
            number=str(int(self.kwargs["number"])), repertory=request.query_params.get("repertory") or None
        )
        return [subject]

    @extend_schema(
        responses=EmployerRecordSerializer,
        parameters=[OpenApiParameter("repertory", str, enum=["RSZ", "RSZPPO"], required=False)],
    )
    def get(self, request, number: str):
        if self.employer is None:  # granted for a number no employer has: the same 404 as a refusal
            raise NotFound
        employer = self.employer
        return Response(EmployerRecordSerializer(employer, context={"record": selectors.record_context(employer)}).data)
