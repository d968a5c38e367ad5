"""Fixtures of the authz tests."""

import pytest

from tests.authz.helpers import log_in_with_mfa


@pytest.fixture
def mfa_client(client):
    """A test client whose log-in recorded two-factor authentication in the session."""

    def login(user):
        log_in_with_mfa(client, user)
        return client

    return login
