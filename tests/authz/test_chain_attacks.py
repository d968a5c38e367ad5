"""Whoever holds the database rewrites the log: verify_disclosures finds it through the chain keys and the signed
checkpoints (SQLite and PostgreSQL; on PostgreSQL the attacker is the tables' owner, who switches the triggers off)."""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from authz import chain, checkpoints
from authz.models import ChainHead, ChainVerification, Disclosure
from authz.services import checkpoint_chain
from authz.tasks import checkpoint_disclosures
from tests.authz.test_chain import run_verify, write_entries

pytestmark = pytest.mark.django_db

KEY_A = "a:" + "A" * 40
KEY_B = "b:" + "B" * 40


@contextmanager
def holding_the_database():
    """A cursor of whoever holds the database: on PostgreSQL the owner disables the tables' triggers (the test's
    transaction rolls that back); SQLite has none."""
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # The foreign keys' checks, deferred to the commit, must run before ALTER TABLE may.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE authz_disclosure DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE authz_chainhead DISABLE TRIGGER USER")
        yield cursor
        if postgres:
            cursor.execute("ALTER TABLE authz_disclosure ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE authz_chainhead ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def unkeyed_sha256(values: dict) -> str:
    """The hash function the project used before the chain keys: SHA-256 of the canonical JSON, no key."""
    return chain.row_hash({**values, "key_id": ""})


def rewrite_from(position: int, *, change: dict, seal=unkeyed_sha256, clear_key: bool = False) -> None:
    """Change entry ``position`` and re-hash it and every entry after it, so that each follows the one before."""
    prev = Disclosure.objects.get(position=position - 1).hash if position > 1 else chain.GENESIS_HASH
    rows = list(
        Disclosure.objects.filter(position__gte=position).order_by("position").values(*chain.HASHED_FIELDS, "key_id")
    )
    with holding_the_database() as cursor:
        for values in rows:
            if values["position"] == position:
                values.update(change)
            if clear_key:
                values["key_id"] = ""
            values["prev_hash"] = prev
            prev = seal(values)
            cursor.execute(
                "UPDATE authz_disclosure SET outcome = %s, reason = %s, prev_hash = %s, key_id = %s, hash = %s "
                "WHERE position = %s",
                [values["outcome"], values["reason"], values["prev_hash"], values["key_id"], prev, values["position"]],
            )
        cursor.execute("UPDATE authz_chainhead SET hash = %s WHERE id = 1", [prev])


def cut_back_to(position: int) -> None:
    """Delete the entries after ``position`` and move the chain head back onto it."""
    last = Disclosure.objects.get(position=position).hash
    with holding_the_database() as cursor:
        cursor.execute("DELETE FROM authz_disclosure WHERE position > %s", [position])
        cursor.execute("UPDATE authz_chainhead SET position = %s, hash = %s WHERE id = 1", [position, last])


def folder() -> Path:
    return checkpoints.directory()


# The two attacks of the finding -------------------------------------------------------------------------------------


def test_a_changed_entry_rehashed_with_the_unkeyed_hash_is_found_at_that_entry():
    write_entries(6)
    rewrite_from(3, change={"outcome": "refused", "reason": "forged"})
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 3: entry 3 was changed after it was written" in err


def test_a_rehashed_chain_that_drops_its_key_ids_is_found_at_the_first_entry_without_one():
    write_entries(6)
    rewrite_from(3, change={"reason": "forged"}, clear_key=True)
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 3: entry 3 carries no chain key" in err


def test_a_chain_cut_short_with_its_head_moved_back_is_found_by_the_checkpoint():
    write_entries(5)
    assert run_verify()[0] == 0  # signs a checkpoint of entry 5
    write_entries(2)
    cut_back_to(3)
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 4: the chain ends at entry 3, but the checkpoint of" in err
    assert "saw entry 5: entries 4 to 5 were removed" in err
    assert not ChainVerification.objects.latest("pk").intact


def test_a_chain_resealed_with_the_key_itself_is_found_by_the_checkpoint():
    """An insider who also took the chain key re-seals every entry after the change: the checkpoint signed before
    (with a key the database does not hold) no longer matches."""
    write_entries(4)
    assert run_verify()[0] == 0
    write_entries(2)
    assert run_verify()[0] == 0
    rewrite_from(2, change={"reason": "forged"}, seal=lambda values: chain.seal(values)["hash"])
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 4: entry 4 is not the one the checkpoint of" in err
    assert "the chain was rewritten between entry 1 and entry 4" in err


def test_the_scheduled_checkpoint_finds_a_rewrite_after_the_last_checkpoint_and_signs_nothing():
    write_entries(3)
    assert checkpoint_disclosures.delay().get() == {"intact": True, "position": 3, "first_broken": None}
    write_entries(3)
    rewrite_from(5, change={"reason": "forged"})
    assert checkpoint_disclosures.delay().get() == {"intact": False, "position": 4, "first_broken": 5}
    assert [c.position for c in checkpoints.read_all()] == [3]
    broken = ChainVerification.objects.get()
    assert (broken.intact, broken.first_broken_position) == (False, 5)


# Checkpoints --------------------------------------------------------------------------------------------------------


def test_every_verification_signs_a_new_read_only_checkpoint_of_the_head():
    write_entries(3)
    run_verify()
    write_entries(1)
    code, out, _ = run_verify()
    assert code == 0 and "agrees with 1 checkpoint(s)" in out
    saved = checkpoints.read_all()
    head = ChainHead.objects.get()
    assert [(c.position, c.hash) for c in saved] == [(3, Disclosure.objects.get(position=3).hash), (4, head.hash)]
    files = sorted(folder().iterdir())
    assert all(not os.access(path, os.W_OK) or os.geteuid() == 0 for path in files)
    assert oct(files[0].stat().st_mode & 0o777) == "0o444"


def test_verify_without_recording_writes_no_checkpoint():
    write_entries(2)
    assert run_verify("--no-record")[0] == 0
    assert checkpoints.read_all() == []


def test_the_scheduled_checkpoint_writes_only_when_the_head_moved():
    write_entries(2)
    checkpoint_chain()
    checkpoint_chain()
    assert [c.position for c in checkpoints.read_all()] == [2]
    write_entries(1)
    result = checkpoint_chain()
    assert result.intact and [c.position for c in checkpoints.read_all()] == [2, 3]


def test_a_changed_checkpoint_file_is_reported():
    write_entries(2)
    run_verify()
    (path,) = folder().iterdir()
    document = json.loads(path.read_text())
    document["position"] = 1
    path.chmod(0o644)
    path.write_text(json.dumps(document))
    code, _, err = run_verify()
    assert code == 1
    assert "does not carry a valid signature: it was changed" in err


def test_a_checkpoint_signed_by_an_untrusted_key_is_reported_until_its_key_is_trusted(settings):
    write_entries(2)
    old = Ed25519PrivateKey.generate()
    settings.DISCLOSURE_CHECKPOINT_KEY = base64.b64encode(old.private_bytes_raw()).decode()
    run_verify()
    settings.DISCLOSURE_CHECKPOINT_KEY = base64.b64encode(Ed25519PrivateKey.generate().private_bytes_raw()).decode()
    code, _, err = run_verify()
    assert code == 1 and "which is not trusted" in err
    settings.DISCLOSURE_CHECKPOINT_TRUSTED_KEYS = [checkpoints.public_key_text(old.public_key())]
    code, out, _ = run_verify()
    assert code == 0 and "agrees with 1 checkpoint(s)" in out


def test_a_checkpoint_kept_off_the_host_finds_a_cut_the_local_folder_no_longer_shows(tmp_path):
    write_entries(4)
    run_verify()
    off_host = tmp_path / "off-host"
    shutil.copytree(folder(), off_host)
    for path in folder().iterdir():  # the attacker also took the application host
        path.unlink()
    cut_back_to(2)
    assert run_verify("--no-record")[0] == 0
    code, _, err = run_verify("--checkpoints", str(off_host))
    assert code == 1 and "BROKEN at entry 3" in err


# Chain keys: rotation, and the entries written before them ---------------------------------------------------------


def test_rotated_keys_verify_the_entries_each_sealed_and_a_removed_key_is_named(settings):
    settings.DISCLOSURE_CHAIN_KEYS = [KEY_A]
    write_entries(2)
    settings.DISCLOSURE_CHAIN_KEYS = [KEY_B, KEY_A]
    write_entries(2)
    assert list(Disclosure.objects.order_by("position").values_list("key_id", flat=True)) == ["a", "a", "b", "b"]
    assert run_verify()[0] == 0
    settings.DISCLOSURE_CHAIN_KEYS = [KEY_B]
    code, _, err = run_verify()
    assert code == 1
    assert "BROKEN at entry 1: entry 1 is sealed with the chain key 'a', which DISCLOSURE_CHAIN_KEYS lacks" in err


@pytest.mark.parametrize("keys", [["short:abc"], ["bad id!:" + "x" * 40], [KEY_A, KEY_A]])
def test_malformed_chain_keys_are_refused(settings, keys):
    settings.DISCLOSURE_CHAIN_KEYS = keys
    with pytest.raises(ImproperlyConfigured, match="DISCLOSURE_CHAIN_KEYS"):
        chain.chain_keys()


def legacy_entries(count: int) -> None:
    """Entries as the gate wrote them before the chain keys: no key id, an unkeyed SHA-256."""
    write_entries(count)
    rows = list(Disclosure.objects.order_by("position").values(*chain.HASHED_FIELDS))
    prev = chain.GENESIS_HASH
    with holding_the_database() as cursor:
        for values in rows:
            values["prev_hash"] = prev
            prev = unkeyed_sha256(values)
            cursor.execute(
                "UPDATE authz_disclosure SET key_id = '', prev_hash = %s, hash = %s WHERE position = %s",
                [values["prev_hash"], prev, values["position"]],
            )
        cursor.execute("UPDATE authz_chainhead SET hash = %s WHERE id = 1", [prev])


def test_entries_written_before_the_keys_still_verify_and_the_first_checkpoint_seals_them():
    legacy_entries(3)
    write_entries(2)
    assert run_verify()[0] == 0
    (saved,) = checkpoints.read_all()
    assert (saved.position, saved.legacy_until) == (5, 3)
    assert Disclosure.objects.get(position=4).prev_hash == Disclosure.objects.get(position=3).hash


def test_an_entry_without_key_after_the_sealed_ones_is_found(settings):
    legacy_entries(2)
    run_verify()
    write_entries(1)
    rewrite_from(3, change={"reason": "forged"}, clear_key=True)
    code, _, err = run_verify()
    assert code == 1 and "BROKEN at entry 3: entry 3 carries no chain key" in err


def test_checkpoint_key_prints_the_public_key_the_checkpoints_name(settings):
    out = io.StringIO()
    call_command("checkpoint_key", "--generate", stdout=out)
    line, public = out.getvalue().splitlines()
    settings.DISCLOSURE_CHECKPOINT_KEY = line.removeprefix("DISCLOSURE_CHECKPOINT_KEY=")
    out = io.StringIO()
    call_command("checkpoint_key", stdout=out)
    assert out.getvalue().strip() == public
    write_entries(1)
    run_verify()
    (saved,) = checkpoints.read_all()
    assert public.startswith(f"key id {saved.signing_key},")


def test_an_unwritable_checkpoint_folder_is_a_clear_error(settings, tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    settings.DISCLOSURE_CHECKPOINT_DIR = str(blocker / "checkpoints")
    write_entries(1)
    with pytest.raises(CommandError, match="The chain is intact, but no checkpoint could be written to"):
        call_command("verify_disclosures", stdout=io.StringIO())


def test_celery_beat_signs_a_checkpoint_on_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["checkpoint-disclosure-log"]
    assert entry == {"task": "authz.checkpoint_disclosures", "schedule": settings.DISCLOSURE_CHECKPOINT_MINUTES * 60}


def test_a_missing_folder_of_checkpoints_is_an_error_not_an_empty_comparison(tmp_path):
    with pytest.raises(CommandError, match="is not a directory of checkpoints"):
        call_command("verify_disclosures", "--checkpoints", str(tmp_path / "typo"), stdout=io.StringIO())


def test_the_incremental_verification_recomputes_from_the_latest_checkpoint_and_finds_a_change_after_it():
    write_entries(3)
    assert run_verify()[0] == 0  # a checkpoint at entry 3
    write_entries(2)
    code, out, _err = run_verify("--incremental")
    assert code == 0 and "intact: 5 entries, entries 4 to 5 recomputed from the checkpoint at entry 3" in out
    assert ChainVerification.objects.order_by("-pk").first().since_position == 3
    write_entries(1)
    rewrite_from(6, change={"outcome": "refused"})
    code, _out, err = run_verify("--incremental")
    assert code == 1 and "BROKEN at entry 6" in err
