"""KBO Open Data extracts: full and update (delete-then-insert), folder and zip, sync into employers, bad input."""

import zipfile

import pytest

from repertory.constants import Region
from repertory.importers.files import ImportFailed
from repertory.models import Employer, EmployerActivity, KboActivity, KboDenomination, KboEnterprise, KboExtract
from repertory.services import import_path
from tests.repertory.conftest import address, kbo_files, write_folder, write_zip
from tests.repertory.factories import EmployerFactory

pytestmark = pytest.mark.django_db

A = "0812.345.603"
UNIT = "2.297.964.444"


def _full_tables():
    return {
        "enterprise": [
            [A, "AC", "000", "2", "610", "", "01-02-2010"],
            ["0403.019.261", "AC", "000", "2", "014", "", "09-08-1960"],
        ],
        "establishment": [[UNIT, "01-02-2010", A]],
        "denomination": [
            [A, "2", "001", "Alfa Bouw"],
            [A, "1", "001", "Alfa Construction"],
            [A, "2", "003", "Alfa (handelsnaam)"],
        ],
        "address": [
            address(A, "REGO", "9000", "Gent", "Kouter"),
            address(UNIT, "BAET", "4700", "Eupen", "Rathausplatz"),
        ],
        "activity": [
            [A, "006", "2008", "62010", "MAIN"],
            [A, "006", "2025", "62100", "MAIN"],
            [A, "005", "2008", "84114", "MAIN"],
            [A, "001", "2008", "56101", "SECO"],
        ],
    }


def test_full_extract_fills_mirror_and_employer(reference_tables, tmp_path):
    employer = EmployerFactory(enterprise_number="0812345603", legal_form="014")
    counts = import_path(write_folder(tmp_path / "full", kbo_files("full", _full_tables())), kind="kbo")
    assert counts.updated == 1
    assert KboEnterprise.objects.count() == 2
    assert KboDenomination.objects.count() == 2  # the trade name (003) is not kept
    assert set(KboActivity.objects.values_list("group", flat=True)) == {"005", "006"}  # VAT group 001 dropped
    employer.refresh_from_db()
    assert (employer.name_nl, employer.name_fr, employer.legal_form) == ("Alfa Bouw", "Alfa Construction", "610")
    assert (employer.office_postcode, employer.office_municipality) == ("9000", "Gent")
    seat = employer.seats.get(source="kbo")
    assert (seat.establishment_number, seat.region, seat.german_language_area) == ("2297964444", Region.WALLONIA, True)
    # An RSZ employer takes the NACE codes of activity group 006 only.
    assert sorted(employer.activities.filter(source="kbo").values_list("nace_code", flat=True)) == ["62010", "62100"]
    assert KboExtract.objects.get().kind == "full"


def test_update_extract_deletes_then_inserts(reference_tables, tmp_path):
    employer = EmployerFactory(enterprise_number="0812345603")
    import_path(write_folder(tmp_path / "full", kbo_files("full", _full_tables())), kind="kbo")
    update = kbo_files(
        "update",
        {"denomination": [[A, "2", "001", "Alfa Bouw Nieuw"]], "activity": [[A, "006", "2008", "56101", "MAIN"]]},
        deletes={"denomination": [A], "activity": [A]},
    )
    counts = import_path(write_zip(tmp_path / "update.zip", update), kind="kbo")
    assert counts.deleted == 2 + 3
    employer.refresh_from_db()
    assert (employer.name_nl, employer.name_fr) == ("Alfa Bouw Nieuw", "")
    assert list(employer.activities.filter(source="kbo").values_list("nace_code", flat=True)) == ["56101"]


