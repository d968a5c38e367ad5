"""Models of the authz app: users, parties, rights, the processing register and the disclosure log."""

from authz.models.user import User

__all__ = ["User"]
