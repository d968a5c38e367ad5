"""The gate as views use it: the view decorator, the class-based view mixin and the DRF permission, on tiny views
served by this module (it is its own URLconf)."""

from datetime import date

from django.http import HttpResponse
from django.urls import path
from django.views import View

import pytest
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from authz import activities
from authz.api.permissions import DisclosureGate
from authz.constants import Channel
from authz.models import Disclosure
from authz.services import Subject
from authz.shortcuts import DisclosureRequiredMixin, disclosure_required, require_disclosure
from portal import urls as portal_urls
from tests.authz.factories import EmployerAccessFactory, InstitutionMembershipFactory, IntegrationFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

A, B = "123456749", "134567808"
SECRET = "the record of employer"
CATEGORIES = ["identification", "legal_form"]


def employer(number: str) -> Subject:
    return Subject.employer(repertory="RSZ", number=number, personal=False)


# The tiny views --------------------------------------------------------------------------------------------------

handled = []


@disclosure_required(
    activity=activities.REPERTORY_FOR_CALCULATOR,
    categories=CATEGORIES,
    subjects=lambda request, number: [employer(number)],
    not_found=True,
)
def record_view(request, number):
    handled.append(number)
    return HttpResponse(f"{SECRET} {number}")


@disclosure_required(
    activity=activities.REPERTORY_FOR_CALCULATOR,
    categories=CATEGORIES,
    subjects=lambda request, number: [employer(number)],
)
def forbidden_view(request, number):
    return HttpResponse(f"{SECRET} {number}")


class RecordView(DisclosureRequiredMixin, View):
    disclosure_activity = activities.REPERTORY_FOR_CALCULATOR
    disclosure_categories = CATEGORIES
    disclosure_not_found = True

    def get_disclosure_subjects(self):
        return [employer(self.kwargs["number"])]

    def get(self, request, number):
        handled.append(number)
        return HttpResponse(f"{SECRET} {number} ({self.disclosure.activity.code})")


class NumberSerializer(serializers.Serializer):
    number = serializers.RegexField(r"^[0-9]{9}$")


class RecordApiView(APIView):
    """The subject is known only from the input: parsed and validated in get_disclosure_subjects."""

    permission_classes = [DisclosureGate]
    disclosure_activity = activities.REPERTORY_FOR_CALCULATOR
    disclosure_categories = CATEGORIES

    def get_disclosure_subjects(self, request):
        query = NumberSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.number = query.validated_data["number"]
        return [employer(self.number)]

    def get(self, request):
        handled.append(self.number)
        # A service the handler calls asks the gate the same question: it gets the permission's decision back.
        again = require_disclosure(
            request,
            activity=self.disclosure_activity,
            subjects=[employer(self.number)],
            categories=CATEGORIES,
            channel=Channel.API,
        )
        assert again is request.disclosure
        if request.query_params.get("other"):  # another question goes to the gate
            require_disclosure(
                request,
                activity=self.disclosure_activity,
                subjects=[employer(request.query_params["other"])],
                categories=CATEGORIES,
                channel=Channel.API,
            )
        return Response({"record": f"{SECRET} {self.number}", "activity": request.disclosure.activity.code})


class HiddenApiView(RecordApiView):
    disclosure_not_found = True


class PersonApiView(APIView):
    """With a period, its units and a justification, as the DmfA API asks."""

    permission_classes = [DisclosureGate]
    disclosure_activity = activities.DMFA_GECO_DSP
    disclosure_categories = ["occupation"]

    def get_disclosure_subjects(self, request):
        return [Subject.person(insz=self.kwargs["insz"])]

    def get_disclosure_period(self, request):
        return (date(2025, 1, 1), date(2025, 6, 30))

    def get_disclosure_period_units(self, request):
        return [(date(2025, 1, 1), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30))]

    def get_disclosure_justification(self, request):
        return request.query_params.get("why", "")

    def get(self, request, insz):
        subject = Subject.person(insz=insz)
        return Response({"q1": request.disclosure.covers(subject, date(2025, 1, 1), date(2025, 3, 31))})


