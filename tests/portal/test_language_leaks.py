"""No English and no internal code on a Dutch, French or German page (issue 14, item 4).

Every page route is rendered for every demo role (anonymous, employer owner, mandatary, agent, auditor, staff, job
seeker) in nl, fr and de, on the demo world (accounts, repertory, rights, shipped catalogue, a DmfA declaration and a
saved scenario). The visible text (and the title, aria-label, placeholder and alt attributes) must not hold:

- the English source of a translation: a msgid whose msgstr in that language differs (so "Total" in French is no
  leak), either as a whole text or, for longer sentences, inside a text;
- an identifier-like token: a snake_case word, or a code the portal stores (a choice value, a measure, activity or
  parameter code, a gate's reason) written with a dash or an underscore, such as ``access-expired``;
- the informal address ("je" in Dutch, "tu" in French, "du" in German), also on the log-in pages.

Text an element marks with another ``lang`` (a catalogue text shown in its fallback language) is not checked.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

import pytest
from babel.messages.pofile import read_po
from lxml import html as lxml_html

from tests.authz.helpers import log_in_with_mfa
from tests.measures.conftest import _world
from tests.portal.test_no_store import routes

LANGUAGES = ["nl", "fr", "de"]
ROLES = ["anonymous", "owner", "mandatary", "agent", "auditor", "staff", "jobseeker"]
ACCOUNTS = {
    "owner": "owner.a@demo.be",
    "mandatary": "secretariat@demo.be",
    "agent": "agent@demo.be",
    "auditor": "auditor@demo.be",
    "staff": "admin@demo.be",
}
CHECKED_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
#: The log-in pages (allauth's, without a language prefix: the browser's language picks theirs).
ACCOUNT_PAGES = (
    "/accounts/login/",
    "/accounts/logout/",
    "/accounts/password/reset/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/email/",
)
#: The informal address, where the portal says "u", "vous" and "Sie".
INFORMAL = {
    "nl": re.compile(r"\b(je|jij|jou|jouw)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(tu|toi)\b", re.IGNORECASE),
    # "du" alone is also French ("Fonds du ..." in a source's title): German "du" is caught beside its verb
    "de": re.compile(
        r"\b(Du|dich|dir|[Dd]ein|[Dd]eine[mnrs]?)\b|\bdu (bist|hast|kannst|musst|möchtest|willst|erhältst)\b"
        r"|\b(bist|hast|kannst|musst|möchtest|willst) du\b"
    ),
}
#: Routes that are no pages of their own (files, redirects, JSON, the admin Django translates itself).
SKIPPED = ("/api/", "/admin/", "export.", ".pdf", ".csv", ".json", "/i18n/", "healthz", "/accounts/")
#: Words or sentences that are the same in English and in the page's language although a catalogue translates them
#: differently somewhere else (checked by hand: each is correct on its page).
SAME_IN_LANGUAGE: dict[str, set[str]] = {"nl": {"Filter"}, "fr": set(), "de": set()}


def _catalogue_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return sorted(base.glob("*/locale/*/LC_MESSAGES/django.po")) + sorted(base.glob("locale/*/LC_MESSAGES/django.po"))


def english_sources(language: str) -> tuple[set[str], list[str]]:
    """(whole texts, sentence fragments) that are the English source of a translation in ``language``."""
    translated: dict[str, str] = {}
    translations: set[str] = set()
    for path in _catalogue_files():
        if path.parts[-3] != language:
            continue
        with path.open("rb") as handle:
            catalogue = read_po(handle)
        for message in catalogue:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            translations.update(s for s in strings if s)
            for msgid, msgstr in zip(ids, strings, strict=False):
                if msgstr and msgstr != msgid:
                    translated[msgid] = msgstr
    wholes, fragments = set(), []
    for msgid in translated:
        if msgid in translations or msgid in SAME_IN_LANGUAGE[language]:
            continue
        if not re.search(r"[A-Za-z]{3}", msgid):
            continue
        if "%" not in msgid and "{" not in msgid:
            wholes.add(_normal(msgid))
        for part in re.split(r"%\(\w+\)[sd]|%[sd]|\{\{?[^}]*\}?\}", msgid):
            part = _normal(part).strip(" .,:;()")
            if len(part.split()) >= 4 and part not in translations:
                fragments.append(part)
    return wholes, fragments


def stored_codes() -> tuple[set[str], set[str]]:
    """(codes, catalogue keys) the portal stores that contain a dash or an underscore: choice values and reasons, and
    the measure, parameter and activity codes (the keys)."""
    codes: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {"authz", "repertory", "measures", "dmfa", "jobseekers", "portal"}:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                codes.update(str(value) for value, _label in field.flatchoices)
    from authz.constants import Reason
    from authz.models import ProcessingActivity
    from measures.models import Measure, Parameter

    codes.update(Reason.values)
    keys = {
        *ProcessingActivity.objects.values_list("code", flat=True),
        *Measure.objects.values_list("code", flat=True),
        *Parameter.objects.values_list("key", flat=True),
    }

    def identifier_like(values) -> set[str]:
        return {value for value in values if re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", value)}

    return identifier_like(codes | keys), identifier_like(keys)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def visible_texts(body: str, language: str) -> list[tuple[str, bool]]:
    """The page's texts, each with whether it stands in a ``<code>`` element."""
    document = lxml_html.fromstring(body)
    for element in document.xpath("//script|//style|//template|//noscript"):
        element.drop_tree()
    for element in document.xpath("//body//*[@lang]"):
        if element.get("lang", "").split("-")[0] != language:
            element.drop_tree()

    def in_code(element) -> bool:
        return element is not None and (element.tag == "code" or any(a.tag == "code" for a in element.iterancestors()))

    texts = []
    for element in document.xpath("//body") or [document]:
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            for piece, owner in ((node.text, node), (node.tail, node.getparent())):
                if piece and _normal(piece):
                    texts.append((_normal(piece), in_code(owner)))
            for attribute in CHECKED_ATTRIBUTES:
                if node.get(attribute):
                    texts.append((_normal(node.get(attribute)), False))
    title = document.xpath("//title")
    if title and title[0].text:
        texts.append((_normal(title[0].text), False))
    return texts


