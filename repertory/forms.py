"""Forms of the repertory app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.identifiers import EmployerNumber, InvalidIdentifier, validate_employer_number
from foundation.uploads import refuse_too_large


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
        refuse_too_large(upload, command="import_repertory")
        return upload
