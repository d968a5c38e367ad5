"""The house's layers (README, "Layout"): every module's imports, read with ast, point down only.

foundation (the ground floor) < authz (the gate) < the data apps repertory and dmfa (beside each other, neither
importing the other) < measures < jobseekers < portal (settings, URLs, the pages of the whole site). A package may
import its own modules and those of lower layers; portal's settings name apps only by string.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: Layer of each first-party package; a module may import a package of a strictly lower layer (or its own package).
LAYERS = {
    "foundation": 0,
    "authz": 1,
    "repertory": 2,
    "dmfa": 2,
    "measures": 3,
    "jobseekers": 4,
    "portal": 5,
}
#: The demo eID provider stands beside the portal (a separate process in `make run`): it imports no app.
STANDALONE = {"demo_oidc"}
FIRST_PARTY = set(LAYERS) | STANDALONE


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """(first-party top-level package, line) of every import in the module, at any depth (lazy imports too)."""
    module_package = path.relative_to(ROOT).parts[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [module_package] if node.level else [node.module or ""]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in FIRST_PARTY}
    return found


def modules() -> list[Path]:
    return sorted(path for package in FIRST_PARTY for path in (ROOT / package).rglob("*.py"))


def breaks(path: Path) -> list[str]:
    package = path.relative_to(ROOT).parts[0]
    wrong = []
    for imported, line in sorted(imported_packages(path)):
        if imported == package:
            continue
        if package in STANDALONE or imported in STANDALONE or LAYERS[imported] >= LAYERS[package]:
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    return wrong


def test_every_import_points_down():
    paths = modules()
    assert len(paths) > 200 and ROOT / "foundation" / "quarters.py" in paths
    assert "authz" in {name for name, _line in imported_packages(ROOT / "dmfa" / "gates.py")}
    problems = [problem for path in paths for problem in breaks(path)]
    assert problems == []


def test_the_settings_name_apps_by_string_only():
    imported = {name for name, _line in imported_packages(ROOT / "portal" / "settings.py")}
    assert imported <= {"portal"}


@pytest.mark.parametrize(
    ("package", "source", "broken"),
    [
        ("foundation", "from authz.models import User\n", True),
        ("foundation", "def f():\n    import repertory.selectors\n", True),
        ("repertory", "from portal.views import home\n", True),
        ("authz", "from portal.admin_site import site\n", True),
        ("dmfa", "from repertory.models import Employer\n", True),
        ("repertory", "from measures.models import Measure\n", True),
        ("measures", "from jobseekers.models import JobSeekerProfile\n", True),
        (
            "measures",
            "from repertory.selectors import employer_facts\nfrom foundation.quarters import Quarter\n",
            False,
        ),
        ("dmfa", "from . import selectors\nfrom authz.services import Subject\n", False),
        ("demo_oidc", "from authz.models import User\n", True),
    ],
)
def test_the_rule_catches_an_upward_import(tmp_path, monkeypatch, package, source, broken):
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    module = tmp_path / package / "module.py"
    module.parent.mkdir()
    module.write_text(source)
    assert bool(breaks(module)) is broken
