"""Fixtures of the job seekers' tests: the demo eID provider as a second process, and an English-speaking client."""

import pytest

from tests.jobseekers.provider import eid_configured, oidc_provider

__all__ = ["eid_configured", "oidc_provider"]


@pytest.fixture(autouse=True)
def _english_client(client):
    """The log-in's URLs carry no language prefix: the browser's language (here English) picks the page's."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
