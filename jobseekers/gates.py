"""The job seekers' call of the authz gate: a person's own profile data, shown to them."""

from __future__ import annotations

from django.http import HttpRequest

from authz.services import Subject
from authz.shortcuts import require_disclosure
from jobseekers import activities
from jobseekers.models import JobSeekerProfile


def disclose_own_profile(request: HttpRequest, profile: JobSeekerProfile) -> None:
    """Their own profile data, to them (07/039 §1.4): decided and logged before anything is shown."""
    require_disclosure(
        request,
        activity=activities.JOBSEEKER_CALCULATOR,
        subjects=[Subject.person(insz=profile.insz)],
        categories=activities.CATEGORIES,
    )
