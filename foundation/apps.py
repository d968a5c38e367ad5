"""The ground floor as an installed app: its template filters, and a check that the PDF font is there."""

from django.apps import AppConfig


class FoundationConfig(AppConfig):
    name = "foundation"
    verbose_name = "Foundation"

    def ready(self) -> None:
        from foundation import checks  # noqa: F401  (registers the checks)
