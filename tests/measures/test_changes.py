"""The public change log (issue 18): entries derived when a load or staff publish, the pages and the Atom feed."""

import copy
import datetime
import json

import pytest
from lxml import etree

from measures.changes import services as change_log
from measures.loader import load
from measures.models import BenefitRule, Measure, MeasureChange, RuleVersion
from tests.measures import test_admin as admin_pages
from tests.measures.test_loader import GOOD, bad, write

pytestmark = pytest.mark.django_db

staff, form_data = admin_pages.staff, admin_pages.form_data  # a staff member with 2FA in the admin

ATOM = "{http://www.w3.org/2005/Atom}"
LANGS = ("nl", "fr", "de", "en")
ANNOUNCED = {
    "valid_from": "2027-01-01",
    "status": "announced",
    "announcement": "src",
    "period_unit": "quarter",
    "source": "src",
    "benefits": [{"kind": "fixed_schedule", "steps": [[900, 8]], "source": "src"}],
}


def entries():
    return list(MeasureChange.objects.order_by("pk").values_list("kind", "field", "old_value", "new_value"))


@pytest.fixture
def loaded(tmp_path):
    load(write(tmp_path, [GOOD]))
    MeasureChange.objects.all().delete()  # the "new measure" entry of the first load
    return tmp_path


def test_the_first_load_of_a_measure_is_one_new_measure_entry_with_its_source(tmp_path):
    load(write(tmp_path, [GOOD]))
    change = MeasureChange.objects.get()
    assert change.kind == "added"
    assert change.source == {"title": "A source", "url": "https://example.org/a", "read": "2026-12-01"}


def test_a_load_that_changes_an_amount_gives_one_entry_with_old_and_new(loaded):
    load(write(loaded, [bad(versions__1__benefits__0__steps=[[1300, 8]])]))
    assert entries() == [("amount", "steps", [[1200, 8]], [[1300, 8]])]
    change = MeasureChange.objects.get()
    assert change.version_from == datetime.date(2023, 1, 1)
    assert change.source["title"] == "A source"


def test_a_load_that_changes_a_condition_gives_a_condition_entry(loaded):
    load(write(loaded, [bad(versions__0__eligibility={"age": {"min": 50}})]))
    assert entries() == [("condition", "age_min", 55, 50)]


def test_a_load_that_adds_a_version_gives_a_new_version_entry(loaded):
    measure = bad(versions__1__valid_until="2026-12-31")
    measure["versions"].append(ANNOUNCED)
    load(write(loaded, [measure]))
    assert entries() == [("end", "valid_until", None, "2026-12-31"), ("new_version", "status", None, "announced")]


def test_a_load_that_moves_a_status_from_announced_to_in_force_gives_a_status_entry(loaded):
    measure = bad(versions__1__valid_until="2026-12-31")
    measure["versions"].append(ANNOUNCED)
    load(write(loaded, [measure]))
    MeasureChange.objects.all().delete()
    enacted = copy.deepcopy(measure)
    enacted["versions"][2] = {key: value for key, value in ANNOUNCED.items() if key != "announcement"}
    enacted["versions"][2]["status"] = "in_force"
    load(write(loaded, [enacted]))
    assert entries() == [("status", "status", "announced", "in_force")]


def test_a_load_that_ends_a_measure_gives_an_end_entry(loaded):
    load(write(loaded, [bad(versions__1__valid_until="2026-06-30")]))
    assert entries() == [("end", "valid_until", None, "2026-06-30")]


def test_an_announced_end_gives_an_end_entry(loaded):
    measure = copy.deepcopy(GOOD)
    measure["versions"].append({**ANNOUNCED, "ends": True, "benefits": []})
    load(write(loaded, [measure]))
    kinds = [kind for kind, *_rest in entries()]
    assert kinds == ["new_version", "end"]


def test_a_load_that_changes_nothing_gives_no_entry(loaded):
    load(write(loaded, [GOOD]))
    assert entries() == []


def test_a_change_saved_and_reverted_before_publication_gives_no_entry(loaded):
    measure = Measure.objects.get(code="test-good")
    benefit = BenefitRule.objects.get(version__measure=measure, version__valid_from=datetime.date(2023, 1, 1))
    benefit.steps = [[1500, 8]]
    benefit.save()
    assert [(item.kind, item.new_value) for item in change_log.pending(measure)] == [("amount", [[1500, 8]])]
    benefit.steps = [[1200, 8]]
    benefit.save()
    assert change_log.pending(measure) == []
    assert change_log.publish(measure) == []
    assert entries() == []


def test_a_change_published_by_staff_enters_the_log_once(loaded):
    measure = Measure.objects.get(code="test-good")
    RuleVersion.objects.filter(measure=measure, valid_from=datetime.date(2023, 1, 1)).update(wage_ceiling=4000)
    assert len(change_log.publish(measure)) == 1
    assert change_log.publish(measure) == []
    assert entries() == [("condition", "wage_ceiling", None, "4000.00")]


def test_an_unpublished_measure_publishes_nothing_until_it_is_published(tmp_path):
    load(write(tmp_path, [{**GOOD, "published": False}]))
    assert entries() == []
    load(write(tmp_path, [bad(versions__1__benefits__0__steps=[[1300, 8]])]))
    assert entries() == [("added", "", None, 2)]


