"""Fixtures of the dmfa tests: the fixture files and a helper that imports one."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixture_path():
    def path(name: str) -> Path:
        return FIXTURES / name

    return path


@pytest.fixture
def import_fixture(db, fixture_path):
    from dmfa import services

    def do(name: str):
        return services.import_path(path=fixture_path(name))

    return do
