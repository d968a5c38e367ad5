"""Codes of the processing activities the job seekers' pages pass the gate with (seeded by this app's migration)."""

from authz.activities import OWN_DISCLOSURES

#: Deliberation 07/039 §1.4: the job seeker identified with the eID calculates the benefits for themselves.
JOBSEEKER_CALCULATOR = "jobseeker-calculator"
#: What the job seeker's own pages show of their profile (age from the INSZ, region, registration, diploma, ...).
CATEGORIES = ("identification", "age", "jobseeker_profile")

__all__ = ["CATEGORIES", "JOBSEEKER_CALCULATOR", "OWN_DISCLOSURES"]
