"""Domain exceptions of the authz app."""

from django.core.exceptions import PermissionDenied


class DisclosureLogUnavailable(Exception):
    """The log entry could not be written, so the data must not be shown (fail closed)."""


class UnknownActivity(Exception):
    """No version of this processing activity is valid on that date."""


class MFARequired(Exception):
    """The actor's role needs two-factor authentication used in this session before personal data is shown."""

    def __init__(self, *, has_authenticator: bool):
        super().__init__("two-factor authentication required")
        self.has_authenticator = has_authenticator


class ImportRejected(Exception):
    """An import file was rejected as a whole; ``errors`` lists (line, message) pairs."""

    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class DisclosureRefused(PermissionDenied):
    """The gate refused (and logged the refusal); ``decision`` says why, for an explanation the user can act on
    (authz.refusals.explain). Views that do not catch it give the 403 page, as for any PermissionDenied."""

    def __init__(self, decision: object) -> None:
        super().__init__()  # no message: DRF would show it as the API's "detail"
        self.decision = decision
