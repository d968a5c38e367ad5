"""Domain exceptions of the authz app."""


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
