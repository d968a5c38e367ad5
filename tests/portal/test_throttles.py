"""API throttling applied per anonymous client and per user, the calculations endpoint with its own lower rate
(issue 16, finding 7). The rates are settings: these tests set low ones, the rest of the suite keeps the defaults."""

import pytest
from rest_framework.test import APIClient

from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

MEASURES = "/api/v1/measures/"
CALCULATIONS = "/api/v1/calculations/"


@pytest.fixture
def rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "user": "5/min", "calculations": "2/min"}
    return settings.API_THROTTLE_RATES


def test_an_anonymous_client_is_throttled(rates):
    api = APIClient()
    assert [api.get(MEASURES).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_user_is_throttled_on_their_own_count(rates):
    first, second = APIClient(), APIClient()
    first.force_authenticate(UserFactory())
    second.force_authenticate(UserFactory())
    assert [first.get(MEASURES).status_code for _ in range(6)] == [200] * 5 + [429]
    assert second.get(MEASURES).status_code == 200  # another user is not held up by the first


def test_the_calculations_endpoint_has_its_own_lower_rate(rates):
    api = APIClient()
    api.force_authenticate(UserFactory())
    codes = [api.post(CALCULATIONS, {"employer": "x"}, format="json").status_code for _ in range(3)]
    assert codes[:2] != [429, 429] and codes[2] == 429
    assert api.get(MEASURES).status_code == 200  # the other endpoints still answer


def test_the_default_rates_come_from_the_environment_settings(settings):
    assert set(settings.API_THROTTLE_RATES) == {"anon", "user", "calculations"}
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
