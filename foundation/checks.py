"""System checks of the ground floor: ``manage.py check`` says when the PDF files would lack their Unicode font."""

from __future__ import annotations

from django.core import checks

from foundation import pdf


@checks.register()
def pdf_font_installed(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    if pdf.font_files() is not None:
        return []
    folders = ", ".join(str(folder) for folder in pdf.font_folders())
    return [checks.Warning(pdf.MISSING_FONT.format(folders=folders), id="foundation.W001")]
