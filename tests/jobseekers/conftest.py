"""Fixtures of the job seekers' tests: the demo eID provider as a second process, and job-seeker accounts."""

from tests.jobseekers.provider import eid_configured, oidc_provider

__all__ = ["eid_configured", "oidc_provider"]
