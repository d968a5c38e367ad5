"""Forms of the repertory app."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from foundation.formatting import number
from foundation.identifiers import EmployerNumber, InvalidIdentifier, validate_employer_number
from foundation.uploads import TOO_LARGE


class EmployerNumberForm(forms.Form):
    number = forms.CharField(
        label=_("Enterprise number or RSZ/RSZPPO registration number"),
        help_text=_("For example 0403.019.261, BE 0403019261 or 1234567-49."),
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> EmployerNumber:
        try:
            return validate_employer_number(self.cleaned_data["number"])
        except InvalidIdentifier as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class ImportUploadForm(forms.Form):
    """Staff upload of a repertory CSV or a KBO extract (zip); larger files go through manage.py import_repertory."""

    file = forms.FileField(
        label=_("File"), help_text=_("The portal's repertory CSV, or a KBO Open Data extract (.zip).")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(too_large_message(upload.name, upload.size), code=TOO_LARGE)
        return upload


def too_large_message(name: str, size: int) -> str:
    """Why an upload is refused for its size, in the user's language: the form's error and the failed job's message."""
    return gettext(
        "%(name)s is %(size)s MB, more than the %(limit)s MB an upload may have. "
        "Import large files with manage.py import_repertory."
    ) % {"name": name, "size": number(size / 1024 / 1024, 1), "limit": settings.UPLOAD_MAX_MB}
