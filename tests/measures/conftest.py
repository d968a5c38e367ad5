"""Fixtures of the measures tests: the shipped data file, loaded once per test that asks for it."""

import pytest

from measures.demo import DATA_FILE


@pytest.fixture
def shipped(db):
    """The shipped catalogue, loaded through the loader (as the demo does)."""
    from measures.loader import load

    load(DATA_FILE)
    return DATA_FILE


@pytest.fixture(autouse=True)
def _english():
    """Model and service messages in English, the language the assertions are written in."""
    from django.utils import translation

    with translation.override("en"):
        yield
