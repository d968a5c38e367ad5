"""The repertory's calls of the authz gate: one place decides what an employer page or API answer may show."""

from __future__ import annotations

from django.http import Http404

from authz import activities
from authz.constants import Channel
from authz.services import Subject
from authz.shortcuts import require_disclosure
from repertory.constants import Repertory
from repertory.models import Employer
from repertory.selectors import employer_for_record

#: The data categories of the full record (deliberation 07/039 §2.2).
RECORD_CATEGORIES = (
    "identification",
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


def disclose_lookup(request, employers: list[Employer]) -> None:
    """Log the look-up of these employers' categories (06/80: open to anyone); raises if the log fails."""
    require_disclosure(
        request,
        activity=activities.EMPLOYER_CATEGORY_LOOKUP,
        subjects=[employer_subject(employer) for employer in employers],
        categories=LOOKUP_CATEGORIES,
        channel=Channel.WEB,
    )


def disclose_record(request, *, number: str, repertory: str | None, channel: str) -> Employer:
    """The employer record, once the gate granted it (07/039); Http404 alike for "no such employer" and "not yours".

    The gate is asked also when no employer has the number, so that the refusal is logged and takes the same path.
    """
    if repertory not in (None, *Repertory.values):
        raise Http404
    employer = employer_for_record(registration_number=number, repertory=repertory)
    if employer is not None:
        subject = employer_subject(employer)
    else:
        subject = Subject.employer(repertory=repertory or Repertory.RSZ, number=number, personal=False)
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
