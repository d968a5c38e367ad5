"""The job seeker's profile: the INSZ proven by an eID log-in (set once) and the facts the measures ask about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobseekers.constants import EmploymentOffice
from measures.constants import Qualification

#: What the job seeker tells about themselves and may change (the INSZ and the eID's names are not among them).
EDITABLE_FIELDS = (
    "domicile_region",
    "registered_since",
    "employment_office",
    "qualification",
    "reduced_work_capacity",
    "birth_date",
)


class JobSeekerProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobseeker_profile", verbose_name=_("user")
    )
    # Set from the eID claim at the first log-in and never changed by a later one (jobseekers.services).
    insz = models.CharField(_("INSZ"), max_length=11, unique=True, editable=False)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    # What the eID does not say, asked once and editable: None/blank until the job seeker answered.
    domicile_region = models.CharField(_("region of domicile"), max_length=3, blank=True)
    registered_since = models.DateField(_("registered as a job seeker since"), null=True, blank=True)
    employment_office = models.CharField(
        _("employment office"), max_length=10, choices=EmploymentOffice.choices, blank=True
    )
    qualification = models.CharField(
        _("highest qualification"), max_length=20, choices=Qualification.choices, blank=True
    )
    reduced_work_capacity = models.BooleanField(_("reduced work capacity"), default=False)
    # Only when the INSZ does not tell it (some BIS numbers): asked on the profile form.
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    completed_at = models.DateTimeField(_("profile completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job seeker profile")
        verbose_name_plural = _("job seeker profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(insz__regex=r"^[0-9]{11}$"), name="jobseeker_profile_insz_eleven_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(domicile_region__in=["", "VLG", "WAL", "BRU", "DG"]),
                name="jobseeker_profile_region_valid",
            ),
        ]

    def __str__(self) -> str:
        # Never the INSZ: this string shows in the admin, in log lines and in error pages.
        return f"{self.given_name} {self.surname}".strip() or f"profile {self.pk}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None
