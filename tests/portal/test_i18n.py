"""Every translation catalogue of the project is complete: no untranslated or fuzzy entries."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/*/LC_MESSAGES/*.po")
    if ".venv" not in path.parts and "staticfiles" not in path.parts
)


def test_every_language_has_a_catalogue_for_the_layout():
    languages = {path.parts[-3] for path in CATALOGUES if path.parent.parent.parent == ROOT / "locale"}
    assert languages == {"nl", "fr", "de", "en"}


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr
    assert "translated message" in result.stderr