@pytest.fixture
def logged(loaded):
    load(write(loaded, [bad(versions__1__benefits__0__steps=[[1300, 8]])]))
    return Measure.objects.get(code="test-good")


@pytest.mark.parametrize(
    ("lang", "title", "words"),
    [
        ("nl", "Goede maatregel", "gewijzigd in de regels vanaf"),
        ("fr", "Bonne mesure", "modifié dans les règles à partir du"),
        ("de", "Good measure", "geändert in den Regeln ab dem"),
        ("en", "Good measure", "changed in the rules from"),
    ],
)
def test_the_change_log_page_in_each_language(client, logged, lang, title, words):
    response = client.get(f"/{lang}/measures/changes/")
    assert response.status_code == 200
    text = response.content.decode()
    assert title in text
    assert words in text
    assert "1.200" in text or "1,200" in text or "1 200" in text or "1\xa0200" in text
    assert f"/{lang}/measures/changes.atom" in text


def test_the_change_log_filters_by_level_region_and_measure(client, logged):
    assert "Good measure" in client.get("/en/measures/changes/?level=flemish&region=VLG").content.decode()
    assert "Good measure" not in client.get("/en/measures/changes/?level=federal").content.decode()
    assert "Good measure" not in client.get("/en/measures/changes/?region=WAL").content.decode()
    assert "Good measure" in client.get("/en/measures/changes/?measure=test-good").content.decode()
    assert "Good measure" not in client.get("/en/measures/changes/?measure=other").content.decode()


def test_bad_filters_and_pages_are_refused_clearly_not_with_a_500(client, logged):
    for query in ("?level=moon", "?page=abc", "?page=999", "?measure=%C3%A9%20x"):
        response = client.get(f"/en/measures/changes/{query}")
        assert response.status_code == 200
    assert "not valid" in client.get("/en/measures/changes/?level=moon").content.decode()


def test_the_change_log_is_paginated(client, loaded):
    for steps in range(1, 28):
        load(write(loaded, [bad(versions__1__benefits__0__steps=[[1200 + steps, 8]])]))
    first = client.get("/en/measures/changes/").content.decode()
    assert "Page 1 of 2" in first
    assert 'rel="next"' in first
    assert "Page 2 of 2" in client.get("/en/measures/changes/?page=2").content.decode()


def test_the_measure_page_shows_its_own_changes(client, logged):
    text = client.get("/en/measures/test-good/").content.decode()
    assert 'id="changes"' in text
    assert "Published changes" in text
    assert "change-" in text


def test_an_unpublished_measure_s_entries_are_not_shown(client, logged):
    Measure.objects.filter(code="test-good").update(is_published=False)
    assert "Good measure" not in client.get("/en/measures/changes/").content.decode()
    assert b"<entry>" not in client.get("/en/measures/changes.atom").content


@pytest.mark.parametrize("lang", LANGS)
def test_the_feed_is_atom_in_each_language(client, logged, lang):
    response = client.get(f"/{lang}/measures/changes.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = etree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for name in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{name}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith(f"/{lang}/measures/changes.atom")
    (entry,) = feed.findall(f"{ATOM}entry")
    for name in ("id", "title", "updated"):
        assert entry.find(f"{ATOM}{name}").text
    pk = logged.changes.get().pk
    assert entry.find(f"{ATOM}id").text == f"tag:front-office-tewerkstelling.be,2026:measures/changes/{lang}/{pk}"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/{lang}/measures/test-good/#change-{pk}")
    summary = entry.find(f"{ATOM}summary").text
    assert "A source" in summary
    assert "https://example.org/a" in summary
    datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


def test_the_feed_takes_the_filters_of_the_page(client, logged):
    def entry_count(query):
        feed = etree.fromstring(client.get(f"/en/measures/changes.atom{query}").content)
        return len(feed.findall(f"{ATOM}entry"))

    assert entry_count("?measure=test-good") == 1
    assert entry_count("?region=VLG&level=flemish") == 1
    assert entry_count("?region=WAL") == 0
    assert entry_count("?level=moon") == 1  # ignored, as on the page


def test_a_change_saved_and_reverted_in_the_admin_writes_nothing_then_a_kept_one_is_published(client, staff, loaded):
    measure = Measure.objects.get(code="test-good")
    version = measure.versions.get(valid_from=datetime.date(2023, 1, 1))
    url = f"/admin/measures/ruleversion/{version.pk}/change/"
    preview = f"/admin/measures/measure/{measure.pk}/changes/"
    for steps in ([[1500, 8]], [[1200, 8]]):
        data = form_data(client.get(url))
        data["benefits-0-steps"] = json.dumps(steps)
        assert client.post(url, data).status_code == 302
    assert "Nothing to publish" in client.get(preview).content.decode()
    client.post(preview)
    assert entries() == []
    data = form_data(client.get(url))
    data["benefits-0-steps"] = json.dumps([[1500, 8]])
    client.post(url, data)
    assert entries() == []  # saved, not yet published
    text = client.get(preview).content.decode()
    assert "€ 1,200 for 8 periods" in text and "€ 1,500 for 8 periods" in text
    client.post(preview)
    assert entries() == [("amount", "steps", [[1200, 8]], [[1500, 8]])]