TOKEN = re.compile(r"(?<![\w/.@-])[a-z0-9]+(?:[-_][a-z0-9]+)+(?![\w/@]|\.\w)")
URLISH = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|/\S*")


def leaks_in(
    texts: list[tuple[str, bool]],
    *,
    wholes: set[str],
    fragments: list[str],
    codes: set[str],
    keys: set[str],
    informal: re.Pattern | None = None,
) -> list[str]:
    """The leaks in a page's texts. A catalogue key (a measure, parameter or activity code) may stand in a ``<code>``
    element: staff pages show it that way beside the name, as the identifier they look up."""
    found = []
    page_text = " ".join(text for text, _code in texts)
    for text, is_code in texts:
        if text in wholes:
            found.append(f"English: {text!r}")
        if informal is not None and not is_code and informal.search(text):
            found.append(f"informal: {text[:80]!r}")
        for token in TOKEN.findall(URLISH.sub(" ", text)):
            if is_code and token in keys:
                continue
            if "_" in token or token in codes:
                found.append(f"code: {token!r} in {text[:80]!r}")
    found.extend(f"English: {fragment!r}" for fragment in fragments if fragment in page_text)
    return list(dict.fromkeys(found))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world (tests/measures/conftest.py) plus a DmfA declaration, an integration and a saved scenario."""
    world = _world(django_db_blocker, with_people=True)
    emails = next(world)
    with django_db_blocker.unblock():
        from authz.models import User
        from dmfa import services as dmfa_services
        from tests.dmfa.conftest import FIXTURES
        from tests.jobseekers.factories import JobSeekerProfileFactory
        from tests.measures.calculator.test_scenarios import make_scenario

        dmfa_services.import_path(path=FIXTURES / "valid_two_forms.xml")
        _log_refusals()
        scenario = make_scenario(User.objects.get(email=ACCOUNTS["owner"]), name="Plan 2025", hires=2)
        jobseeker = JobSeekerProfileFactory().user
        yield {"emails": emails, "scenario": scenario.pk, "jobseeker": jobseeker.pk}
    with contextlib.suppress(StopIteration):
        next(world)


def _log_refusals() -> None:
    """A few refusals in the log, so that the auditor's page shows reasons and categories."""
    from datetime import date

    from authz import activities
    from authz.exceptions import DisclosureRefused
    from authz.models import User
    from authz.services import Actor, Subject, disclose

    for email, activity, subject, categories in (
        ("agent@demo.be", activities.DMFA_GECO_DSP, Subject.person(insz="64072008826"), ["occupation"]),
        ("owner.b@demo.be", activities.DMFA_GECO_DSP, Subject.person(insz="90051512391"), ["remunerations"]),
    ):
        with contextlib.suppress(DisclosureRefused):
            disclose(
                actor=Actor(user=User.objects.get(email=email), mfa_used=True),
                activity=activity,
                subjects=[subject],
                categories=categories,
                period=(date(2025, 1, 1), date(2025, 3, 31)),
                justification="GECO file 42",
            )


