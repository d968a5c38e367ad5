"""Reads of the job seekers' app."""

from __future__ import annotations

from jobseekers.models import JobSeekerProfile


def profile_of(user) -> JobSeekerProfile | None:
    """The user's job-seeker profile (the reverse one-to-one, cached on the user), None when it has none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.jobseeker_profile
    except JobSeekerProfile.DoesNotExist:
        return None


def insz_of(user) -> str:
    """The INSZ an eID log-in proved for this account, "" when none did."""
    profile = profile_of(user)
    return profile.insz if profile is not None else ""


def is_jobseeker(user) -> bool:
    return profile_of(user) is not None
