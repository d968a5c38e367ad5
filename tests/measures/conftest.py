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
    """The shipped catalogue, loaded through the loader (as the demo does): for real the first time in a test process,
    then the rows that load wrote are inserted again as they were (see ``_load_shipped_once``)."""
    _load_shipped_once()
    return DATA_FILE


#: The rows the loader wrote, per (day, language, number of rows of every table before the load).
_SHIPPED_ROWS: dict[tuple, list[tuple[type, list[dict]]] | None] = {}


#: The apps of accounts, log-ins and sessions (besides the user model), left out of the state a recording is kept for.
ACCOUNT_APPS = {"account", "mfa", "sessions", "usersessions", "socialaccount"}


def _tables() -> list:
    from django.apps import apps

    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _load_shipped_once() -> None:
    """Load the shipped catalogue; once per test process through the loader (a second or more each time).

    The first load in a process records the rows it wrote; a later test whose database is in the same state (every
    table but the accounts' holding as many rows as before that first load, on the same day, in the same language)
    gets the same rows inserted in one statement per table, inside its own transaction as before. The recording is
    kept only when the loaded rows point at no row outside them (a user, a scenario): otherwise each test loads for
    real.
    """
    from django.contrib.auth import get_user_model
    from django.core.management.color import no_style
    from django.db import connection
    from django.utils import timezone

    from measures.loader import load

    tables = _tables()
    before = tuple(model._base_manager.count() for model in tables)
    # The loader reads no account (it records changes without a user): accounts made before do not change its rows.
    accounts = {get_user_model()._meta.label, *(m._meta.label for m in tables if m._meta.app_label in ACCOUNT_APPS)}
    state = tuple(count for model, count in zip(tables, before, strict=True) if model._meta.label not in accounts)
    key = (timezone.now().date(), translation.get_language(), state)
    recorded = _SHIPPED_ROWS.get(key)
    if recorded:
        for model, rows in recorded:
            model._base_manager.bulk_create([model(**row) for row in rows], batch_size=500)
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [model for model, _ in recorded]):
                cursor.execute(statement)
        return
    load(DATA_FILE)
    if key in _SHIPPED_ROWS:
        return
    written = [model for model, count in zip(tables, before, strict=True) if model._base_manager.count() != count]
    if any(count for model, count in zip(tables, before, strict=True) if model in written):
        _SHIPPED_ROWS[key] = None  # the load changed rows that were there: not recorded
        return
    recorded = []
    for model in written:
        names = [field.attname for field in model._meta.concrete_fields]
        outside = [
            field.attname
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model not in written
        ]
        rows = list(model._base_manager.order_by("pk").values(*names))
        if any(row[name] is not None for row in rows for name in outside):
            _SHIPPED_ROWS[key] = None
            return
        recorded.append((model, rows))
    _SHIPPED_ROWS[key] = recorded


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
