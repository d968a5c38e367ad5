"""The reader's checks that run apart from the plain reading: the schema check of persons in a thread of its own, and
the INSZ check that asks python-stdnum once per birth date. Whatever path a person takes, a fault refuses the whole
file with the same message, path and line."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

from django.utils import timezone

import pytest

from dmfa import services
from dmfa.models import EmployerDeclaration, NaturalPerson
from dmfa.parser import DmfaReader, _SchemaCheck
from dmfa.xmlwriter import FormLine, write_dmfa
from foundation.identifiers import InszChecker, is_valid_insz
from foundation.imports import ImportStatus
from foundation.quarters import Quarter
from tests.benchmarks.test_bench_dmfa_import import generated_insz
from tests.dmfa.factories import person_line

#: More persons than the schema thread takes in flight (batches of BATCH, AHEAD of them waiting), so that a fault
#: can sit in a batch checked while the reader is already further on.
PERSONS = _SchemaCheck.BATCH * (_SchemaCheck.AHEAD + 2) + 17


def write(tmp_path, insz_numbers: list[str], name: str = "many.xml"):
    """A one-form file, one person a line (person n on line n + 2), so that a message's line names its person."""
    path = tmp_path / name
    form = FormLine(
        quarter=Quarter(2025, 2),
        registration_number="123456749",
        enterprise_number="0812345603",
        reference="MANY",
        created_at=timezone.make_aware(dt.datetime(2025, 7, 15, 10)),
        net_owed_amount=Decimal("1000"),
        persons=[person_line(insz) for insz in insz_numbers],
    )
    write_dmfa(path, [form])
    path.write_text(path.read_text().replace("<NaturalPerson>", "\n<NaturalPerson>"))
    return path


def numbers(count: int = PERSONS) -> list[str]:
    return [generated_insz(index) for index in range(count)]


def spoil(path, person: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the given person (counted from 1)."""
    lines = path.read_text().split("\n")
    line = lines[person + 1]
    assert line.startswith("<NaturalPerson>") and old in line
    lines[person + 1] = line.replace(old, new, 1)
    path.write_text("\n".join(lines))


def test_a_large_valid_file_is_read_whole_in_order(tmp_path):
    insz_numbers = numbers()
    events = list(DmfaReader(write(tmp_path, insz_numbers), today=dt.date(2026, 12, 6)))
    persons = [event[2] for event in events if event[0] == "person"]
    assert [person.values["insz"] for person in persons] == insz_numbers
    assert persons[-1].path.endswith(f"/NaturalPerson[{PERSONS}]")
    assert [event[0] for event in events][:2] == ["declaration", "person"] and events[-1][0] == "end"


@pytest.mark.django_db
@pytest.mark.parametrize("person", [1, 2, _SchemaCheck.BATCH + 3, PERSONS])
def test_a_schema_fault_refuses_the_file_whole_with_the_same_message_wherever_the_person_is(tmp_path, person):
    """Person 1 is checked in the reader's thread (it stays in the tree for the form's own check), the others in the
    schema's thread: the message, the path and the line are the same."""
    path = write(tmp_path, numbers())
    spoil(path, person, "<Retired>0</Retired>", "<Retired>7</Retired>")
    job = services.import_path(path=path)
    assert job.status == ImportStatus.FAILED
    assert len(job.errors) == 1, job.errors
    error = job.errors[0]
    assert error["message"].startswith("schema: Element 'Retired'"), error
    assert "'7'" in error["message"], error
    assert error["path"] == (
        f"/DmfAOriginal/Form[1]/EmployerDeclaration/NaturalPerson[{person}]/WorkerRecord/Occupation/Retired"
    )
    assert (error["line"], error["form"], error["reference"]) == (person + 2, 1, "MANY")
    assert EmployerDeclaration.objects.count() == 0 and NaturalPerson.objects.count() == 0


@pytest.mark.django_db
def test_schema_faults_in_several_persons_are_all_reported_in_file_order(tmp_path):
    path = write(tmp_path, numbers())
    faulty = [3, _SchemaCheck.BATCH + 1, 2 * _SchemaCheck.BATCH + 50]
    for person in faulty:
        spoil(path, person, "<Border>0</Border>", "<Border>x</Border>")
    job = services.import_path(path=path)
    assert job.status == ImportStatus.FAILED
    assert [error["line"] for error in job.errors] == [person + 2 for person in faulty]
    assert all(error["path"].endswith("/WorkerRecord/Border") for error in job.errors)
    assert NaturalPerson.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("person", [1, _SchemaCheck.BATCH + 3, PERSONS])
