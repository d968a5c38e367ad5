"""Factories of the job seekers' tests, and a log-in as an eID log-in records it on the session."""

from __future__ import annotations

import datetime
import time

import factory

from jobseekers.models import JobSeekerProfile
from tests.portal.factories import UserFactory

#: The demo citizens' numbers (demo_oidc.citizens): born 10 March 2000, and 21 April 1968.
BRUSSELS_INSZ = "00031012315"
WALLONIA_INSZ = "68042145679"


class JobSeekerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobSeekerProfile

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"jobseeker-{n}@eid.invalid"))
    insz = BRUSSELS_INSZ
    given_name = "Yasmina"
    surname = "Demo-Brussel"
    domicile_region = "BRU"
    registered_since = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=14 * 31))
    employment_office = "Actiris"
    qualification = "upper_secondary"
    completed_at = factory.LazyFunction(lambda: datetime.datetime.now(tz=datetime.UTC))


def log_in_with_eid(client, user) -> None:
    """Log the user in with the 'socialaccount' record allauth writes after an eID log-in."""
    client.force_login(user)
    session = client.session
    session["account_authentication_methods"] = [
        {"method": "socialaccount", "at": time.time(), "provider": "eid", "uid": str(user.pk)}
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
