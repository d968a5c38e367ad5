"""The hash chain: verify_disclosures finds a changed, removed or inserted row."""

import io

from django.core.management import call_command
from django.db import connection

import pytest

from authz import activities, chain
from authz.models import ChainVerification, Disclosure
from authz.services import Actor, Subject, disclose


def write_entries(count: int) -> None:
    for number in range(count):
        disclose(
            actor=Actor(user=None),
            activity=activities.EMPLOYER_CATEGORY_LOOKUP,
            subjects=[Subject.employer(repertory="RSZ", number=f"{100000000 + number}", personal=False)],
            categories=["employer_category"],
        )


def raw(sql: str, params=()) -> None:
    """Tamper with the table behind the model's back (SQLite has no trigger; PostgreSQL tests need it off)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def run_verify(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_disclosures", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sqlite_only(db):
    if connection.vendor != "sqlite":
        pytest.skip("tampering with rows needs a database without the append-only trigger (SQLite)")


@pytest.mark.django_db
def test_intact_chain_verifies_and_records_the_head():
    write_entries(5)
    code, out, _ = run_verify()
    assert code == 0
    assert out.startswith("intact: 5 entries")
    verification = ChainVerification.objects.get()
    assert verification.intact and verification.count == 5
    assert verification.head_hash == Disclosure.objects.get(position=5).hash


@pytest.mark.django_db
def test_each_entry_links_to_the_previous_one():
    write_entries(3)
    rows = list(Disclosure.objects.order_by("position"))
    assert rows[0].prev_hash == chain.GENESIS_HASH
    assert [r.prev_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]


def test_changed_row_is_found(sqlite_only):
    write_entries(5)
    raw("UPDATE authz_disclosure SET reason = 'forged' WHERE position = 3")
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 3" in err and "changed" in err


def test_removed_row_is_found(sqlite_only):
    write_entries(5)
    raw("DELETE FROM authz_disclosure WHERE position = 2")
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 2" in err


def test_removed_last_row_is_found_through_the_head(sqlite_only):
    write_entries(4)
    raw("DELETE FROM authz_disclosure WHERE position = 4")
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 4" in err


def test_inserted_row_is_found(sqlite_only):
    write_entries(3)
    raw("UPDATE authz_disclosure SET position = position + 1000 WHERE position >= 2")
    raw("UPDATE authz_disclosure SET position = position - 999 WHERE position >= 1000")
    first = Disclosure.objects.get(position=1)
    raw(
        "INSERT INTO authz_disclosure (position, occurred_at, request_id, actor_role, acting_for, organisation,"
        " activity_id, subject_kind, subject_pseudonym, personal, categories, channel, outcome, reason,"
        " justification, prev_hash, key_id, hash) VALUES (2, %s, '', 'anonymous', '', '', %s, 'employer', 'x', 0,"
        " '[]', 'web', 'granted', 'public-activity', '', %s, '', 'forged')",
        [first.occurred_at.isoformat(), first.activity_id, first.hash],
    )
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 2" in err


@pytest.mark.django_db
def test_no_update_or_delete_path_in_code():
    write_entries(1)
    entry = Disclosure.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        Disclosure.objects.update(reason="x")
    with pytest.raises(PermissionError):
        Disclosure.objects.all().delete()


@pytest.mark.django_db
def test_periodic_task_records_the_result():
    from authz.tasks import verify_disclosures

    write_entries(2)
    assert verify_disclosures.delay().get() == {"intact": True, "count": 2, "first_broken": None}
    assert ChainVerification.objects.filter(intact=True, count=2).exists()


@pytest.mark.django_db
def test_pseudonym_depends_on_the_key(settings):
    first = chain.pseudonymise("person", "90051512391")
    settings.DISCLOSURE_PSEUDONYM_KEY = "another key"
    assert chain.pseudonymise("person", "90051512391") != first
    assert len(first) == 64 and "90051512391" not in first