def test_a_wrong_insz_refuses_the_file_whole_wherever_the_person_is(tmp_path, person):
    insz_numbers = numbers()
    right = insz_numbers[person - 1]
    wrong = right[:9] + f"{(int(right[9:]) % 97) + 1:02d}"  # other check digits: wrong for either century
    assert not is_valid_insz(wrong)
    insz_numbers[person - 1] = wrong
    job = services.import_path(path=write(tmp_path, insz_numbers))
    assert job.status == ImportStatus.FAILED
    assert [(error["message"], error["line"]) for error in job.errors] == [
        (f"INSZ {wrong} has wrong check digits", person + 2)
    ]
    assert job.errors[0]["path"].endswith(f"/NaturalPerson[{person}]/INSS")
    assert EmployerDeclaration.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_birth_date_with_right_check_digits_is_refused_after_a_right_number_of_the_same_check(tmp_path):
    """The checker keeps stdnum's verdict per birth date: a month 13 is refused even when the number before it (a
    right one) had right check digits too."""
    base = "851301123"
    wrong = base + f"{97 - int(base) % 97:02d}"  # right check digits, month 13
    assert not is_valid_insz(wrong)
    insz_numbers = numbers(5)
    insz_numbers[3] = wrong
    job = services.import_path(path=write(tmp_path, insz_numbers))
    assert [error["message"] for error in job.errors] == [f"INSZ {wrong} has wrong check digits"]


def with_check_digits(first_nine: str, *, from_2000: bool) -> str:
    return first_nine + f"{97 - int(('2' if from_2000 else '') + first_nine) % 97:02d}"


def test_the_insz_checker_agrees_with_stdnum():
    """Every month (00 to 99, so national-register, BIS and impossible months), days at the edges, years on either
    side of today's, the special numbers of an unknown birth date; right check digits for either century and wrong
    ones. One checker for all, so that most answers come from what it kept."""
    check = InszChecker()
    samples = ["", "123", "8501011231x", "00000000000", "00000100128", "00200100175", "00400100125"]
    for year in ("00", "07", "25", "26", "27", "50", "99"):
        for month in range(100):
            for day in ("00", "01", "28", "29", "30", "31", "32", "99"):
                for sequence in ("001", "998"):
                    first_nine = f"{year}{month:02d}{day}{sequence}"
                    right_1900 = with_check_digits(first_nine, from_2000=False)
                    right_2000 = with_check_digits(first_nine, from_2000=True)
                    wrong = first_nine + f"{(int(right_1900[9:]) + 1) % 100:02d}"
                    samples += [right_1900, right_2000, wrong]
    disagreements = [number for number in samples if check(number) != is_valid_insz(number)]
    assert disagreements == []
    assert any(check(number) for number in samples) and not all(check(number) for number in samples)


@pytest.mark.django_db
def test_an_empty_amount_in_the_header_is_a_schema_fault_not_an_unexpected_error(tmp_path, fixture_path):
    text = fixture_path("valid_two_forms.xml").read_text()
    path = tmp_path / "empty_amount.xml"
    path.write_text(text.replace("<NetOwedAmount>2345678</NetOwedAmount>", "<NetOwedAmount></NetOwedAmount>", 1))
    job = services.import_path(path=path)
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["message"].startswith("schema: Element 'NetOwedAmount'"), job.errors[0]
    assert job.errors[0]["path"].endswith("/Form[1]/EmployerDeclaration/NetOwedAmount")
    assert EmployerDeclaration.objects.count() == 0


def schema_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "dmfa-schema-check"]


def test_the_schema_thread_stops_with_its_reader_read_whole_or_left_half_way(tmp_path):
    path = write(tmp_path, numbers())
    before = len(schema_threads())
    assert sum(1 for event in DmfaReader(path) if event[0] == "person") == PERSONS
    assert len(schema_threads()) == before
    events = iter(DmfaReader(path))
    for _ in range(_SchemaCheck.BATCH * 2):
        next(events)
    assert len(schema_threads()) == before + 1
    events.close()  # what the garbage collector does with a reader left half-way (an import failing on a write)
    assert len(schema_threads()) == before
