"""load_measures: the shipped file loads; every kind of bad file is refused whole, naming the measure and field."""

import copy
import datetime
import json

from django.core.management import CommandError, call_command

import pytest
import time_machine
import yaml

from measures import constants, services
from measures.loader import LoadError, load, read
from measures.models import BenefitRule, Measure, MeasureRevision, RuleVersion

pytestmark = pytest.mark.django_db

GOOD = {
    "code": "test-good",
    "level": "flemish",
    "region": "VLG",
    "region_basis": "operating_seat",
    "technique": "contribution_reduction",
    "texts": {
        "name": {"nl": "Goede maatregel", "fr": "Bonne mesure", "en": "Good measure"},
        "summary": {"nl": "Samenvatting", "fr": "Résumé", "en": "Summary"},
        "description": {"nl": "Beschrijving", "fr": "Description", "de": "Beschreibung", "en": "Description"},
    },
    "sources": [{"key": "src", "url": "https://example.org/a", "title": "A source", "read": "2026-12-01"}],
    "versions": [
        {
            "valid_from": "2020-01-01",
            "valid_until": "2022-12-31",
            "status": "in_force",
            "period_unit": "quarter",
            "source": "src",
            "eligibility": {"age": {"min": 55}},
            "benefits": [{"kind": "fixed_schedule", "steps": [[1000, 8]], "source": "src"}],
        },
        {
            "valid_from": "2023-01-01",
            "status": "in_force",
            "period_unit": "quarter",
            "source": "src",
            "benefits": [{"kind": "fixed_schedule", "steps": [[1200, 8]], "source": "src"}],
        },
    ],
}


SHARED_SOURCE = {"title": "S", "url": "https://example.org/s", "read": "2026-12-01"}


def write(tmp_path, measures, *, suffix=".yaml", name="measures"):
    data = {"format": "front-office-measures/2", "measures": measures}
    path = tmp_path / f"{name}{suffix}"
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data, allow_unicode=True))
    return path


def bad(**changes):
    measure = copy.deepcopy(GOOD)
    for dotted, value in changes.items():
        target = measure
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return measure


def test_the_shipped_file_loads_every_measure_with_its_sources(shipped):
    codes = [item["code"] for item in read(shipped)["measures"]]
    assert len(codes) >= 45
    assert Measure.objects.filter(code__in=codes, is_published=True).count() == len(codes)
    levels = set(Measure.objects.values_list("level", flat=True))
    assert levels == set(constants.Level.values)
    for measure in Measure.objects.all():
        assert measure.sources, measure.code
        assert measure.name_nl and measure.name_fr and measure.name_en, measure.code
        if measure.level == constants.Level.GERMAN_SPEAKING:
            assert measure.name_de and measure.summary_de, measure.code
    first_hires = Measure.objects.get(code="fed-first-hires")
    current = first_hires.versions.get(valid_from="2024-01-01")
    assert current.placement_window == 20
    assert current.benefits.get(conditions__hire_rank=2).steps == [[1550, 5], [1050, 4], [450, 4]]


def test_the_shipped_file_marks_its_assumptions_and_carries_the_contribution_rate(shipped):
    import datetime

    from measures.selectors import parameter_value

    assert str(parameter_value("employer-contribution-rate-cat1", datetime.date(2025, 1, 1)).value) == "0.250000"
    dg = Measure.objects.get(code="dg-older-workers")
    assert dg.assumptions.exists()
    assert BenefitRule.objects.filter(version__measure=dg, status="assumption").count() == 4


def test_loading_again_replaces_instead_of_duplicating(tmp_path):
    path = write(tmp_path, [GOOD])
    first = load(path)
    second = load(
        write(
            tmp_path, [bad(versions__1__benefits=[{"kind": "fixed_schedule", "steps": [[1300, 8]], "source": "src"}])]
        )
    )
    assert first.created == ["test-good"]
    assert second.updated == ["test-good"]
    assert RuleVersion.objects.filter(measure__code="test-good").count() == 2
    assert MeasureRevision.objects.filter(measure__code="test-good", origin="loader").count() == 2


def test_loading_the_same_file_again_records_no_revision_and_keeps_last_changed(tmp_path):
    path = write(tmp_path, [GOOD])
    with time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=datetime.UTC), tick=False):
        load(path)
    last_changed = Measure.objects.get(code="test-good").updated_at
    with time_machine.travel(datetime.datetime(2025, 2, 3, 9, tzinfo=datetime.UTC), tick=False):
        again = load(path)
    assert (again.created, again.updated, again.unchanged) == ([], [], ["test-good"])
    assert MeasureRevision.objects.filter(measure__code="test-good").count() == 1
    assert Measure.objects.get(code="test-good").updated_at == last_changed


