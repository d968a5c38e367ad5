"""The admin: staff add and change measures, every change enters the history, saving refreshes the cached pages."""

import datetime
import json

from django.test import Client

import pytest
import time_machine

from measures import services
from measures.models import Measure, MeasureRevision, Parameter
from tests.authz.helpers import log_in_with_mfa
from tests.measures.factories import CumulationRuleFactory, RuleVersionFactory, make_measure
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, settings):
    user = UserFactory(is_staff=True, is_superuser=True)
    log_in_with_mfa(client, user)
    # The admin has no language in its URL: without the cookie it answers in Dutch, the default.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return user


def _value(field, value):
    if value is None:
        return ""
    if isinstance(value, list | dict) and not isinstance(value, str):
        if field.__class__.__name__ == "CodeListFormField":
            return ", ".join(value)
        return json.dumps(value)
    if isinstance(value, bool):
        return "on" if value else ""
    return str(value)


def form_data(response) -> dict:
    """The POST data of an admin change form as the browser would send it unchanged, inlines included."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        value = _value(field, value)
        if value != "":
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, field in formset.management_form.fields.items():
            data[f"{formset.prefix}-{name}"] = formset.management_form.initial.get(name, field.initial)
        for subform in formset.initial_forms:
            for name, field in subform.fields.items():
                value = _value(field, subform.initial.get(name, field.initial))
                if name == "id":
                    value = str(subform.instance.pk)
                if value != "":
                    data[subform.add_prefix(name)] = value
    return data


def add_version(data: dict, **fields) -> None:
    """Add one rule-version inline form to the POST data of a measure's change form, as "Add another" does."""
    index = int(data["versions-TOTAL_FORMS"])
    values = {"date_basis": "hiring_date", "period_unit": "quarter", "prorated": "on", "age_reference": "at_hiring"}
    values.update({"source_key": "src", "status": "in_force", **fields})
    data.update({f"versions-{index}-{name}": value for name, value in values.items()})
    data["versions-TOTAL_FORMS"] = index + 1


