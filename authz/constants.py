"""Choices of the authz app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Repertory(models.TextChoices):
    RSZ = "RSZ", _("RSZ (National Social Security Office)")
    RSZPPO = "RSZPPO", _("RSZPPO (provincial and local administrations)")


class AccessRole(models.TextChoices):
    OWNER = "owner", _("owner")
    APPOINTEE = "appointee", _("appointee")
    MANDATARY = "mandatary", _("mandatary")


class MembershipRole(models.TextChoices):
    AGENT = "agent", _("agent")
    SUPERVISOR = "supervisor", _("supervisor")


class ActorRole(models.TextChoices):
    """The capacity in which someone receives data, as written in the disclosure log."""

    ANONYMOUS = "anonymous", _("anonymous visitor")
    OWNER = "owner", _("owner")
    APPOINTEE = "appointee", _("appointee")
    MANDATARY = "mandatary", _("mandatary")
    AGENT = "agent", _("institution agent")
    SUPERVISOR = "supervisor", _("institution supervisor")
    AUDITOR = "auditor", _("auditor")
    STAFF = "staff", _("staff")
    SELF = "self", _("the person concerned")
    SYSTEM = "system", _("the portal, on behalf of the user")
    NONE = "none", _("no role")


class Recipient(models.TextChoices):
    """Who a processing activity may disclose to (ProcessingActivity.recipients)."""

    PUBLIC = "public", _("anyone, logged in or not")
    EMPLOYER = "employer", _("the employer, its appointees and mandataries")
    INSTITUTION = "institution", _("an institution for the persons it integrated")
    AUDITOR = "auditor", _("auditors")
    SELF = "self", _("the person concerned")
    STAFF = "staff", _("staff maintaining the data")


class SubjectKind(models.TextChoices):
    EMPLOYER = "employer", _("employer")
    PERSON = "person", _("natural person (INSZ)")
    LOG = "disclosure-log", _("the disclosure log")
    ACCOUNT = "account", _("user account")


class Channel(models.TextChoices):
    WEB = "web", _("web page")
    API = "api", _("API")
    EXPORT = "export", _("export")
    ADMIN = "admin", _("admin")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class Reason(models.TextChoices):
    """Why the gate decided as it did (stored in the log)."""

    PUBLIC = "public-activity", _("the activity is open to anyone")
    ACCESS = "employer-access", _("valid access to the employer")
    INTEGRATED = "integrated", _("the person is integrated by the institution with a required quality code")
    INSTITUTION_RECIPIENT = "institution-recipient", _("agent of an institution the activity discloses to")
    AUDITOR = "auditor", _("auditor")
    STAFF = "staff", _("staff")
    SELF = "self", _("the person's own data")
    ANONYMOUS = "anonymous", _("not logged in")
    NO_ACCESS = "no-access", _("no access to this employer")
    ACCESS_EXPIRED = "access-expired", _("the access has ended")
    ACCESS_NOT_YET_VALID = "access-not-yet-valid", _("the access is not valid yet")
    OUT_OF_SCOPE = "out-of-scope", _("the access does not cover this application")
    NOT_A_MEMBER = "not-a-member", _("not an agent of an institution")
    NOT_INTEGRATED = "not-integrated", _("the person is not integrated by the agent's institution")
    WRONG_QUALITY = "wrong-quality-code", _("the person is integrated with another quality code")
    OUTSIDE_PERIOD = "outside-period", _("the integration does not cover the consulted period")
    MFA_REQUIRED = "mfa-required", _("two-factor authentication not used in this session")
    NOT_A_RECIPIENT = "not-a-recipient", _("this activity does not disclose to this role")
    INVALID_SUBJECT = "invalid-subject", _("the identifier is not valid")
    JUSTIFICATION_MISSING = "justification-missing", _("no justification was given")
    CATEGORY_NOT_IN_REGISTER = (
        "category-not-in-register",
        _("a data category asked for is not in the register for this activity (or none was named)"),
    )
    INSTITUTION_NOT_A_RECIPIENT = (
        "institution-not-a-recipient",
        _("the agent's institution is not among the recipients of this activity"),
    )


#: The data categories of the register and the log, in words (a page, a CSV or an API label never shows the code).
DATA_CATEGORY_LABELS = {
    "account_identification": _("account identification"),
    "age": _("age"),
    "authentication_factors": _("authentication factors"),
    "contributions_due": _("contributions due"),
    "deletion_date": _("deletion date"),
    "disclosure_log": _("disclosure log"),
    "dismissed_statutory_worker": _("dismissed statutory worker"),
    "early_retirement": _("early retirement"),
    "employer_category": _("employer category"),
    "employer_declaration": _("employer's declaration"),
    "employer_type": _("employer type"),
    "identification": _("identification"),
    "importance_code": _("importance code"),
    "incapacity_indemnity": _("incapacity indemnity"),
    "integration": _("integration"),
    "jobseeker_profile": _("job seeker profile"),
    "legal_form": _("legal form"),
    "nace_codes": _("NACE codes"),
    "national_register": _("national register"),
    "occupation": _("occupation"),
    "occupation_reductions": _("occupation reductions"),
    "operating_seats": _("operating seats"),
    "registered_office": _("registered office"),
    "remunerations": _("remunerations"),
    "services": _("services"),
    "student": _("student"),
    "worker_identification": _("worker identification"),
    "worker_record": _("worker record"),
    "worker_record_reductions": _("worker record reductions"),
}


def category_labels(codes) -> list[str]:
    """The words for a list of data categories; an unknown code (a later register version) stays as it is."""
    return [str(DATA_CATEGORY_LABELS.get(code, code)) for code in codes or ()]


def reason_label(code: str) -> str:
    """The words for a gate's reason code; an unknown code stays as it is."""
    return str(Reason(code).label) if code in Reason.values else code


#: The group whose members read and verify the disclosure log.
AUDITOR_GROUP = "auditor"
