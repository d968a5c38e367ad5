"""The authz pages render in each language, with their own translated headings."""

from django.contrib.auth.models import Group

import pytest

from tests.authz.factories import EmployerAccessFactory
from tests.authz.helpers import log_in_with_mfa
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

HEADINGS = {
    "nl": ("Mandaten van Employer A", "Wie raadpleegde mijn gegevens", "Logboek van de mededelingen"),
    "fr": ("Mandats de Employer A", "Qui a consulté mes données", "Journal des communications"),
    "de": ("Mandate von Employer A", "Wer hat meine Daten abgefragt", "Übermittlungsprotokoll"),
    "en": ("Mandates of Employer A", "Who consulted my data", "Disclosure log"),
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("lang", sorted(HEADINGS))
def test_pages_speak_the_language_of_their_url(client, lang):
    mandates_heading, my_data_heading, log_heading = HEADINGS[lang]
    owner = EmployerAccessFactory(employer_name="Employer A").user
    client.force_login(owner)
    assert f"<h1>{mandates_heading}</h1>" in client.get(f"/{lang}/mandates/RSZ/123456749/").content.decode()
    assert f"<h1>{my_data_heading}</h1>" in client.get(f"/{lang}/my-data/disclosures/").content.decode()
    auditor = UserFactory()
    auditor.groups.add(Group.objects.get(name="auditor"))
    log_in_with_mfa(client, auditor)
    assert f"<h1>{log_heading}</h1>" in client.get(f"/{lang}/audit/disclosures/").content.decode()


def test_a_wrong_mandate_date_is_explained_in_dutch(client):
    client.force_login(EmployerAccessFactory().user)
    response = client.post("/nl/mandates/RSZ/123456749/", {"email": "x@example.be", "valid_from": "2027-02-02"})
    assert "Een mandaat begint op de eerste dag van een kwartaal" in response.content.decode()


def test_register_texts_and_scopes_are_shown_in_the_page_language(client):
    from authz import activities
    from authz.services import Actor, Subject, disclose

    owner = EmployerAccessFactory().user
    employer = Subject.employer(repertory="RSZ", number="123456749", personal=False)
    lookup = activities.EMPLOYER_CATEGORY_LOOKUP
    disclose(actor=Actor(user=None), activity=lookup, subjects=[employer], categories=["employer_category"])
    client.force_login(owner)
    my_data = client.get("/nl/my-data/disclosures/").content.decode()
    assert "Beraadslaging 06/80 van 14 november 2006" in my_data and "Opzoeking van de werkgeverscategorie" in my_data
    mandates = client.get("/de/mandates/RSZ/123456749/").content.decode()
    assert "Vorteilsrechner" in mandates and "Benefit calculator" not in mandates
