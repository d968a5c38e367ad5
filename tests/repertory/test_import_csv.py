"""The portal's repertory CSV: upserts, idempotency and every kind of bad input (nothing imported then)."""

from django.core.management import CommandError, call_command
from django.utils import translation

import pytest

from foundation.imports import ImportStatus
from repertory.constants import Region
from repertory.importers.files import ImportFailed
from repertory.importers.portal_csv import COLUMNS
from repertory.models import Employer, EmployerActivity, ImportJob, OperatingSeat
from repertory.services import import_path
from tests.repertory.conftest import employer_row

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        sorted(Employer.objects.values_list("repertory", "registration_number", "name_nl", "importance_code")),
        sorted(EmployerActivity.objects.values_list("employer__registration_number", "category_id", "nace_code")),
        sorted(OperatingSeat.objects.values_list("employer__registration_number", "postcode", "region")),
        sorted(Employer.categories.through.objects.values_list("employer__registration_number", "employercategory")),
    )


def test_import_creates_employers_with_categories_nace_codes_and_seats(reference_tables, write_csv):
    path = write_csv(
        [
            employer_row(),
            employer_row(
                repertory="RSZPPO",
                registration_number="12345672",
                enterprise_number="0834567808",
                legal_form="411",
                employer_type="local",
                categories="751=2008:84114",
                seats="|4700|Eupen|Rathausplatz|1|",
                office_postcode="4700",
            ),
        ]
    )
    counts = import_path(path, kind="csv")
    assert (counts.read, counts.created, counts.updated) == (2, 2, 0)
    a = Employer.objects.get(repertory="RSZ", registration_number="123456749")
    assert a.enterprise_number == "0812345603"
    assert sorted(a.categories.values_list("code", flat=True)) == ["010", "011"]
    assert sorted(a.activities.values_list("nace_version", "nace_code")) == [("2008", "62010"), ("2025", "62100")]
    c = Employer.objects.get(repertory="RSZPPO")
    seat = c.seats.get()
    assert (seat.region, seat.german_language_area) == (Region.WALLONIA, True)


def test_import_twice_gives_the_same_result(reference_tables, write_csv):
    path = write_csv([employer_row(), employer_row(registration_number="134567808", natural_person="1", legal_form="")])
    import_path(path, kind="csv")
    first = _snapshot()
    counts = import_path(path, kind="csv")
    assert (counts.created, counts.updated) == (0, 2)
    assert _snapshot() == first


def test_changed_row_updates_and_replaces_lists(reference_tables, write_csv):
    import_path(write_csv([employer_row()]), kind="csv")
    import_path(write_csv([employer_row(name_nl="Alfa Nieuw", categories="000", seats="")]), kind="csv")
    employer = Employer.objects.get()
    assert employer.name_nl == "Alfa Nieuw"
    assert list(employer.categories.values_list("code", flat=True)) == ["000"]
    assert not employer.activities.exists() and not employer.seats.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"registration_number": "123456748"}, "check digits"),
        ({"registration_number": "12"}, "at most"),
        ({"enterprise_number": "0812345604"}, "check digits"),
        ({"enterprise_number": "081234560"}, "check digits"),
        ({"legal_form": "999"}, "unknown legal form '999'"),
        ({"legal_form": ""}, "needs a legal form"),
        ({"deletion_date": "31-12-2024"}, "not a date"),
        ({"deletion_date": "2024-02-30"}, "not a date"),
        ({"repertory": "ONSS"}, "RSZ or RSZPPO"),
        ({"importance_code": "12"}, "importance_code"),
        ({"employer_type": "mixed"}, "employer_type"),
        ({"categories": "99"}, "employer category '99' is not a 3-digit code"),
        ({"categories": "0100"}, "employer category '0100' is not a 3-digit code"),
        ({"categories": "A10=2008:62010"}, "employer category 'A10' is not a 3-digit code"),
        ({"categories": "010=2008:99999"}, "unknown NACE-BEL 2008 code"),
        ({"categories": "010=2003:62010"}, "2008 or 2025"),
        ({"seats": "2297964445|1000|Brussel|Wetstraat|16|"}, "establishment unit number"),
        ({"seats": "|0999|Nergens|Straat|1|"}, "no Belgian postcode"),
        ({"natural_person": "maybe"}, "natural_person"),
    ],
)
def test_bad_row_names_file_and_line_and_imports_nothing(reference_tables, write_csv, overrides, message):
    path = write_csv([employer_row(registration_number="134567808"), employer_row(**overrides)])
    with pytest.raises(ImportFailed) as failure:
        import_path(path, kind="csv")
    error = failure.value.errors[0]
    assert (error.file, error.line) == ("repertory.csv", 3)
    assert message in error.message
    assert not Employer.objects.exists()


def test_shipped_table_knows_the_categories_of_annex_27(reference_tables, write_csv):
    """Codes beyond the portal's own 16 (here 013, 058 and the local-administration 752) come from DmfA annex 27."""
    from repertory.models import EmployerCategory

    assert EmployerCategory.objects.count() > 200
    assert EmployerCategory.objects.get(code="752").employer_type == "local"
    counts = import_path(write_csv([employer_row(categories="013;058=2008:56101;752")]), kind="csv")
    assert counts.warnings == []
    assert sorted(Employer.objects.get().categories.values_list("code", flat=True)) == ["013", "058", "752"]


