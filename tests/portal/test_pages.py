"""Home page, languages, layout and error pages."""

import re

from django.test import override_settings
from django.urls import reverse

import pytest

LANGS = ["nl", "fr", "de", "en"]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_home_in_each_language_has_lang_attribute(client, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("nl", "Vind de tewerkstellingsmaatregelen die bij uw situatie passen"),
        ("fr", "Trouvez les mesures pour l’emploi adaptées à votre situation"),
        ("de", "Finden Sie die Beschäftigungsmaßnahmen, die zu Ihrer Situation passen"),
        ("en", "Find the employment measures that fit your situation"),
    ],
)
def test_home_heading_is_translated(client, lang, heading):
    response = client.get(f"/{lang}/")
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_root_redirects_to_default_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/nl/"


@pytest.mark.django_db
def test_layout_has_landmarks_skip_link_and_language_switcher(client):
    html = client.get("/en/").content.decode()
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert re.search(r'<nav class="main-nav" aria-label="Main navigation"', html)
    for lang in LANGS:
        assert f'name="language" value="{lang}"' in html


@pytest.mark.django_db
def test_language_switcher_keeps_the_page(client):
    html = client.get("/en/").content.decode()
    assert '<input type="hidden" name="next" value="/fr/">' in html
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/fr/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert client.cookies["django_language"].value == "fr"


@pytest.mark.django_db
def test_no_external_resources_in_layout(client):
    html = client.get("/nl/").content.decode()
    assert not re.search(r'(src|href)="https?://', html)


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/nl/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_request_id_from_proxy_is_kept_only_when_well_formed(client):
    assert client.get("/nl/", HTTP_X_REQUEST_ID="abc-123-def-456")["X-Request-ID"] == "abc-123-def-456"
    assert client.get("/nl/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nl", "Pagina niet gevonden"),
        ("fr", "Page introuvable"),
        ("de", "Seite nicht gefunden"),
        ("en", "Page not found"),
    ],
)
def test_404_page_is_translated_and_in_layout(client, lang, text):
    response = client.get(f"/{lang}/does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert 'class="site-header"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("handler", "status"), [("bad_request", 400), ("permission_denied", 403)])
def test_error_handlers_render_their_status(rf, handler, status):
    from portal import views

    request = rf.get("/en/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = getattr(views, handler)(request)
    assert response.status_code == status
    assert f"({status})" in response.content.decode()


@pytest.mark.django_db
def test_500_page_shows_request_reference(rf):
    from portal.views import server_error

    request = rf.get("/en/")
    request.request_id = "abcdef1234567890"
    response = server_error(request)
    assert response.status_code == 500
    assert "abcdef1234567890" in response.content.decode()


@pytest.mark.django_db
def test_navigation_hides_login_only_entries_for_anonymous(client):
    from portal.navigation import main_navigation

    request = client.get("/en/").wsgi_request
    labels = [str(item["label"]) for item in main_navigation(request)]
    assert "Home" in labels
    assert "My data" not in labels


@override_settings(ROOT_URLCONF="portal.urls")
def test_healthz_route_is_outside_language_prefix():
    assert reverse("healthz") == "/healthz"
