"""Importing DmfAOriginal files: storage and units, idempotency, replacement, and every refused input."""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from dmfa import services
from dmfa.models import (
    ComplementaryIndemnity,
    ComplementaryIndemnityContribution,
    DismissedStatutoryWorkerContribution,
    EarlyRetirementContribution,
    EmployerDeclaration,
    IncapacityIndemnity,
    NaturalPerson,
    Occupation,
    OccupationDeduction,
    PersonIdentity,
    Remuneration,
    Service,
    StudentContribution,
    WorkerContribution,
    WorkerDeduction,
    WorkerRecord,
)
from foundation.imports import ImportStatus
from foundation.quarters import Quarter

pytestmark = pytest.mark.django_db

ALL_MODELS = (
    EmployerDeclaration,
    NaturalPerson,
    WorkerRecord,
    Occupation,
    Service,
    Remuneration,
    OccupationDeduction,
    WorkerContribution,
    WorkerDeduction,
    StudentContribution,
    DismissedStatutoryWorkerContribution,
    EarlyRetirementContribution,
    ComplementaryIndemnity,
    ComplementaryIndemnityContribution,
    IncapacityIndemnity,
)


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def test_a_valid_file_stores_every_block_with_units_converted(import_fixture):
    job = import_fixture("valid_two_forms.xml")
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    assert (job.forms, job.declarations_created, job.persons) == (2, 2, 8)
    assert all(count > 0 for count in counts().values()), counts()

    declaration = EmployerDeclaration.objects.get(quarter=Quarter(2025, 3))
    assert declaration.registration_number == "123456749" and declaration.enterprise_number == "0812345603"
    assert declaration.net_owed_amount == Decimal("23456.78") and declaration.person_count == 7
    assert declaration.form_reference == "A-2025Q3-001" and declaration.is_current

    occupation = Occupation.objects.get(worker_record__person__insz="85010123176")
    assert occupation.joint_committee == "329.02" and occupation.contract_type == 1
    assert occupation.mean_working_hours == Decimal("19.00") and occupation.fraction == Decimal("0.5000")
    assert occupation.working_days_system == Decimal("2.50")
    service = occupation.services.get(sequence_number=1)
    assert (service.code, service.days, service.hours) == ("001", Decimal("19.50"), Decimal("148.20"))
    deduction = occupation.deductions.get()
    assert (deduction.code, deduction.amount, deduction.hours_before_reduction) == (
        "4000",
        Decimal("800.00"),
        Decimal("38.00"),
    )
    remuneration = Remuneration.objects.get(occupation__worker_record__person__insz="90051512391", code="002")
    assert remuneration.amount == Decimal("500.00") and remuneration.bonus_payment_frequency == 12
    assert StudentContribution.objects.get().days == 12
    assert IncapacityIndemnity.objects.get().incapacity_degree == Decimal("66.67")
    assert WorkerDeduction.objects.get().code == "0001"


def test_importing_the_same_file_twice_changes_nothing(import_fixture):
    import_fixture("valid_two_forms.xml")
    before = counts()
    job = import_fixture("valid_two_forms.xml")
    assert job.status == ImportStatus.SUCCEEDED
    assert (job.declarations_created, job.declarations_unchanged, job.persons) == (0, 2, 0)
    assert counts() == before


def test_a_newer_declaration_replaces_the_older_which_stays_in_history(import_fixture):
    import_fixture("valid_two_forms.xml")
    job = import_fixture("correction_2025q3.xml")
    assert job.declarations_replaced == 1
    rows = EmployerDeclaration.objects.filter(quarter=Quarter(2025, 3)).order_by("form_created_at")
    old, new = list(rows)
    assert (old.is_current, new.is_current) == (False, True)
    assert old.replaced_by == new and old.persons.count() == 7
    assert Remuneration.objects.filter(occupation__worker_record__person__declaration=new, amount=Decimal("9900.00"))


def test_an_older_declaration_arriving_later_goes_straight_to_history(import_fixture):
    import_fixture("correction_2025q3.xml")
    job = import_fixture("valid_two_forms.xml")
    assert job.status == ImportStatus.SUCCEEDED and job.declarations_replaced == 0
    current = EmployerDeclaration.objects.get(quarter=Quarter(2025, 3), is_current=True)
    assert current.form_reference == "A-2025Q3-002"
    assert EmployerDeclaration.objects.get(form_reference="A-2025Q3-001").replaced_by == current


