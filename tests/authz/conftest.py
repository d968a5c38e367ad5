"""Fixtures of the authz tests."""

import io
import uuid

from django.core.management import call_command

import pytest

from tests.authz.helpers import log_in_with_mfa


@pytest.fixture
def mfa_client(client):
    """A test client whose log-in recorded two-factor authentication in the session."""

    def login(user):
        log_in_with_mfa(client, user)
        return client

    return login


@pytest.fixture
def roles(postgres_db):
    """PostgreSQL: an owner and a runtime role of this test, set up by create_database_roles; yields their names.

    They are created inside the test's transaction (CREATE ROLE is transactional), so they vanish with it."""
    suffix = uuid.uuid4().hex[:8]
    owner, runtime = f"test_owner_{suffix}", f"test_runtime_{suffix}"
    out = io.StringIO()
    call_command("create_database_roles", owner=owner, runtime=runtime, no_login=True, stdout=out)
    assert f"created role {owner}" in out.getvalue() and f"created role {runtime}" in out.getvalue()
    return owner, runtime