def test_unknown_well_formed_category_is_stored_without_label_and_warned(reference_tables, write_csv):
    from repertory.models import EmployerCategory

    assert not EmployerCategory.objects.filter(code__in=["998", "999"]).exists()
    path = write_csv(
        [
            employer_row(categories="010;999=2008:62010"),
            employer_row(registration_number="134567808", categories="999;998"),
        ]
    )
    counts = import_path(path, kind="csv")
    assert (counts.read, counts.created) == (2, 2)
    assert [(w.file, w.line, w.message.split(":")[0]) for w in counts.warnings] == [
        ("repertory.csv", 2, "employer category '999' is not in the portal's table"),
        ("repertory.csv", 3, "employer category '998' is not in the portal's table"),
    ]
    unknown = EmployerCategory.objects.get(code="999")
    assert (unknown.label, unknown.employer_type) == ("", "")
    employer = Employer.objects.get(registration_number="123456749")
    assert sorted(employer.categories.values_list("code", flat=True)) == ["010", "999"]
    assert employer.activities.get(category_id="999").nace_code == "62010"
    # A second import knows the code now: no warning.
    assert import_path(write_csv([employer_row(categories="999")]), kind="csv").warnings == []


def test_unknown_category_is_not_kept_when_the_file_fails(reference_tables, write_csv):
    from repertory.models import EmployerCategory

    path = write_csv([employer_row(categories="999"), employer_row(registration_number="1")])
    with pytest.raises(ImportFailed):
        import_path(path, kind="csv")
    assert not EmployerCategory.objects.filter(code="999").exists()


def test_job_and_command_report_unknown_categories_as_warnings(reference_tables, write_csv, capsys):
    call_command("import_repertory", str(write_csv([employer_row(categories="999")], name="new.csv")))
    out = capsys.readouterr().out
    assert "1 rows read, 1 created" in out and "warning: new.csv, line 2: employer category '999'" in out
    job = ImportJob.objects.get(file_name="new.csv")
    assert job.status == ImportStatus.SUCCEEDED
    with translation.override("en"):
        assert job.summary() == "Imported, with 1 warning."
    with translation.override("fr"):
        assert job.summary() == "Importé, avec 1 avertissement."
    assert job.warnings == [
        {
            "file": "new.csv",
            "line": 2,
            "message": "employer category '999' is not in the portal's table: imported without a label "
            "(add its label in the admin, Employer categories)",
        }
    ]


def test_duplicate_key_in_file_is_rejected(reference_tables, write_csv):
    with pytest.raises(ImportFailed, match="already on line 2"):
        import_path(write_csv([employer_row(), employer_row()]), kind="csv")


def test_wrong_columns_are_named(reference_tables, write_csv):
    columns = [c for c in COLUMNS if c != "legal_form"] + ["colour"]
    with pytest.raises(ImportFailed) as failure:
        import_path(write_csv([employer_row()], columns=columns), kind="csv")
    assert "missing legal_form" in failure.value.errors[0].message
    assert "unexpected colour" in failure.value.errors[0].message
    assert failure.value.errors[0].line == 1


def test_bad_encoding_is_rejected_with_line(reference_tables, write_csv, tmp_path):
    good = write_csv([employer_row(), employer_row(registration_number="134567808")]).read_bytes()
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(good.replace(b"Alfa Bouw", "Alfa Bouw Liège".encode("latin-1"), 1))
    with pytest.raises(ImportFailed, match="not UTF-8"):
        import_path(latin1, kind="csv")
    assert not Employer.objects.exists()


def test_previous_data_stays_when_an_import_fails(reference_tables, write_csv):
    import_path(write_csv([employer_row()]), kind="csv")
    before = _snapshot()
    with pytest.raises(ImportFailed):
        import_path(write_csv([employer_row(name_nl="Gewijzigd"), employer_row(registration_number="1")]), kind="csv")
    assert _snapshot() == before


def test_interrupted_import_leaves_previous_data(reference_tables, write_csv, monkeypatch):
    """A crash half-way (as when the worker dies) rolls the whole file back; running it again completes it."""
    from repertory.importers import portal_csv

    import_path(write_csv([employer_row()]), kind="csv")
    before = _snapshot()
    rows = [employer_row(name_nl="Nieuw")] + [
        employer_row(registration_number=n) for n in ("134567808", "100006", "212345609")
    ]
    path = write_csv(rows)
    monkeypatch.setattr(portal_csv, "BATCH_SIZE", 2)
    real_write = portal_csv._write
    calls = []

    def dying_write(batch, counts, refs, **kwargs):
        calls.append(len(batch))
        if len(calls) == 2:
            raise KeyboardInterrupt("worker killed")
        real_write(batch, counts, refs, **kwargs)

    monkeypatch.setattr(portal_csv, "_write", dying_write)
    with pytest.raises(KeyboardInterrupt):
        import_path(path, kind="csv")
    assert _snapshot() == before
    monkeypatch.setattr(portal_csv, "_write", real_write)
    import_path(path, kind="csv")
    assert Employer.objects.count() == 4


def test_command_reports_counts_and_fails_with_file_and_line(reference_tables, write_csv, capsys):
    call_command("import_repertory", str(write_csv([employer_row()])))
    assert "1 rows read, 1 created, 0 updated" in capsys.readouterr().out
    with pytest.raises(CommandError) as failure:
        call_command("import_repertory", str(write_csv([employer_row(legal_form="XYZ")], name="bad.csv")))
    assert "bad.csv, line 2: unknown legal form 'XYZ'" in str(failure.value)
    job = ImportJob.objects.get(file_name="bad.csv")
    assert job.status == ImportStatus.FAILED and job.rows_rejected == 1


def test_command_on_missing_path_fails(db):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_repertory", "/nonexistent/file.csv")