def test_staff_add_a_measure_and_it_enters_the_history(client, staff):
    response = client.get("/admin/measures/measure/add/")
    assert response.status_code == 200
    data = form_data(response)
    data.update(
        {
            "code": "new-measure",
            "name_nl": "Nieuwe maatregel",
            "name_fr": "Nouvelle mesure",
            "summary_nl": "Kort.",
            "summary_fr": "Court.",
            "level": "brussels",
            "region": "BRU",
            "region_basis": "domicile",
            "technique": "wage_subsidy",
            "reduction_role": "none",
            "audiences": "employer, jobseeker",
            "legal_references": "[]",
            "sources": json.dumps([{"key": "src", "url": "https://example.org", "title": "Source"}]),
        }
    )
    response = client.post("/admin/measures/measure/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    measure = Measure.objects.get(code="new-measure")
    assert measure.audiences == ["employer", "jobseeker"]
    assert not measure.is_published and measure.published_at is None
    revision = measure.revisions.get()
    assert revision.changed_by == staff
    assert revision.origin == "admin"


def test_a_measure_without_its_french_name_cannot_be_added(client, staff):
    data = form_data(client.get("/admin/measures/measure/add/"))
    data.update({"code": "half", "name_nl": "Half", "summary_nl": "x", "summary_fr": "x", "level": "federal"})
    data.update({"region": "BE", "region_basis": "nationwide", "technique": "other", "reduction_role": "none"})
    data.update({"sources": "[]", "legal_references": "[]"})
    response = client.post("/admin/measures/measure/add/", data)
    assert response.status_code == 200
    assert "name_fr" in response.context["adminform"].form.errors
    assert not Measure.objects.filter(code="half").exists()


def test_changing_a_measure_records_who_and_what_and_refreshes_the_catalogue(
    client, staff, django_capture_on_commit_callbacks
):
    measure = make_measure(code="changed", name_en="Old name")
    assert "Old name" in client.get("/en/measures/").content.decode()
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["name_en"] = "New name"
    generation = services.catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    revision = MeasureRevision.objects.filter(measure=measure).latest("changed_at")
    assert revision.changed_by == staff
    assert "name_en" in revision.changed_fields
    assert services.catalogue_generation() == generation + 1
    client.logout()
    assert "New name" in client.get("/en/measures/").content.decode()
    assert "New name" in client.get("/en/measures/changed/").content.decode()


def test_the_admin_refuses_unknown_codes_in_a_measure_and_its_rule_versions(client, staff):
    measure = make_measure(code="coded")
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["audiences"] = "employr, worker"
    data["versions-0-employer_types"] = "private, charity"
    data["versions-0-employer_categories"] = "10"
    data["versions-0-joint_committees_included"] = "PC 200"
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Unknown code(s) employr: use employer, worker, jobseeker." in body
    assert "Unknown code(s) charity" in body
    assert "Employer categories are 3-digit codes such as 010; not 10." in body
    assert "Joint committees are numbers such as 302 or 330.01; not PC 200." in body
    measure.refresh_from_db()
    assert measure.audiences == ["employer"]


def test_two_new_rule_versions_that_overlap_each_other_are_refused(client, staff):
    measure = make_measure(code="versioned", version={"valid_until": "2021-12-31"})
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    add_version(data, valid_from="2022-01-01", valid_until="2023-12-31")
    add_version(data, valid_from="2023-07-01")
    response = client.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.non_form_errors() == [
        "The rule version valid from 2023-07-01 overlaps the one valid from 2022-01-01, which runs until "
        "2023-12-31. Let each version end before the next one starts."
    ]
    assert "The rule version valid from 2023-07-01 overlaps" in response.content.decode()
    assert measure.versions.count() == 1


def test_a_new_rule_version_that_overlaps_a_saved_one_is_refused(client, staff):
    measure = make_measure(code="versioned")
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    add_version(data, valid_from="2024-01-01")
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert any("valid from 2024-01-01 overlaps the one valid from 2020-01-01" in error for error in errors)
    assert "no end date" in errors[0]
    assert measure.versions.count() == 1


def test_closing_a_version_and_adding_the_next_in_one_submit_is_accepted(client, staff):
    measure = make_measure(code="versioned")
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["versions-0-valid_until"] = "2023-12-31"
    add_version(data, valid_from="2024-01-01")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert [str(version.valid_from) for version in measure.versions.all()] == ["2020-01-01", "2024-01-01"]
    measure.refresh_from_db()
    assert measure.valid_from.isoformat() == "2020-01-01" and measure.valid_until is None


def test_a_version_deleted_in_the_same_submit_does_not_count_as_an_overlap(client, staff):
    measure = make_measure(code="versioned")
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["versions-0-DELETE"] = "on"
    add_version(data, valid_from="2021-01-01")
    response = client.post(url, data)
    assert response.status_code == 302
    assert [str(version.valid_from) for version in measure.versions.all()] == ["2021-01-01"]


def test_a_bad_schedule_is_refused_in_the_rule_version_page(client, staff):
    measure = make_measure(code="scheduled")
    version = measure.versions.get()
    url = f"/admin/measures/ruleversion/{version.pk}/change/"
    data = form_data(client.get(url))
    data["benefits-0-steps"] = json.dumps([[-100, 4]])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "-100 is less than the minimum of 0" in response.content.decode()
    assert version.benefits.get().steps == [[1000, 4]]


@pytest.mark.parametrize(
    ("kind", "values", "field"),
    [
        ("percentage", {"steps": [["a", 2]]}, "steps"),
        ("formula", {"formula": "rate * S", "parameters": ["rate"]}, "parameters"),
        ("formula", {"formula": "rate * S", "parameters": "rate"}, "parameters"),
    ],
)
def test_a_benefit_rule_of_the_wrong_shape_shows_field_errors(client, staff, kind, values, field):
    version = make_measure(code="shapes").versions.get()
    url = f"/admin/measures/ruleversion/{version.pk}/change/"
    data = form_data(client.get(url))
    data.update({"benefits-0-kind": kind, "benefits-0-wage_base": "gross_wage"})
    for name, value in values.items():
        data[f"benefits-0-{name}"] = value if name == "formula" else json.dumps(value)
    response = client.post(url, data)
    assert response.status_code == 200
    benefit_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert field in benefit_form.errors
    assert version.benefits.get().kind == "fixed_schedule"


def test_publish_and_unpublish_actions_enter_the_history(client, staff):
    measure = make_measure(code="draft", is_published=False)
    response = client.post(
        "/admin/measures/measure/", {"action": "publish", "_selected_action": [measure.pk]}, follow=True
    )
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.is_published and measure.published_at
    assert measure.revisions.get().origin == "publish"
    client.post("/admin/measures/measure/", {"action": "unpublish", "_selected_action": [measure.pk]})
    measure.refresh_from_db()
    assert not measure.is_published
    assert client.get("/en/measures/draft/").status_code == 404


def test_ticking_published_in_the_change_form_dates_the_publication(client, staff):
    measure = make_measure(code="ticked", is_published=False)
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["is_published"] = "on"
    with time_machine.travel(datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC), tick=False):
        assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.is_published
    assert measure.published_at == datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC)
    assert "is_published" in measure.revisions.get().changed_fields
    data = form_data(client.get(url))
    data.pop("is_published")
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert not measure.is_published
    assert measure.published_at == datetime.datetime(2025, 3, 3, 10, tzinfo=datetime.UTC)  # when it was last published