@pytest.mark.parametrize(
    ("name", "message", "path", "line"),
    [
        ("bad_insz.xml", "INSZ 85010123177 has wrong check digits", "/NaturalPerson[2]/INSS", 80),
        ("future_quarter.xml", "quarter 2099Q4 lies in the future", "/Form[1]/EmployerDeclaration/Quarter", 16),
        ("schema_invalid.xml", "'Retired'", "/NaturalPerson[1]/WorkerRecord/Occupation/Retired", 38),
        ("truncated.xml", "not well-formed or is incomplete", "", 61),
        ("xxe.xml", "DOCTYPE", "", 1),
        ("billion_laughs.xml", "DOCTYPE", "", 1),
        ("external_dtd.xml", "DOCTYPE", "", 1),
        (
            "other_schema.xml",
            "not a DmfAOriginal declaration: the root element is <PurchaseOrder>",
            "/PurchaseOrder",
            1,
        ),
    ],
)
def test_bad_input_is_refused_precisely_and_nothing_is_stored(import_fixture, name, message, path, line):
    job = import_fixture(name)
    assert job.status == ImportStatus.FAILED
    first = job.errors[0]
    assert first["file"] == name
    assert message in first["message"], first
    assert first["path"].endswith(path), first
    assert first["line"] == line, first
    assert sum(counts().values()) == 0


def test_a_code_not_in_the_annex_is_imported_with_a_warning_naming_the_form(import_fixture):
    """Item 6 of issue 12: the annex lists can lag behind the real annexes; the file is not refused for it."""
    job = import_fixture("code_999.xml")
    assert job.status == ImportStatus.SUCCEEDED and job.errors == []
    warning = job.warnings[0]
    assert "service code 999: code not in annex 8 for quarter" in warning["message"]
    assert (warning["form"], warning["reference"], warning["line"]) == (1, "A-2025Q3-001", 45)
    assert warning["path"].endswith("/Service[2]/ServiceCode")
    assert sum(counts().values()) > 0


def test_a_bad_file_after_a_good_one_leaves_the_good_one_alone(import_fixture):
    import_fixture("valid_two_forms.xml")
    before = counts()
    assert import_fixture("bad_insz.xml").status == ImportStatus.FAILED
    assert counts() == before


def test_the_xxe_file_never_discloses_a_local_file(import_fixture):
    job = import_fixture("xxe.xml")
    assert "root:" not in str(job.errors)


def test_sequence_numbers_must_be_unique(tmp_path, fixture_path):
    text = fixture_path("valid_two_forms.xml").read_text()
    text = text.replace(
        "<NaturalPersonSequenceNbr>2</NaturalPersonSequenceNbr>",
        "<NaturalPersonSequenceNbr>1</NaturalPersonSequenceNbr>",
    )
    text = text.replace("<ServiceSequenceNbr>2</ServiceSequenceNbr>", "<ServiceSequenceNbr>1</ServiceSequenceNbr>", 1)
    path = tmp_path / "duplicates.xml"
    path.write_text(text)
    job = services.import_path(path=path)
    messages = [error["message"] for error in job.errors]
    assert "service sequence number 1 is used twice" in messages
    assert "natural person sequence number 1 is used twice" in messages
    assert EmployerDeclaration.objects.count() == 0


def test_deduction_detail_and_indemnity_contribution_sequence_numbers_must_be_unique(import_fixture):
    job = import_fixture("duplicate_detail_sequences.xml")
    assert job.status == ImportStatus.FAILED
    problems = [(error["message"], error["path"].removeprefix("/DmfAOriginal"), error["line"]) for error in job.errors]
    assert problems == [
        (
            "deduction detail sequence number 1 is used twice",
            "/Form[1]/EmployerDeclaration/NaturalPerson[1]/WorkerRecord[1]/WorkerDeduction[1]"
            "/DeductionDetail[2]/DeductionDetailSequenceNbr",
            81,
        ),
        (
            "complementary indemnity contribution sequence number 1 is used twice",
            "/Form[1]/EmployerDeclaration/NaturalPerson[6]/WorkerRecord[1]/ComplementaryIndemnity[1]"
            "/ComplIndemnityContribution[2]/ContributionSequenceNbr",
            219,
        ),
    ]
    assert {error["file"] for error in job.errors} == {"duplicate_detail_sequences.xml"}
    assert {(error["form"], error["reference"]) for error in job.errors} == {(1, "A-2025Q3-001")}
    assert sum(counts().values()) == 0


