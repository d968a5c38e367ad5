"""import_integrations: all or nothing, every bad line named, idempotent."""

from django.core.management import CommandError, call_command

import pytest

from authz.models import ReferenceDirectoryEntry

HEADER = "insz,institution,quality_code,valid_from,valid_until\n"


def run(tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "integrations.csv"
    path.write_bytes(text.encode(encoding))
    call_command("import_integrations", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    return path


@pytest.mark.django_db
def test_good_file_is_imported_and_a_second_run_changes_nothing(tmp_path):
    text = HEADER + "90051512391,BGDA,001,2024-01-01,\n85010123176,bgda,010,2024-01-01,2025-12-31\n"
    run(tmp_path, text)
    run(tmp_path, text)
    assert ReferenceDirectoryEntry.objects.count() == 2
    entry = ReferenceDirectoryEntry.objects.get(insz="85010123176")
    assert (entry.quality_code.code, str(entry.valid_until)) == ("010", "2025-12-31")


@pytest.mark.django_db
def test_changed_end_date_updates_the_entry(tmp_path):
    run(tmp_path, HEADER + "90051512391,BGDA,001,2024-01-01,\n")
    run(tmp_path, HEADER + "90051512391,BGDA,001,2024-01-01,2026-06-30\n")
    assert str(ReferenceDirectoryEntry.objects.get().valid_until) == "2026-06-30"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("90051512392,BGDA,001,2024-01-01,\n", "check digits of this INSZ number are not correct"),
        ("90051512391,XXXX,001,2024-01-01,\n", "unknown code 'XXXX'"),
        ("90051512391,BGDA,999,2024-01-01,\n", "quality_code: unknown code '999'"),
        ("90051512391,BGDA,001,01/01/2024,\n", "'01/01/2024' is not a date"),
        ("90051512391,BGDA,001,2024-06-01,2024-01-01\n", "valid_until lies before valid_from"),
        ("90051512391,BGDA,001,,\n", "valid_from: a date is required"),
        ("9005151239,BGDA,001,2024-01-01,\n", "has 11 digits; this one has 10"),
        ("90051512391,BGDA,001,2024-01-01,,extra\n", "Too many fields"),
    ],
)
def test_bad_line_rejects_the_whole_file(tmp_path, body, message):
    text = HEADER + "64072008826,VDAB,001,2024-01-01,\n" + body
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert message in str(error.value)
    assert ":3:" in str(error.value)
    assert ReferenceDirectoryEntry.objects.count() == 0


@pytest.mark.django_db
def test_every_bad_line_is_listed(tmp_path):
    text = HEADER + "1,BGDA,001,2024-01-01,\n90051512391,BGDA,001,2024-01-01,\n2,BGDA,001,2024-01-01,\n"
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert ":2:" in str(error.value) and ":4:" in str(error.value) and ":3:" not in str(error.value)


@pytest.mark.django_db
def test_line_numbers_count_blank_lines(tmp_path):
    text = HEADER + "90051512391,BGDA,001,2024-01-01,\n\n12345,BGDA,001,2024-01-01,\n"
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    assert ":4:" in str(error.value) and ":3:" not in str(error.value)
    assert not ReferenceDirectoryEntry.objects.filter(insz="90051512391").exists()


@pytest.mark.django_db
def test_wrong_columns_and_encoding_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Expected the columns"):
        run(tmp_path, "nummer,instelling\n1,2\n")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(tmp_path, HEADER + "90051512391,BGDA,001,2024-01-01,é\n", encoding="latin-1")
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_integrations", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="no integrations"):
        run(tmp_path, HEADER)
    assert ReferenceDirectoryEntry.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_line_is_rejected(tmp_path):
    line = "90051512391,BGDA,001,2024-01-01,\n"
    with pytest.raises(CommandError, match="appears twice"):
        run(tmp_path, HEADER + line + line)
