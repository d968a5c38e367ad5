"""The PDF font of the ground floor: DejaVu Sans when installed, a Latin-1 fallback and a system check warning else."""

import io

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from foundation import checks, pdf


def test_without_the_font_the_check_warns_and_the_text_is_made_latin1(settings, tmp_path):
    settings.PDF_FONT_DIR = str(tmp_path)
    [warning] = checks.pdf_font_installed()
    assert warning.id == "foundation.W001" and "fonts-dejavu-core" in warning.msg
    font = pdf.use_unicode_font(FPDF())
    assert font.family == "Helvetica" and font.text("5 € – ŝé") == "5 EUR - sé"


@pytest.mark.skipif(pdf.font_files() is None, reason="needs Debian's fonts-dejavu-core")
def test_with_the_font_text_outside_latin1_is_written_as_it_is():
    assert checks.pdf_font_installed() == []
    document = FPDF()
    font = pdf.use_unicode_font(document)
    document.add_page()
    document.set_font(font.family, size=12)
    document.cell(0, 10, font.text("Œuvre € łódź ≥ 1"))
    text = PdfReader(io.BytesIO(bytes(document.output()))).pages[0].extract_text()
    assert "Œuvre € łódź ≥ 1" in text
