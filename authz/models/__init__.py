"""Models of the authz app: users, parties, rights, the processing register and the disclosure log."""

from authz.models.api_token import ApiToken
from authz.models.disclosure import ChainHead, ChainVerification, Disclosure
from authz.models.invitation import MandateInvitation
from authz.models.notices import NoticePreference
from authz.models.parties import (
    AccessScope,
    EmployerAccess,
    Institution,
    InstitutionMembership,
    QualityCode,
    ReferenceDirectoryEntry,
)
from authz.models.refusal import RefusalCount
from authz.models.register import ProcessingActivity
from authz.models.user import User

__all__ = [
    "AccessScope",
    "ApiToken",
    "ChainHead",
    "ChainVerification",
    "Disclosure",
    "EmployerAccess",
    "Institution",
    "InstitutionMembership",
    "MandateInvitation",
    "NoticePreference",
    "ProcessingActivity",
    "QualityCode",
    "ReferenceDirectoryEntry",
    "RefusalCount",
    "User",
]