def test_full_extract_twice_is_idempotent(reference_tables, tmp_path):
    EmployerFactory(enterprise_number="0812345603")
    path = write_zip(tmp_path / "full.zip", kbo_files("full", _full_tables()), folder="")

    def state():
        return (
            KboEnterprise.objects.count(),
            KboActivity.objects.count(),
            sorted(EmployerActivity.objects.values_list("nace_code", flat=True)),
            list(Employer.objects.values_list("name_nl", "office_postcode")),
        )

    import_path(path, kind="kbo")
    first = state()
    import_path(path, kind="kbo")
    assert state() == first


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        ("enterprise", ["0812.345.604", "AC", "000", "2", "610", "", "01-02-2010"], "check digits"),
        ("enterprise", [A, "AC", "000", "2", "610", "", "2010-02-01"], "not a date"),
        ("enterprise", [A, "AC", "000", "7", "610", "", "01-02-2010"], "TypeOfEnterprise"),
        ("activity", [A, "006", "2008", "62O10", "MAIN"], "not numeric"),
        ("enterprise", ["0403.019.261", "AC", "000", "2", "999", "", "01-02-2010"], "unknown JuridicalForm '999'"),
        # An establishment unit number cannot pass for an enterprise number, nor the other way round.
        ("enterprise", [UNIT, "AC", "000", "2", "610", "", "01-02-2010"], "no valid enterprise number"),
        ("establishment", [A, "01-02-2010", A], "no valid establishment unit number"),
        ("establishment", [UNIT, "01-02-2010", UNIT], "no valid enterprise number"),
        # The first digit counts: 9 starts neither (the mod-97 check alone would pass it).
        ("denomination", ["9.000.000.092", "2", "001", "Negen"], "starts with a digit from 2 to 8"),
        ("address", address("1.000.000.047", "REGO", "1000", "Brussel", "Wetstraat"), "check digits"),
    ],
)
def test_bad_rows_fail_the_whole_extract(reference_tables, tmp_path, table, row, message):
    EmployerFactory(enterprise_number="0812345603", name_nl="Ongewijzigd")
    tables = _full_tables()
    tables[table] = [*tables[table], row]
    with pytest.raises(ImportFailed) as failure:
        import_path(write_folder(tmp_path / "bad", kbo_files("full", tables)), kind="kbo")
    error = failure.value.errors[0]
    assert error.file == f"{table}.csv" and error.line == len(tables[table]) + 1
    assert message in error.message
    assert not KboEnterprise.objects.exists()
    assert Employer.objects.get().name_nl == "Ongewijzigd"


def test_unexpected_zip_member_is_refused(reference_tables, tmp_path):
    files = kbo_files("full", _full_tables())
    files["../../etc/passwd.csv"] = b"x"
    with pytest.raises(ImportFailed, match="unexpected file"):
        import_path(write_zip(tmp_path / "evil.zip", files, folder=""), kind="kbo")
    files = kbo_files("full", _full_tables())
    files["readme.exe"] = b"MZ"
    with pytest.raises(ImportFailed, match="unexpected file in the extract: KboOpenData"):
        import_path(write_zip(tmp_path / "stray.zip", files), kind="kbo")
    assert not KboEnterprise.objects.exists()


def test_zip_bomb_is_refused_before_reading(reference_tables, tmp_path):
    files = kbo_files("full", _full_tables())
    path = write_zip(tmp_path / "bomb.zip", files, folder="")
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("branch.csv", "w") as member,
    ):
        for _ in range(64):
            member.write(b"\0" * (1024 * 1024))  # 64 MiB of zeros compress about 1000 times
    with pytest.raises(ImportFailed, match="zip bomb"):
        import_path(path, kind="kbo")


def test_missing_meta_or_tables_is_refused(reference_tables, tmp_path):
    files = kbo_files("full", _full_tables())
    del files["meta.csv"]
    with pytest.raises(ImportFailed, match=r"meta\.csv is missing"):
        import_path(write_folder(tmp_path / "nometa", files), kind="kbo")
    files = kbo_files("update", {})
    del files["address_delete.csv"]
    with pytest.raises(ImportFailed, match=r"address_delete\.csv"):
        import_path(write_folder(tmp_path / "partial", files), kind="kbo")


def test_bad_encoding_in_extract(reference_tables, tmp_path):
    files = kbo_files("full", _full_tables())
    files["denomination.csv"] = files["denomination.csv"].replace(b"Alfa Bouw", "Alfa Bouw Liège".encode("cp1252"))
    with pytest.raises(ImportFailed, match="not UTF-8") as failure:
        import_path(write_folder(tmp_path / "latin", files), kind="kbo")
    assert failure.value.errors[0].file == "denomination.csv"


def test_not_a_zip_and_not_csv(reference_tables, tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ImportFailed):
        import_path(path, kind="kbo")