def test_dates_must_lie_inside_the_quarter(tmp_path, fixture_path):
    text = fixture_path("valid_two_forms.xml").read_text()
    text = text.replace(
        "<OccupationStartingDate>2025-08-01</OccupationStartingDate>",
        "<OccupationStartingDate>2025-08-01</OccupationStartingDate>\n<OccupationEndingDate>2025-10-15</OccupationEndingDate>",
    )
    path = tmp_path / "dates.xml"
    path.write_text(text)
    job = services.import_path(path=path)
    assert job.errors[0]["message"] == "2025-10-15 lies outside quarter 2025Q3"
    assert job.errors[0]["path"].endswith("/NaturalPerson[2]/WorkerRecord[1]/Occupation[1]/OccupationEndingDate")


def test_reduction_codes_must_sit_on_their_block(tmp_path, fixture_path):
    text = (
        fixture_path("valid_two_forms.xml")
        .read_text()
        .replace("<DeductionCode>3000</DeductionCode>", "<DeductionCode>0001</DeductionCode>")
    )
    path = tmp_path / "block.xml"
    path.write_text(text)
    job = services.import_path(path=path)
    assert job.errors[0]["message"] == "reduction code 0001 belongs on the worker record"


def test_the_command_imports_and_reports(fixture_path, capsys):
    call_command("import_dmfa", str(fixture_path("valid_two_forms.xml")))
    assert "2 declaration(s) imported" in capsys.readouterr().out
    assert NaturalPerson.objects.count() == 8


def test_the_command_fails_with_a_precise_message(fixture_path, capsys):
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_dmfa", str(fixture_path("bad_insz.xml")))
    err = capsys.readouterr().err
    assert "bad_insz.xml, form 1" in err and "line 80" in err
    assert EmployerDeclaration.objects.count() == 0


def test_the_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_dmfa", str(tmp_path / "missing.xml"))


def test_import_persons_loads_and_updates_identification(fixture_path):
    call_command("import_persons", str(fixture_path("persons.csv")))
    person = PersonIdentity.objects.get(insz="90051512391")
    assert (person.last_name, person.first_name, str(person.birth_date), person.sex) == (
        "Peeters",
        "Lucas",
        "1990-05-15",
        1,
    )
    buffer = services.persons_csv([{"insz": "90051512391", "last_name": "Peeters-Janssens", "first_name": "Lucas"}])
    assert services.import_persons(source=buffer, file_name="update.csv") == 1
    assert PersonIdentity.objects.get(insz="90051512391").last_name == "Peeters-Janssens"
    assert PersonIdentity.objects.count() == 2


def test_import_persons_refuses_a_bad_file_whole():
    buffer = io.StringIO(
        "insz,last_name,birth_date,sex\n90051512391,Peeters,1990-05-15,1\n90051512392,Janssens,1990-13-01,X\n"
    )
    with pytest.raises(services.PersonFileError) as refused:
        services.import_persons(source=buffer, file_name="bad.csv")
    text = str(refused.value)
    assert "bad.csv, line 3: INSZ '90051512392' is not valid" in text
    assert "birth date '1990-13-01'" in text and "sex 'X'" in text
    assert PersonIdentity.objects.count() == 0


