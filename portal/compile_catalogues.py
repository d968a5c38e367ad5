"""Compile the project's .po catalogues to .mo with Babel, for machines without GNU gettext's msgfmt.

`make` uses Django's compilemessages (msgfmt) when gettext is installed, and this module otherwise, so that
`make run` and `make test` work on a fresh machine with only Python and git. Run: python -m portal.compile_catalogues
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "staticfiles", "node_modules", ".git"}


def catalogues(root: Path = ROOT) -> list[Path]:
    return sorted(path for path in root.glob("**/locale/*/LC_MESSAGES/*.po") if not SKIP & set(path.parts))


def compile_all(root: Path = ROOT) -> int:
    """Write a .mo beside every .po that is missing one or is older than its .po; return how many were written."""
    written = 0
    for po in catalogues(root):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3])
        with mo.open("wb") as target:
            write_mo(target, catalog, use_fuzzy=False)
        written += 1
    return written


if __name__ == "__main__":
    count = compile_all()
    sys.stdout.write(f"{count} catalogue(s) compiled with Babel\n")