def test_saving_a_published_measure_again_keeps_its_publication_date(client, staff):
    published_at = datetime.datetime(2024, 5, 1, 8, tzinfo=datetime.UTC)
    measure = make_measure(code="ticked", is_published=True, published_at=published_at)
    url = f"/admin/measures/measure/{measure.pk}/change/"
    data = form_data(client.get(url))
    data["name_en"] = "Renamed"
    assert client.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.published_at == published_at


def test_the_change_page_links_to_a_preview_and_shows_the_history(client, staff):
    measure = make_measure(code="previewed")
    services.record_change(measure=measure, user=staff, origin="admin", summary="x", changed_fields=["name_en"])
    body = client.get(f"/admin/measures/measure/{measure.pk}/change/").content.decode()
    assert "/measures/previewed/?preview=1" in body
    assert staff.email in body
    assert client.get(f"/admin/measures/measure/{measure.pk}/history/").status_code == 200


def test_staff_without_mfa_cannot_open_the_measure_admin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/measures/measure/").status_code == 302


def _parameter(key="rate", valid_from=datetime.date(2020, 1, 1)):
    return Parameter.objects.create(
        key=key, valid_from=valid_from, value="0.25", unit="fraction", description="Rate", source_title="S"
    )


@pytest.mark.parametrize("bulk", [False, True], ids=["delete page", "delete action"])
def test_deleting_a_measure_refreshes_the_cached_catalogue(client, staff, bulk, django_capture_on_commit_callbacks):
    measure = make_measure(code="doomed", name_en="Doomed measure")
    anonymous = Client()
    assert "Doomed measure" in anonymous.get("/en/measures/").content.decode()  # now cached
    generation = services.catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        if bulk:
            url = "/admin/measures/measure/"
            response = client.post(url, {"action": "delete_selected", "_selected_action": [measure.pk], "post": "yes"})
        else:
            response = client.post(f"/admin/measures/measure/{measure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Measure.objects.filter(code="doomed").exists()
    assert services.catalogue_generation() == generation + 1
    assert "Doomed measure" not in anonymous.get("/en/measures/").content.decode()


def test_a_measure_that_named_a_deleted_one_records_the_lost_cumulation_rule(client, staff):
    doomed, other = make_measure(code="doomed"), make_measure(code="other")
    CumulationRuleFactory(measure=other, other_measure=doomed, other_text_en="")
    client.post(f"/admin/measures/measure/{doomed.pk}/delete/", {"post": "yes"})
    assert not other.cumulation_rules.exists()
    revision = other.revisions.get()
    assert revision.changed_by == staff
    assert revision.summary == "Cumulation rules with doomed removed: the measure was deleted."


@pytest.mark.parametrize("bulk", [False, True], ids=["delete page", "delete action"])
def test_deleting_a_rule_version_recomputes_the_validity_and_enters_the_history(
    client, staff, bulk, django_capture_on_commit_callbacks
):
    measure = make_measure(code="shrinking", version={"valid_until": datetime.date(2022, 12, 31)})
    later = RuleVersionFactory(measure=measure, valid_from=datetime.date(2023, 1, 1))
    services.refresh_derived(measure)
    measure.refresh_from_db()
    assert measure.valid_until is None
    generation = services.catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        if bulk:
            url = "/admin/measures/ruleversion/"
            response = client.post(url, {"action": "delete_selected", "_selected_action": [later.pk], "post": "yes"})
        else:
            response = client.post(f"/admin/measures/ruleversion/{later.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.valid_from, measure.valid_until) == (datetime.date(2020, 1, 1), datetime.date(2022, 12, 31))
    revision = measure.revisions.get()
    assert revision.changed_by == staff
    assert revision.origin == "admin"
    assert revision.summary == "Rule version(s) from 2023-01-01 deleted in the admin"
    assert revision.changed_fields == ["rule_versions"]
    assert services.catalogue_generation() == generation + 1


def test_deleting_rule_versions_of_two_measures_at_once_records_one_revision_each(client, staff):
    first, second = make_measure(code="first"), make_measure(code="second")
    pks = [first.versions.get().pk, second.versions.get().pk]
    client.post("/admin/measures/ruleversion/", {"action": "delete_selected", "_selected_action": pks, "post": "yes"})
    for measure in (first, second):
        measure.refresh_from_db()
        assert measure.valid_from is None
        assert measure.revisions.count() == 1


@pytest.mark.parametrize("bulk", [False, True], ids=["delete page", "delete action"])
def test_deleting_a_parameter_refreshes_the_cached_catalogue(client, staff, bulk, django_capture_on_commit_callbacks):
    parameter = _parameter()
    generation = services.catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        if bulk:
            url = "/admin/measures/parameter/"
            response = client.post(
                url, {"action": "delete_selected", "_selected_action": [parameter.pk], "post": "yes"}
            )
        else:
            response = client.post(f"/admin/measures/parameter/{parameter.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Parameter.objects.exists()
    assert services.catalogue_generation() == generation + 1
