"""Hostile JSON bodies are refused with 400 or 413, never a 500 (issue 16, finding 4)."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from foundation.parsers import nesting_depth

pytestmark = pytest.mark.django_db

CALCULATIONS = "/api/v1/calculations/"


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_json_nested_1500_deep_is_answered_400(api, opening, closing):
    body = opening * 1500 + "1" + closing * 1500
    response = api.post(CALCULATIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than 20 levels" in response.json()["detail"]


def test_a_body_over_the_size_limit_is_answered_413(api, settings):
    settings.API_JSON_MAX_BYTES = 1000
    response = api.post(CALCULATIONS, json.dumps({"employer": "x" * 2000}), content_type="application/json")
    assert response.status_code == 413


def test_the_limit_is_in_the_users_language(settings):
    response = APIClient(HTTP_ACCEPT_LANGUAGE="nl").post(CALCULATIONS, "[" * 100, content_type="application/json")
    assert response.status_code == 400 and "20" in response.json()["detail"]
    assert "nested more than" not in response.json()["detail"]


def test_a_normal_body_still_reaches_the_endpoint(api):
    response = api.post(CALCULATIONS, {"employer": "123456749", "hires": []}, format="json")
    assert response.status_code in (400, 403)  # the serializer or the gate answers, not the parser


def test_brackets_inside_strings_do_not_count():
    assert nesting_depth(b'{"a": "[[[[[[[[[[{{{{{\\"]]]"}', stop_above=5) == 1


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:'),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=20,
)


def depth_of(value) -> int:
    if isinstance(value, list):
        return 1 + max((depth_of(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth_of(item) for item in value.values()), default=0)
    return 0


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_the_scan_agrees_with_the_decoder(value):
    assert nesting_depth(json.dumps(value).encode(), stop_above=1000) == depth_of(value)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(alphabet='[]{}"\\:,1a ', max_size=300).map(str.encode))
def test_any_body_is_answered_without_a_server_error(body):
    response = APIClient().post(CALCULATIONS, body, content_type="application/json")
    assert response.status_code < 500