def page_urls(language: str, scenario: int) -> list[str]:
    urls = []
    for url in routes():
        if any(part in url for part in SKIPPED) or not url.startswith("/en/"):
            continue
        url = url.replace("/scenarios/1/", f"/scenarios/{scenario}/")
        urls.append(f"/{language}/" + url.removeprefix("/en/"))
    return list(dict.fromkeys([*urls, *ACCOUNT_PAGES]))


def log_in(client, role: str, world: dict) -> None:
    from authz.models import User

    if role == "anonymous":
        return
    if role == "jobseeker":
        from tests.jobseekers.factories import log_in_with_eid

        log_in_with_eid(client, User.objects.get(pk=world["jobseeker"]))
        return
    log_in_with_mfa(client, User.objects.get(email=ACCOUNTS[role]))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_english_and_no_code_on_any_page(client, world, role, language):
    log_in(client, role, world)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    wholes, fragments = english_sources(language)
    codes, keys = stored_codes()
    leaks: dict[str, list[str]] = {}
    rendered = 0
    for url in page_urls(language, world["scenario"]):
        response = client.get(url)
        if response.status_code >= 500:
            leaks[url] = [f"status {response.status_code}"]
            continue
        if not response["Content-Type"].startswith("text/html") or not response.content.strip():
            continue
        rendered += 1
        found = leaks_in(
            visible_texts(response.content.decode(), language),
            wholes=wholes,
            fragments=fragments,
            codes=codes,
            keys=keys,
            informal=INFORMAL[language],
        )
        if found:
            leaks[url] = found
    assert rendered >= 5  # the walk reached pages, not only redirects
    report = "\n".join(f"{url}:\n  " + "\n  ".join(found) for url, found in leaks.items())
    assert not leaks, f"{role} in {language}:\n{report}"


def test_the_leak_finder_finds_english_and_codes():
    texts = visible_texts(
        '<html lang="nl"><body><p>Total benefit</p><td>geweigerd (access-expired)</td><p>worker_code</p>'
        '<p lang="en">Total benefit</p><a href="/nl/x_y/">e-mail</a><p><code>fed-structural</code> Structureel</p>'
        "<p>fed-structural</p><p>Weet je het zeker?</p></body></html>",
        "nl",
    )
    leaks = leaks_in(
        texts,
        wholes={"Total benefit"},
        fragments=[],
        codes={"access-expired", "fed-structural"},
        keys={"fed-structural"},
        informal=INFORMAL["nl"],
    )
    assert leaks == [
        "English: 'Total benefit'",
        "code: 'access-expired' in 'geweigerd (access-expired)'",
        "code: 'worker_code' in 'worker_code'",
        "code: 'fed-structural' in 'fed-structural'",
        "informal: 'Weet je het zeker?'",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_acting_for_badge_names_the_employer_as_the_mandate_records_it(client, world, language):
    """The badge shows the name recorded with the user's own access (the demo records the repertory's name), never a
    placeholder, in every language."""
    log_in(client, "mandatary", world)
    body = client.get(f"/{language}/acting-for/").content.decode()
    badge = lxml_html.fromstring(body).xpath("//*[contains(@class, 'acting-for')]")
    assert badge and "Alfa Software" in badge[0].text_content() and "Employer A" not in badge[0].text_content()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dmfa_consultation_result_with_its_identity_has_no_english_and_no_code(client, world, language):
    """The one page the walk above cannot reach (a POST): an agent's DmfA result, with the identity block's codes."""
    from django.core.management import call_command

    from tests.dmfa.conftest import FIXTURES

    # The module's world already holds the declarations (valid_two_forms.xml) and the demo's integrations.
    call_command("import_persons", str(FIXTURES / "persons.csv"))
    log_in(client, "agent", world)
    response = client.post(
        f"/{language}/dmfa/",
        {"insz": "90051512391", "period_from": "2025Q1", "period_until": "2025Q4", "justification": "GECO 2025/42"},
    )
    assert response.status_code == 200 and "(150)" in response.content.decode()
    wholes, fragments = english_sources(language)
    codes, keys = stored_codes()
    texts = visible_texts(response.content.decode(), language)
    assert len(texts) > 50  # the whole result was read, not an error page
    found = leaks_in(texts, wholes=wholes, fragments=fragments, codes=codes, keys=keys, informal=INFORMAL[language])
    assert found == []
