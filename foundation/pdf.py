"""A Unicode font for the PDF files the portal writes with fpdf2: DejaVu Sans, from Debian's fonts-dejavu-core.

fpdf2's built-in fonts (Helvetica...) know Latin-1 only: "€", "Œ", "ł", "≥" or a typographic dash cannot be written
with them. DejaVu Sans covers the Latin, Greek and Cyrillic scripts and the euro sign; Debian ships it in
``fonts-dejavu-core`` (installed by ``.ci/run``; on another machine install that package or point the
``PDF_FONT_DIR`` setting to a folder holding DejaVuSans.ttf, DejaVuSans-Bold.ttf and DejaVuSans-Oblique.ttf).

Without the font the files are still written, in Helvetica with the characters Latin-1 lacks replaced (``EUR``,
``-``, ``"``...) and a warning in the log; ``manage.py check`` warns too (foundation.checks).
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

FAMILY = "DejaVu"
#: Where Debian's fonts-dejavu-core puts the files.
DEBIAN_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
MISSING_FONT = (
    "The PDF font DejaVu Sans was not found in {folders}: PDF files are written in Helvetica (Latin-1 only). "
    "Install Debian's fonts-dejavu-core, or set PDF_FONT_DIR to a folder with the DejaVu Sans files."
)

#: Characters Latin-1 lacks, written the way a reader expects (the fallback font only).
LATIN1_REPLACEMENTS = {
    "\u20ac": "EUR",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2212": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\u202f": " ",
    "\u2009": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2264": "<=",
    "\u2265": ">=",
    "\u00d7": "x",
    "\u03b2": "beta",
    "\u03bc": "mu",
}


def latin1(text: object) -> str:
    """Text a core font can write: known replacements, accents kept, anything else simplified or as '?'."""
    out = []
    for char in str(text):
        if ord(char) < 256:
            out.append(char)
        elif char in LATIN1_REPLACEMENTS:
            out.append(LATIN1_REPLACEMENTS[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            kept = "".join(part for part in decomposed if ord(part) < 256 and not unicodedata.combining(part))
            out.append(kept or "?")
    return "".join(out)


def font_folders() -> list[Path]:
    configured = getattr(settings, "PDF_FONT_DIR", "") or ""
    return [Path(configured)] if configured else [DEBIAN_FONT_DIR]


def font_files() -> dict[str, Path] | None:
    """The regular, bold and oblique files of DejaVu Sans, or None when a folder lacks any of them."""
    for folder in font_folders():
        files = {style: folder / name for style, name in FILES.items()}
        if all(path.is_file() for path in files.values()):
            return files
    return None


class PdfFont:
    """The font a document writes with: ``family`` for ``set_font`` and ``text()`` for every string written."""

    def __init__(self, family: str, unicode: bool) -> None:
        self.family = family
        self.unicode = unicode

    def text(self, value: object) -> str:
        return str(value) if self.unicode else latin1(value)


def use_unicode_font(pdf: Any) -> PdfFont:
    """Register DejaVu Sans with an fpdf2 document; without the files, fall back to Helvetica (and say so)."""
    files = font_files()
    if files is None:
        logger.warning(MISSING_FONT.format(folders=", ".join(str(folder) for folder in font_folders())))
        return PdfFont("Helvetica", unicode=False)
    for style, path in files.items():
        pdf.add_font(FAMILY, style=style, fname=str(path))
    return PdfFont(FAMILY, unicode=True)