# The tiny views, then the portal's own (the error pages and the MFA message link to them).
urlpatterns = [
    path("record/<str:number>/", record_view),
    path("forbidden/<str:number>/", forbidden_view),
    path("cbv/<str:number>/", RecordView.as_view()),
    path("api/record/", RecordApiView.as_view()),
    path("api/hidden/", HiddenApiView.as_view()),
    path("api/person/<str:insz>/", PersonApiView.as_view()),
    *portal_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def _handled():
    handled.clear()


def rows():
    return list(Disclosure.objects.order_by("position").values_list("channel", "outcome", "reason", "categories"))


def as_owner(client, number=A):
    client.force_login(EmployerAccessFactory(registration_number=number).user)
    return client


# The decorator ---------------------------------------------------------------------------------------------------


def test_the_decorator_lets_the_owner_through_and_logs_the_grant(client):
    response = as_owner(client).get(f"/record/{A}/")
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert rows() == [("web", "granted", "employer-access", CATEGORIES)]


@pytest.mark.parametrize(
    ("who", "reason"), [("anonymous", "anonymous"), ("other owner", "no-access"), ("no role", "no-access")]
)
def test_the_decorator_refuses_before_the_view_runs_and_logs_the_refusal(client, who, reason):
    if who == "other owner":
        as_owner(client, number=B)
    elif who == "no role":
        client.force_login(UserFactory())
    response = client.get(f"/record/{A}/")
    assert response.status_code == 404  # not_found=True: the same answer as for an employer that does not exist
    assert SECRET not in response.content.decode() and handled == []
    assert rows() == [("web", "refused", reason, CATEGORIES)]


def test_the_decorator_answers_403_without_not_found(client):
    as_owner(client, number=B)
    assert client.get(f"/forbidden/{A}/").status_code == 403
    assert rows() == [("web", "refused", "no-access", CATEGORIES)]


def test_the_decorator_sends_a_mandatary_without_mfa_to_set_it_up(client):
    client.force_login(EmployerAccessFactory(role="mandatary", organisation="Firm").user)
    response = client.get(f"/record/{A}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    assert handled == [] and rows() == [("web", "refused", "mfa-required", CATEGORIES)]


def test_the_decorator_lets_a_mandatary_with_mfa_through(client):
    log_in_with_mfa(client, EmployerAccessFactory(role="mandatary", organisation="Firm").user)
    assert client.get(f"/record/{A}/").status_code == 200
    assert rows() == [("web", "granted", "employer-access", CATEGORIES)]


# The mixin -------------------------------------------------------------------------------------------------------


def test_the_mixin_lets_the_owner_through_with_the_decision_on_the_view(client):
    response = as_owner(client).get(f"/cbv/{A}/")
    assert response.status_code == 200
    assert response.content.decode() == f"{SECRET} {A} (repertory-calculator)"
    assert rows() == [("web", "granted", "employer-access", CATEGORIES)]


def test_the_mixin_refuses_before_the_handler_and_logs(client):
    as_owner(client, number=B)
    response = client.get(f"/cbv/{A}/")
    assert response.status_code == 404 and SECRET not in response.content.decode() and handled == []
    assert rows() == [("web", "refused", "no-access", CATEGORIES)]


def test_the_mixin_refuses_anonymous_visitors_and_logs(client):
    assert client.get(f"/cbv/{A}/").status_code == 404
    assert rows() == [("web", "refused", "anonymous", CATEGORIES)]


# The DRF permission ----------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


def test_the_permission_grants_once_and_a_service_asking_again_gets_the_same_decision(api):
    api.force_login(EmployerAccessFactory().user)
    response = api.get("/api/record/", {"number": A})
    assert response.status_code == 200
    assert response.json() == {"record": f"{SECRET} {A}", "activity": "repertory-calculator"}
    assert rows() == [("api", "granted", "employer-access", CATEGORIES)]  # one row, not two


def test_another_question_in_the_same_request_goes_to_the_gate(api):
    api.force_login(EmployerAccessFactory().user)
    response = api.get("/api/record/", {"number": A, "other": B})
    assert response.status_code == 403
    assert rows() == [("api", "granted", "employer-access", CATEGORIES), ("api", "refused", "no-access", CATEGORIES)]


@pytest.mark.parametrize(("view", "status"), [("record", 403), ("hidden", 404)])
def test_the_permission_refuses_before_the_handler_and_logs(api, view, status):
    api.force_login(EmployerAccessFactory(registration_number=B).user)
    response = api.get(f"/api/{view}/", {"number": A})
    assert response.status_code == status and SECRET not in response.content.decode() and handled == []
    assert (
        response.json()
        == {
            403: {"detail": "You do not have permission to perform this action."},
            404: {"detail": "Not found."},
        }[status]
    )
    assert rows() == [("api", "refused", "no-access", CATEGORIES)]


def test_the_permission_refuses_anonymous_callers_and_logs(api):
    assert api.get("/api/record/", {"number": A}).status_code == 403
    assert rows() == [("api", "refused", "anonymous", CATEGORIES)]


def test_invalid_input_is_a_400_before_the_gate_and_nothing_is_logged(api):
    api.force_login(EmployerAccessFactory().user)
    response = api.get("/api/record/", {"number": "12"})
    assert response.status_code == 400 and "number" in response.json()
    assert rows() == []


def test_a_mandatary_without_mfa_is_told_how_to_get_a_token(api):
    api.force_login(EmployerAccessFactory(role="mandatary", organisation="Firm").user)
    response = api.get("/api/record/", {"number": A})
    assert response.status_code == 403 and "API token" in response.json()["detail"]
    assert rows() == [("api", "refused", "mfa-required", CATEGORIES)]


def test_options_and_methods_the_view_lacks_ask_nothing_of_the_gate(api):
    api.force_login(EmployerAccessFactory().user)
    assert api.options("/api/record/", {"number": A}).status_code == 200
    assert api.post("/api/record/?number=" + A, {}).status_code == 405
    assert rows() == []


def test_the_permission_passes_period_units_and_justification(api):
    membership = InstitutionMembershipFactory()
    IntegrationFactory(valid_from=date(2025, 2, 1))  # covers Q2 whole, Q1 in part
    log_in_with_mfa(api, membership.user)
    refused = api.get("/api/person/90051512391/")
    assert refused.status_code == 403
    granted = api.get("/api/person/90051512391/", {"why": "GECO file 2025/1"})
    assert granted.status_code == 200 and granted.json() == {"q1": False}
    logged = Disclosure.objects.order_by("position").values_list("reason", "period_from", "period_until")
    assert list(logged) == [
        ("justification-missing", date(2025, 1, 1), date(2025, 6, 30)),
        ("integrated", date(2025, 4, 1), date(2025, 6, 30)),
    ]
