"""The repertory's calls of the authz gate: one place decides what an employer page or API answer may show."""

from __future__ import annotations

from django.http import Http404

from authz import activities
from authz.constants import Channel
from authz.services import Subject
from authz.shortcuts import require_disclosure
from foundation.identifiers import EmployerNumber
from repertory.constants import Repertory
from repertory.models import Employer
from repertory.selectors import employer_for_record

#: The data categories of the full record: all of deliberation 07/039 §2.2, in the register's words (version 2 of
#: the activity, authz migration 0009); the gate refuses a category the register does not list.
RECORD_CATEGORIES = (
    "identification",
    "deletion_date",
    "legal_form",
    "registered_office",
    "employer_type",
    "employer_category",
    "nace_codes",
    "operating_seats",
    "importance_code",
)
LOOKUP_CATEGORIES = ("employer_category",)


def employer_subject(employer: Employer) -> Subject:
    return Subject.employer(
        repertory=employer.repertory, number=employer.registration_number, personal=employer.natural_person
    )


#: The "repertory" of a log subject that is an enterprise number no active employer has (KBO/BCE).
ENTERPRISE_NUMBER_SUBJECT = "KBO"


def lookup_subjects(key: EmployerNumber, employers: list[Employer]) -> list[Subject]:
    """Whom a look-up is about: each employer found, else the number as typed (so that enumeration shows in the log).

    A number with no active employer (unknown or struck off: the page cannot tell them apart, nor can the log) is
    logged as the enterprise number, or as the registration number in the repertory whose check it passes: one row,
    or two for a short number that passes both checks. Never as personal data: nothing is read about a struck-off
    employer that may have had the number.
    """
    if employers:
        return [employer_subject(employer) for employer in employers]
    if key.enterprise_number:
        return [Subject.employer(repertory=ENTERPRISE_NUMBER_SUBJECT, number=key.enterprise_number, personal=False)]
    return [
        Subject.employer(repertory=repertory, number=number, personal=False) for repertory, number in key.registrations
    ]


def disclose_lookup(request, *, key: EmployerNumber, employers: list[Employer]) -> None:
    """Log the look-up of a valid number (06/80: open to anyone), whether or not an employer has it; raises if the log
    fails. A number that fails its format or check digits names no one and never reaches the gate."""
    require_disclosure(
        request,
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=lookup_subjects(key, employers),
        categories=LOOKUP_CATEGORIES,
        channel=Channel.WEB,
    )


def record_subject(*, number: str, repertory: str | None) -> tuple[Employer | None, Subject]:
    """The employer a record request names (None when no employer has the number) and the subject to ask the gate
    about: the gate is asked also when no employer has the number, so that the refusal is logged and takes the same
    path. Http404 for a repertory that does not exist (nothing to log: it names no one)."""
    if repertory not in (None, *Repertory.values):
        raise Http404
    employer = employer_for_record(registration_number=number, repertory=repertory)
    if employer is not None:
        return employer, employer_subject(employer)
    return None, Subject.employer(repertory=repertory or Repertory.RSZ, number=number, personal=False)


def disclose_record(request, *, number: str, repertory: str | None, channel: str) -> Employer:
    """The employer record, once the gate granted it (07/039); Http404 alike for "no such employer" and "not yours"."""
    employer, subject = record_subject(number=number, repertory=repertory)
    require_disclosure(
        request,
        activity=activities.REPERTORY_FOR_CALCULATOR,
        subjects=[subject],
        categories=RECORD_CATEGORIES,
        channel=channel,
        not_found=True,
    )
    if employer is None:
        raise Http404
    return employer
