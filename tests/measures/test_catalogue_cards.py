"""The catalogue's cards are drawn once per language and catalogue generation; an anonymous visit opens no session."""

from __future__ import annotations

from unittest import mock

from django.contrib.sessions.models import Session

import pytest

from measures import presentation, services
from measures.models import Measure
from tests.measures.factories import make_measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures():
    return [make_measure(code="older", version={"age_min": 55}), make_measure(code="general")]


_ASKED = iter(range(1, 600))


def _cards_drawn(client, path: str) -> tuple[int, str]:
    # A filter that leaves every measure, with a new value each time: never a cached page, the same cards.
    path += ("&" if "?" in path else "?") + f"jobseeker_months={next(_ASKED)}"
    with mock.patch.object(presentation, "render_to_string", wraps=presentation.render_to_string) as render:
        body = client.get(path).content.decode()
    return render.call_count, body


def test_a_card_is_drawn_once_per_language_and_generation(client, measures):
    assert _cards_drawn(client, "/en/measures/")[0] == 2
    assert _cards_drawn(client, "/en/measures/?age=60")[0] == 0  # other filters, the same cards
    drawn, body = _cards_drawn(client, "/fr/measures/")
    assert drawn == 2 and 'href="/fr/measures/older/"' in body


def test_a_staff_change_draws_the_cards_again(client, measures, django_capture_on_commit_callbacks):
    _cards_drawn(client, "/en/measures/")
    Measure.objects.filter(code="older").update(name_en="Renamed older workers measure")
    with django_capture_on_commit_callbacks(execute=True):
        services.record_change(measure=Measure.objects.get(code="older"), user=None, origin="admin", summary="x")
    drawn, body = _cards_drawn(client, "/en/measures/")
    assert drawn == 2 and "Renamed older workers measure" in body


def test_an_anonymous_visit_of_the_catalogue_opens_no_session(client, measures):
    for path in ("/en/measures/", "/en/measures/?age=60", "/en/measures/?age=60", "/api/v1/measures/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
