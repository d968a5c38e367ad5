"""Signed checkpoints of the disclosure log's chain head: one file each, written where the database cannot write.

A checkpoint says "at this time the chain had this many entries and this head hash", signed with an Ed25519 key held
in the environment (DISCLOSURE_CHECKPOINT_KEY), never in the database. Whoever holds the database can re-seal or cut
the chain and move its head, but cannot sign a checkpoint, nor change one taken before: ``verify_disclosures``
compares the chain with every checkpoint. Copies kept off the host (README) still witness the chain when the host
itself is taken.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

FORMAT = "portal-disclosure-checkpoint/1"
#: ``checkpoint-<position, 12 digits>-<UTC time>.json``: names sort in chain order.
_NAME = re.compile(r"checkpoint-(\d{12})-(\d{8}T\d{12}Z)\.json")


class CheckpointError(Exception):
    """A file in the checkpoint directory is not a checkpoint signed by a trusted key."""

    def __init__(self, message: str, *, name: str):
        super().__init__(message)
        match = _NAME.fullmatch(name)
        #: The position the file's name claims (the entry whose witness is lost), 0 when it names none.
        self.position = int(match.group(1)) if match else 0


@dataclass(frozen=True)
class Checkpoint:
    position: int
    hash: str
    at: datetime
    #: The entries at the start of the chain without a chain key (written before the keys existed).
    legacy_until: int
    signing_key: str
    name: str = ""


def _b64decode(value: str, *, setting: str) -> bytes:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{setting}: not base64") from None


@lru_cache(maxsize=4)
def _private_key(configured: str, secret_key: str) -> Ed25519PrivateKey:
    if not configured:
        # Development only (settings require the key when DJANGO_DEBUG=0).
        seed = hmac.new(secret_key.encode(), b"disclosure-checkpoint", hashlib.sha256).digest()
    else:
        seed = _b64decode(configured, setting="DISCLOSURE_CHECKPOINT_KEY")
        if len(seed) != 32:
            raise ImproperlyConfigured("DISCLOSURE_CHECKPOINT_KEY: an Ed25519 private key is 32 bytes (base64)")
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.DISCLOSURE_CHECKPOINT_KEY, settings.SECRET_KEY)


def public_key_text(key: Ed25519PublicKey) -> str:
    """The public key as base64 of its 32 raw bytes (the form DISCLOSURE_CHECKPOINT_TRUSTED_KEYS takes)."""
    return base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def key_id(key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of the SHA-256 of the raw public key."""
    return hashlib.sha256(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    """The public keys whose checkpoints count: the current signing key's and those of earlier ones."""
    keys = {}
    for text in settings.DISCLOSURE_CHECKPOINT_TRUSTED_KEYS:
        raw = _b64decode(text, setting="DISCLOSURE_CHECKPOINT_TRUSTED_KEYS")
        try:
            key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:
            raise ImproperlyConfigured(
                "DISCLOSURE_CHECKPOINT_TRUSTED_KEYS: an Ed25519 public key is 32 bytes"
            ) from None
        keys[key_id(key)] = key
    current = signing_key().public_key()
    keys[key_id(current)] = current
    return keys


def directory() -> Path:
    return Path(settings.DISCLOSURE_CHECKPOINT_DIR)


def _payload_bytes(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def write(*, position: int, hash: str, legacy_until: int, folder: Path | None = None) -> Checkpoint:
    """Sign the head and write it to a new file (created exclusively, read-only: a checkpoint is never rewritten)."""
    folder = folder or directory()
    folder.mkdir(parents=True, exist_ok=True)
    at = timezone.now().astimezone(UTC)
    key = signing_key()
    payload = {
        "format": FORMAT,
        "position": position,
        "hash": hash,
        "at": at.isoformat(),
        "legacy_until": legacy_until,
        "signing_key": key_id(key.public_key()),
    }
    document = {**payload, "signature": base64.b64encode(key.sign(_payload_bytes(payload))).decode()}
    name = f"checkpoint-{position:012d}-{at:%Y%m%dT%H%M%S%f}Z.json"
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(json.dumps(document, indent=1, sort_keys=True) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return Checkpoint(position, hash, at, legacy_until, payload["signing_key"], name)


def read(path: Path, keys: dict[str, Ed25519PublicKey] | None = None) -> Checkpoint:
    """Read one checkpoint file and check its signature; raise CheckpointError when it is not a trusted checkpoint."""
    keys = trusted_keys() if keys is None else keys
    try:
        document = json.loads(path.read_text(encoding="ascii"))
        signature = base64.b64decode(document.pop("signature"), validate=True)
        payload = {name: document[name] for name in ("format", "position", "hash", "at", "legacy_until", "signing_key")}
    except (OSError, ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise CheckpointError(f"checkpoint {path.name} cannot be read: {exc}", name=path.name) from None
    if set(document) != set(payload) or payload["format"] != FORMAT:
        raise CheckpointError(f"checkpoint {path.name} is not in the format {FORMAT}", name=path.name)
    key = keys.get(payload["signing_key"])
    if key is None:
        raise CheckpointError(
            f"checkpoint {path.name} is signed by key {payload['signing_key']}, which is not trusted "
            "(an earlier key's public key goes in DISCLOSURE_CHECKPOINT_TRUSTED_KEYS)",
            name=path.name,
        )
    try:
        key.verify(signature, _payload_bytes(payload))
        at = datetime.fromisoformat(payload["at"])
        position, legacy_until = int(payload["position"]), int(payload["legacy_until"])
    except (InvalidSignature, ValueError, TypeError):
        raise CheckpointError(
            f"checkpoint {path.name} does not carry a valid signature: it was changed", name=path.name
        ) from None
    return Checkpoint(position, str(payload["hash"]), at, legacy_until, payload["signing_key"], path.name)


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if _NAME.fullmatch(path.name))


def read_all(folder: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the folder, in chain order; CheckpointError on the first that is not trusted."""
    keys = trusted_keys()
    return [read(path, keys) for path in _files(folder or directory())]


def latest(folder: Path | None = None) -> Checkpoint | None:
    """The checkpoint furthest along the chain (the latest of those at that position), or None."""
    files = _files(folder or directory())
    return read(files[-1]) if files else None
