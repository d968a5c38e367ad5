"""Fixtures of the measures tests: the shipped data file, and the worlds the page tests share per module.

Loading the shipped catalogue and the demo accounts costs about a second a test; the page tests need them unchanged,
so each module builds them once inside a transaction of its own and every test runs in a savepoint within it
(pytest-django's ``db`` nests its atomic block), rolled back after the test; the module's transaction is rolled back
after its last test. Tests that need an empty database simply do not ask for a world.
"""

from __future__ import annotations

import io

from django.db import transaction
from django.test import override_settings
from django.utils import translation

import pytest

from measures.demo import DATA_FILE
from tests.conftest import ensure_seed_data

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shipped(db):
    """The shipped catalogue, loaded through the loader (as the demo does)."""
    from measures.loader import load

    load(DATA_FILE)
    return DATA_FILE


@pytest.fixture(autouse=True)
def _english():
    """Model and service messages in English, the language the assertions are written in."""
    with translation.override("en"):
        yield


def _world(django_db_blocker, *, with_people: bool):
    """Build the shared data in an outer transaction, yield the demo e-mail addresses, roll everything back."""
    from measures.demo import load_shipped

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER), translation.override("en"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # A transactional test earlier in this process may have flushed the seeded register and institutions;
            # the per-test re-seeding runs only after this module-wide set-up.
            ensure_seed_data()
            emails: list[str] = []
            if with_people:
                from authz import demo as authz_demo
                from portal.demo import load_accounts
                from repertory import demo as repertory_demo

                emails = list(load_accounts())
                repertory_demo.load(stdout=io.StringIO())
                authz_demo.load(stdout=io.StringIO())
            load_shipped()
            yield emails
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def catalogue_world(django_db_setup, django_db_blocker):
    """The shipped catalogue, once per module (see the module docstring)."""
    yield from _world(django_db_blocker, with_people=False)


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    """The demo accounts, employers, accesses and the shipped catalogue, once per module."""
    yield from _world(django_db_blocker, with_people=True)
