"""Schemathesis against the OpenAPI schema, in CI's PostgreSQL pass (issue 16, build item 4): requests generated from
the schema, anonymous and with an owner's token, get no server error. Bounded: a few dozen examples per operation."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.real_services

SCHEMA = "/api/v1/schema/?format=json"


@pytest.fixture
def api_schema(postgres_db):
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    # As Django's test client does: the test's transaction holds the connection, a request must not close it.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA, get_wsgi_application(), headers={"Host": "localhost"})
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def owner_token(postgres_db):
    from authz.models import User
    from authz.services import issue_api_token
    from tests.authz.factories import EmployerAccessFactory

    user = User.objects.create_user(email="fuzz.owner@example.be", password="Fuzz-owner-2026!")
    EmployerAccessFactory(user=user, role="owner", repertory="RSZ", registration_number="123456749")
    return issue_api_token(user=user, mfa_used_in_session=True).key


def run_every_operation(schema, headers: dict) -> int:
    """Call every operation of the schema with generated requests; fail on the first server error."""
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def call(case):
            case.call_and_validate(checks=[not_a_server_error], headers=headers)

        call()
        count += 1
    return count


def test_no_server_error_anonymous(api_schema):
    assert run_every_operation(api_schema, {"Host": "localhost"}) >= 4


def test_no_server_error_with_an_owners_token(api_schema, owner_token):
    headers = {"Host": "localhost", "Authorization": f"Token {owner_token}"}
    assert run_every_operation(api_schema, headers) >= 4