def test_a_changed_file_records_what_changed_and_moves_last_changed(tmp_path, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=datetime.UTC), tick=False):
        load(write(tmp_path, [GOOD]))
    changed = bad(texts__name__en="Better measure", versions__1__benefits__0__steps=[[1300, 8]])
    generation = services.catalogue_generation()
    with (
        time_machine.travel(datetime.datetime(2025, 2, 3, 9, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = load(write(tmp_path, [changed]))
    assert result.updated == ["test-good"]
    revision = MeasureRevision.objects.filter(measure__code="test-good").first()
    assert set(revision.changed_fields) == {"name", "name_en", "versions"}
    assert Measure.objects.get(code="test-good").updated_at.date() == datetime.date(2025, 2, 3)
    assert services.catalogue_generation() == generation + 1


def test_a_file_that_changes_only_shared_parameters_refreshes_the_catalogue(
    tmp_path, django_capture_on_commit_callbacks
):
    rate = {
        "key": "rate",
        "valid_from": "2020-01-01",
        "unit": "fraction",
        "description": "R",
        "source": SHARED_SOURCE,
        "status": "in_force",
    }
    path = tmp_path / "parameters.yaml"
    for value, expected in ((0.25, 1), (0.25, 0), (0.24, 1)):
        data = {"format": "front-office-measures/2", "measures": [GOOD], "parameters": [{**rate, "value": value}]}
        path.write_text(yaml.safe_dump(data))
        generation = services.catalogue_generation()
        with django_capture_on_commit_callbacks(execute=True):
            load(path)
        assert services.catalogue_generation() == generation + expected, value


def test_json_files_load_too(tmp_path):
    load(write(tmp_path, [GOOD], suffix=".json"))
    assert Measure.objects.get(code="test-good").versions.count() == 2


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (bad(technique="magic"), "measure test-good: technique: 'magic' is not one of"),
        (
            bad(versions__1__valid_from="2022-06-01"),
            "measure test-good: versions[1].valid_from: 2022-06-01 overlaps versions[0]",
        ),
        (
            bad(versions__0__benefits__0__steps=[[-100, 4]]),
            "measure test-good: versions[0].benefits[0].steps[0][0]: -100 is less than the minimum of 0",
        ),
        (bad(texts__name__fr=None), "measure test-good: texts.name: 'fr' is a required property"),
        (bad(texts__summary__nl=None), "measure test-good: texts.summary: 'nl' is a required property"),
        (bad(versions__0__source="missing"), "measure test-good: versions[0].source: no source with key 'missing'"),
        (
            bad(versions__0__valid_until="2019-01-01"),
            "measure test-good: versions[0].valid_until: 2019-01-01 is before valid_from",
        ),
        (
            bad(versions__0__eligibility={"age": {"min": 60, "max": 50}}),
            "measure test-good: versions[0].eligibility.age: max 50 is below min 60",
        ),
        (
            bad(cumulation=[{"kind": "cannot_combine", "with": "no-such-measure"}]),
            "cumulation[0].with: no measure 'no-such-measure'",
        ),
        (
            bad(versions__0__benefits__0__kind="formula"),
            "measure test-good: versions[0].benefits[0]: 'formula' is a required property",
        ),
        (bad(level="federal"), "measure test-good: region: a federal measure applies in region BE"),
        (
            bad(versions__0__eligibility={"employer_categories": {"include": ["10"]}}),
            "measure test-good: versions[0]: employer_categories: Employer categories are 3-digit codes",
        ),
        (
            bad(versions__0__valid_from="2020-13-01"),
            "measure test-good: versions[0].valid_from: '2020-13-01' is not a 'date'",
        ),
        # issue 11: every figure sourced, dated and with a status
        (bad(versions__0__status=None), "measure test-good: versions[0]: 'status' is a required property"),
        (bad(versions__0__status="rumour"), "measure test-good: versions[0].status: 'rumour' is not one of"),
        (
            bad(versions__1__status="announced"),
            "measure test-good: versions[1].announcement: required when status is announced",
        ),
        (
            bad(versions__1__status="announced", versions__1__announcement="missing"),
            "measure test-good: versions[1].announcement: no source with key 'missing'",
        ),
        (bad(versions__0__ends=True), "measure test-good: versions[0].ends: only an announced version has it"),
        (bad(sources=[{"key": "src", "url": "https://example.org/a", "title": "A"}]), "sources[0]: 'read' is a"),
        (
            bad(sources=[{"key": "src", "title": "A", "read": "2026-12-01"}]),
            "measure test-good: sources[0]: give a 'url' or an official 'reference' of the source",
        ),
        (
            bad(
                versions__0__benefits=[
                    {"kind": "formula", "formula": "rate * S", "parameters": {"rate": {"value": 0.1}}, "source": "src"}
                ]
            ),
            "measure test-good: versions[0].benefits[0].parameters.rate: {'value': 0.1} is not valid",
        ),
        (
            bad(
                versions__0__benefits=[
                    {
                        "kind": "formula",
                        "formula": "rate * S",
                        "parameters": {"rate": {"parameter": "no-such-parameter"}},
                        "source": "src",
                    }
                ]
            ),
            "measure test-good: versions[0].benefits[0].parameters.rate.parameter: no shared parameter",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_measure_and_field(tmp_path, measure, expected):
    path = write(tmp_path, [measure])
    with pytest.raises(LoadError) as error:
        load(path)
    assert any(expected in message for message in error.value.errors), error.value.errors
    assert not Measure.objects.exists()


def test_nothing_is_loaded_when_one_measure_of_the_file_is_bad(tmp_path):
    existing = load(write(tmp_path, [GOOD], name="first"))
    assert existing.created == ["test-good"]
    other = bad(code="test-other", technique="magic")
    changed = bad(texts__name__nl="Gewijzigde naam")
    with pytest.raises(LoadError):
        load(write(tmp_path, [changed, other], name="second"))
    assert Measure.objects.get(code="test-good").name_nl == "Goede maatregel"
    assert not Measure.objects.filter(code="test-other").exists()


def test_a_code_twice_in_one_file_is_refused(tmp_path):
    with pytest.raises(LoadError) as error:
        load(write(tmp_path, [GOOD, GOOD]))
    assert "measures.yaml: measure test-good: code: appears twice in the file" in error.value.errors


def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: [unclosed\n")
    with pytest.raises(LoadError, match="not valid YAML"):
        load(path)


def test_the_command_exits_non_zero_with_every_error(tmp_path):
    path = write(tmp_path, [bad(technique="magic", versions__0__benefits__0__steps=[[-1, 1]])])
    with pytest.raises(CommandError) as error:
        call_command("load_measures", str(path))
    message = str(error.value)
    assert "nothing loaded, 2 error(s)" in message
    assert "measure test-good: technique" in message
    assert "versions[0].benefits[0].steps[0][0]" in message


def test_the_command_reports_what_it_loaded(tmp_path, capsys):
    call_command("load_measures", str(write(tmp_path, [GOOD])))
    assert "1 measure(s) created, 0 updated" in capsys.readouterr().out


@time_machine.travel(datetime.date(2026, 12, 6), tick=False)
def test_a_measure_valid_today_without_its_description_in_every_language_is_refused(tmp_path):
    path = write(tmp_path, [GOOD, bad(code="test-other", texts__description__de=None, texts__description__en="  ")])
    with pytest.raises(CommandError) as error:
        call_command("load_measures", str(path))
    message = str(error.value)
    assert message.startswith(f"{path}: nothing loaded, 2 error(s)")
    assert "measure test-other: texts.description.de: required, the measure is valid on 2026-12-06" in message
    assert "measure test-other: texts.description.en: required, the measure is valid on 2026-12-06" in message
    assert not Measure.objects.exists()


@time_machine.travel(datetime.date(2026, 12, 6), tick=False)
@pytest.mark.parametrize(
    "measure",
    [
        bad(texts__description=None, versions__1__valid_until="2026-12-05"),
        {**bad(texts__description=None), "versions": [{**GOOD["versions"][1], "valid_from": "2026-12-07"}]},
        bad(texts__description=None, published=False),
    ],
    ids=["ended-yesterday", "starts-tomorrow", "unpublished-draft"],
)
def test_a_measure_not_current_or_not_published_may_lack_its_description(tmp_path, measure):
    load(write(tmp_path, [measure]))
    assert Measure.objects.filter(code="test-good").exists()


def test_shared_parameters_load_with_their_dates_and_source(tmp_path):
    import datetime

    from measures.selectors import parameter_value

    rate = {
        "key": "contribution-rate",
        "value": 0.25,
        "unit": "fraction",
        "description": "Rate",
        "source": SHARED_SOURCE,
        "status": "in_force",
    }
    path = tmp_path / "parameters.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "format": "front-office-measures/2",
                "measures": [GOOD],
                "parameters": [
                    {**rate, "valid_from": "2018-01-01", "valid_until": "2024-12-31"},
                    {**rate, "valid_from": "2025-01-01", "value": 0.24},
                ],
            }
        )
    )
    load(path)
    assert str(parameter_value("contribution-rate", datetime.date(2020, 6, 1)).value) == "0.250000"
    assert str(parameter_value("contribution-rate", datetime.date(2026, 1, 1)).value) == "0.240000"
    assert parameter_value("contribution-rate", datetime.date(2010, 1, 1)) is None


def test_overlapping_parameter_values_are_refused(tmp_path):
    rate = {
        "key": "contribution-rate",
        "value": 0.25,
        "unit": "fraction",
        "description": "Rate",
        "source": SHARED_SOURCE,
        "status": "in_force",
    }
    path = tmp_path / "parameters.yaml"
    data = {
        "format": "front-office-measures/2",
        "measures": [],
        "parameters": [
            {**rate, "valid_from": "2018-01-01"},
            {**rate, "valid_from": "2025-01-01"},
        ],
    }
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(LoadError) as error:
        load(path)
    assert error.value.errors == [
        "parameters.yaml: parameters[1].valid_from: 2025-01-01 overlaps parameters[0] (contribution-rate)"
    ]


def test_a_refused_file_names_the_file_and_changes_nothing(tmp_path):
    load(write(tmp_path, [GOOD], name="good"))
    before = list(RuleVersion.objects.values_list("valid_from", "valid_until", "status"))
    changed = bad(versions__1__status="announced")
    changed["versions"][0]["benefits"][0]["steps"] = [[5000, 8]]
    with pytest.raises(LoadError) as error:
        load(write(tmp_path, [changed], name="changed"))
    assert error.value.errors == [
        "changed.yaml: measure test-good: versions[1].announcement: required when status is announced "
        "(the announcing source)"
    ]
    assert list(RuleVersion.objects.values_list("valid_from", "valid_until", "status")) == before
    assert BenefitRule.objects.filter(steps=[[1000, 8]]).exists()


def test_a_shared_parameter_without_status_or_source_is_refused(tmp_path):
    rate = {"key": "rate", "valid_from": "2020-01-01", "value": 0.25, "unit": "fraction", "description": "R"}
    for missing, expected in (
        ({"source": SHARED_SOURCE}, "parameters[0]: 'status' is a required property"),
        ({"status": "in_force"}, "parameters[0]: 'source' is a required property"),
        (
            {"status": "in_force", "source": {"title": "S", "url": "https://example.org/s"}},
            "parameters[0].source: 'read' is a required property",
        ),
        ({"status": "announced", "source": SHARED_SOURCE}, "parameters[0].announcement: required when status"),
    ):
        path = tmp_path / "parameters.yaml"
        data = {"format": "front-office-measures/2", "measures": [GOOD], "parameters": [{**rate, **missing}]}
        path.write_text(yaml.safe_dump(data))
        with pytest.raises(LoadError) as error:
            load(path)
        assert any(expected in message for message in error.value.errors), error.value.errors
        assert not Measure.objects.exists()


def test_an_announced_version_may_overlap_the_one_in_force_but_not_another_announced_one(tmp_path):
    measure = copy.deepcopy(GOOD)
    measure["sources"].append({"key": "draft", "title": "Draft law", "reference": "Draft 123", "read": "2026-12-01"})
    announced = {
        "valid_from": "2024-01-01",
        "status": "announced",
        "announcement": "draft",
        "period_unit": "quarter",
        "source": "draft",
        "benefits": [{"kind": "fixed_schedule", "steps": [[900, 8]], "source": "draft"}],
    }
    measure["versions"].append(announced)
    load(write(tmp_path, [measure]))
    version = RuleVersion.objects.get(measure__code="test-good", status="announced")
    assert version.announcement_key == "draft"
    assert Measure.objects.get(code="test-good").valid_until is None  # announced versions do not make the validity
    measure["versions"].append({**announced, "valid_from": "2025-01-01"})
    with pytest.raises(LoadError) as error:
        load(write(tmp_path, [measure], name="twice"))
    assert "measure test-good: versions[3].valid_from: 2025-01-01 overlaps versions[2]" in error.value.errors[0]


def test_the_shipped_file_gives_every_version_and_parameter_a_status_and_a_dated_source(shipped):
    data = read(shipped)
    for measure in data["measures"]:
        for source in measure["sources"]:
            assert source.get("read") and (source.get("url") or source.get("reference")), (measure["code"], source)
        for version in measure["versions"]:
            assert version["status"] in constants.Status.values, measure["code"]
    for parameter in data["parameters"]:
        assert parameter["status"] and parameter["source"]["read"], parameter["key"]
    announced = RuleVersion.objects.filter(status="announced")
    assert set(announced.values_list("measure__code", flat=True)) >= {"fed-first-hires", "wal-impulsion-under-25"}