def test_unknown_legal_form_in_an_update_names_file_and_line(reference_tables, tmp_path):
    employer = EmployerFactory(enterprise_number="0812345603", legal_form="014")
    update = kbo_files("update", {"enterprise": [[A, "AC", "000", "2", "XYZ", "", "01-02-2010"]]})
    with pytest.raises(ImportFailed) as failure:
        import_path(write_folder(tmp_path / "update", update), kind="kbo")
    error = failure.value.errors[0]
    assert (error.file, error.line) == ("enterprise_insert.csv", 2)
    assert "unknown JuridicalForm 'XYZ' (not in the KBO code table)" in error.message
    employer.refresh_from_db()
    assert employer.legal_form == "014"


def test_legal_form_is_checked_against_the_extracts_own_code_table(reference_tables, tmp_path):
    from tests.repertory.conftest import _csv_bytes

    files = kbo_files("full", {"enterprise": [[A, "AC", "000", "2", "721", "", "01-02-2010"]]})
    files["code.csv"] = _csv_bytes(
        ["Category", "Code", "Language", "Description"], [["JuridicalForm", "721", "NL", "Europese vennootschap"]]
    )
    import_path(write_folder(tmp_path / "full", files), kind="kbo")
    assert KboEnterprise.objects.get().juridical_form == "721"


def test_bad_key_in_a_delete_file_names_file_and_line(reference_tables, tmp_path):
    update = kbo_files("update", {}, deletes={"enterprise": [UNIT]})
    with pytest.raises(ImportFailed) as failure:
        import_path(write_folder(tmp_path / "update", update), kind="kbo")
    error = failure.value.errors[0]
    assert (error.file, error.line) == ("enterprise_delete.csv", 2)
    assert "no valid enterprise number" in error.message


def test_update_that_deletes_the_name_and_office_without_new_ones_clears_them(reference_tables, tmp_path):
    employer = EmployerFactory(enterprise_number="0812345603")
    import_path(write_folder(tmp_path / "full", kbo_files("full", _full_tables())), kind="kbo")
    employer.refresh_from_db()
    assert (employer.name_nl, employer.office_postcode) == ("Alfa Bouw", "9000")
    # The KBO deletes every name and address of the enterprise and inserts only a trade name (not kept) and an
    # establishment address: the employer no longer has a name nor a registered office from the KBO.
    update = kbo_files(
        "update",
        {
            "denomination": [[A, "2", "003", "Alfa (handelsnaam)"]],
            "address": [address(UNIT, "BAET", "4700", "Eupen", "Rathausplatz")],
        },
        deletes={"denomination": [A], "address": [A, UNIT]},
    )
    import_path(write_folder(tmp_path / "update", update), kind="kbo")
    employer.refresh_from_db()
    assert (employer.name_nl, employer.name_fr, employer.name_de) == ("", "", "")
    assert (employer.office_street, employer.office_postcode, employer.office_municipality) == ("", "", "")
    assert employer.legal_form == "610"  # untouched by the update
    assert employer.seats.get(source="kbo").postcode == "4700"


def test_update_without_deletes_keeps_name_and_office(reference_tables, tmp_path):
    employer = EmployerFactory(enterprise_number="0812345603")
    import_path(write_folder(tmp_path / "full", kbo_files("full", _full_tables())), kind="kbo")
    update = kbo_files("update", {"activity": [[A, "006", "2008", "56101", "MAIN"]]}, deletes={"activity": [A]})
    import_path(write_folder(tmp_path / "update", update), kind="kbo")
    employer.refresh_from_db()
    assert (employer.name_nl, employer.office_postcode) == ("Alfa Bouw", "9000")


def test_enterprise_that_left_the_kbo_keeps_its_last_name_and_office(reference_tables, tmp_path):
    """When an update removes the enterprise itself, the KBO no longer describes it: as after a full extract without
    it, the employer keeps the last name and office the KBO gave."""
    employer = EmployerFactory(enterprise_number="0812345603")
    import_path(write_folder(tmp_path / "full", kbo_files("full", _full_tables())), kind="kbo")
    update = kbo_files(
        "update", {}, deletes={"enterprise": [A], "denomination": [A], "address": [A], "establishment": [UNIT]}
    )
    import_path(write_folder(tmp_path / "update", update), kind="kbo")
    employer.refresh_from_db()
    assert not KboEnterprise.objects.filter(number="0812345603").exists()
    assert (employer.name_nl, employer.office_postcode) == ("Alfa Bouw", "9000")