def test_import_persons_command_fails_on_bad_input(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("insz,name\n1,2\n")
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_persons", str(path))


def test_a_write_failing_after_some_batches_fails_the_job_and_stores_nothing(tmp_path, monkeypatch):
    """On PostgreSQL the batches are written by the writer's thread: its failure still reaches the job, and the
    persons written before it are rolled back with the rest of the file."""
    from tests.dmfa.factories import write_quarters

    path = write_quarters(
        tmp_path / "three.xml",
        insz_numbers=["90051512391", "85010123176"],
        start=Quarter(2024, 1),
        end=Quarter(2024, 3),
    )
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    written = []
    write = services._Writer.write

    def failing_on_the_third_batch(self, tag, pairs):
        if tag == "NaturalPerson":
            written.append(len(pairs))
            if len(written) == 3:
                raise RuntimeError("connection lost")
        write(self, tag, pairs)

    monkeypatch.setattr(services._Writer, "write", failing_on_the_third_batch)
    with pytest.raises(RuntimeError, match="connection lost"):
        services.import_path(path=path)
    job = services.ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "RuntimeError" in job.errors[0]["message"]
    assert len(written) == 3 and EmployerDeclaration.objects.count() == 0 and NaturalPerson.objects.count() == 0


def test_a_file_stopped_in_a_deadlock_with_another_import_is_run_again_whole(fixture_path, monkeypatch):
    """PostgreSQL stops one of two imports that wait for each other's employer quarters; that file is rolled back
    and imported again from its start, and the job counts each declaration once."""
    from django.db import OperationalError

    from psycopg.errors import DeadlockDetected

    attempts = []
    store = services._store

    def deadlocked_once(reader, job, report):
        attempts.append(job.pk)
        counts = store(reader, job, report)  # stores the file's declarations in its transaction...
        if len(attempts) == 1:  # ...which the deadlock rolls back
            raise OperationalError("deadlock detected") from DeadlockDetected("deadlock detected")
        return counts

    monkeypatch.setattr(services, "_store", deadlocked_once)
    job = services.import_path(path=fixture_path("valid_two_forms.xml"))
    assert len(attempts) == 2 and job.status == ImportStatus.SUCCEEDED
    assert (job.declarations_created, job.declarations_unchanged, job.persons) == (2, 0, 8)


@pytest.mark.parametrize(
    ("old", "new", "message", "element"),
    [
        (
            "<NOSSRegistrationNbr>123456749</NOSSRegistrationNbr>",
            "<NOSSRegistrationNbr>123456748</NOSSRegistrationNbr>",
            "RSZ registration number 123456748 has wrong check digits",
            "NOSSRegistrationNbr",
        ),
        (
            "<CompanyID>0812345603</CompanyID>",
            "<CompanyID>0812345604</CompanyID>",
            "enterprise number 0812345604 has wrong check digits",
            "CompanyID",
        ),
    ],
)
def test_identifiers_and_codes_are_checked(tmp_path, fixture_path, old, new, message, element):
    text = fixture_path("valid_two_forms.xml").read_text()
    assert old in text
    path = tmp_path / "changed.xml"
    path.write_text(text.replace(old, new, 1))
    job = services.import_path(path=path)
    assert job.status == ImportStatus.FAILED
    assert message in job.errors[0]["message"] and job.errors[0]["path"].endswith(element), job.errors[0]
    assert job.errors[0]["line"]
    assert EmployerDeclaration.objects.count() == 0


def test_a_refused_header_is_reported_once_not_once_per_person(import_fixture):
    job = import_fixture("future_quarter.xml")
    assert [error["message"] for error in job.errors] == ["quarter 2099Q4 lies in the future"]


def test_an_unexpected_error_fails_the_job_and_stores_nothing(fixture_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_flush", broken)
    with pytest.raises(RuntimeError):
        services.import_path(path=fixture_path("valid_two_forms.xml"))
    job = services.ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "RuntimeError" in job.errors[0]["message"]
    assert EmployerDeclaration.objects.count() == 0


@pytest.mark.parametrize(
    ("old", "new", "message", "element"),
    [
        ("<WorkerCode>484</WorkerCode>", "<WorkerCode>848</WorkerCode>", "worker code 848: code not in annex 2",
         "WorkerCode"),
        ("<RemunCode>002</RemunCode>", "<RemunCode>030</RemunCode>", "remuneration code 030: code not in annex 7",
         "RemunCode"),
        ("<DeductionCode>4000</DeductionCode>", "<DeductionCode>9999</DeductionCode>", "reduction code 9999",
         "DeductionCode"),
    ],
)  # fmt: skip
def test_codes_not_in_the_annex_are_warnings(tmp_path, fixture_path, old, new, message, element):
    text = fixture_path("valid_two_forms.xml").read_text()
    assert old in text
    path = tmp_path / "changed.xml"
    path.write_text(text.replace(old, new, 1))
    job = services.import_path(path=path)
    assert job.status == ImportStatus.SUCCEEDED
    assert message in job.warnings[0]["message"] and job.warnings[0]["path"].endswith(element), job.warnings[0]
    assert EmployerDeclaration.objects.count() > 0
