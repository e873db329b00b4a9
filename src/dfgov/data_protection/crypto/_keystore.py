"""The sealed keystore file behind :meth:`Keyring.open`.

File layout (UTF-8 JSON)::

    {"format": "dfgov-keystore", "version": 1,
     "kdf": {"name": "scrypt", "salt": <b64 16 bytes>, "n": 32768, "r": 8, "p": 1},
     "aead": "AES-256-GCM" | "SM4-GCM",
     "check": <b64 HMAC-SHA256(check key, "dfgov-keystore-check")>,
     "nonce": <b64 12 bytes>, "sealed": <b64 AEAD(seal key, body, aad=header)>}

scrypt derives 64 bytes from the passphrase: the first 32 (or 16 for SM4)
seal the body, the last 32 compute ``check``, which tells a wrong passphrase
from a corrupted file. The associated data is the canonical JSON of
``format, version, kdf, aead``. The body holds the local KEKs (if the
provider is local) and every data key wrapped under its KEK. Writes go to a
temporary file (mode 0600), are fsynced, then ``os.replace``d over the old
file, so a crash mid-write leaves the previous keystore readable. A write
from a stale handle (another writer changed the file) is refused with
``ConflictError`` under an advisory lock on ``<keystore>.lock``.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import json
import os
import secrets
from base64 import b64decode, b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from dfgov.audit import AuditSink
from dfgov.clock import Clock
from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import KEY_SIZES, NONCE_SIZE, new_aead
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._keys import KeyInfo, KeyProvider, KeyState, LocalKeyProvider
from dfgov.data_protection.crypto._wrapped import KeyRecord
from dfgov.errors import (
    ConflictError,
    CryptoError,
    InputFileError,
    InvalidInputError,
    TamperError,
)

__all__ = ["open_keystore"]

_FORMAT = "dfgov-keystore"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
#: Bounds of the scrypt settings a keystore may name (RFC 7914: ``n`` a power of
#: two; ``128 * n * r`` bytes of memory, ``n * r * p`` work). A file outside them
#: is refused before any key derivation, so it can neither crash nor burn CPU.
_MIN_N, _MAX_N = 2**10, 2**20
_MAX_R, _MAX_P = 16, 4
_MAX_MEMORY = 1 << 30
_CHECK = b"dfgov-keystore-check"


def _derive(passphrase: bytes, kdf: dict[str, Any]) -> bytes:
    return Scrypt(
        salt=b64decode(kdf["salt"]), length=64, n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"])
    ).derive(passphrase)


def _aad(doc: dict[str, Any]) -> bytes:
    head = {k: doc[k] for k in ("format", "version", "kdf", "aead")}
    return json.dumps(head, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _check(derived: bytes) -> str:
    return b64encode(hmac.digest(derived[32:], _CHECK, "sha256")).decode("ascii")


def _check_permissions(path: Path) -> None:
    if os.name != "posix":  # pragma: no cover - POSIX only
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise InputFileError(
            f"The keystore file {str(path)!r} is accessible by group or others "
            f"(mode {mode:04o}); restrict it to its owner with chmod 600."
        )


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if os.name == "posix":
        dfd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on ``<keystore>.lock`` (POSIX; no-op elsewhere)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Sealer:
    """Holds the derived key of one open keystore and writes it back on change.

    A write first checks, under the lock file, that the keystore on disk is
    still the one this handle read or last wrote; otherwise it raises
    :class:`~dfgov.errors.ConflictError` and writes nothing (the keyring rolls
    its change back), so two writers never silently drop each other's keys.
    """

    def __init__(
        self, path: Path, doc: dict[str, Any], derived: bytes, digest: str | None
    ) -> None:
        self.path = path
        self.head = {k: doc[k] for k in ("format", "version", "kdf", "aead", "check")}
        self._derived = bytearray(derived)
        self._digest = digest

    def __call__(self, keyring: Keyring) -> None:
        provider = keyring.provider
        body: dict[str, Any] = {
            "provider": (
                {"kind": "local", **provider._export()}
                if isinstance(provider, LocalKeyProvider)
                else {"kind": "external", "class": type(provider).__qualname__}
            ),
            "keys": [
                {
                    **rec.info.to_dict(),
                    "key_id": rec.info.key_id,
                    "wrapped": None if rec.wrapped is None else b64encode(rec.wrapped).decode(),
                }
                for rec in keyring._records.values()
            ],
        }
        alg = self.head["aead"]
        nonce = os.urandom(NONCE_SIZE)
        doc = dict(self.head)
        sealed = new_aead(alg, bytes(self._derived[: KEY_SIZES[alg]])).encrypt(
            nonce, json.dumps(body).encode("utf-8"), _aad(doc)
        )
        doc["nonce"] = b64encode(nonce).decode("ascii")
        doc["sealed"] = b64encode(sealed).decode("ascii")
        data = json.dumps(doc, indent=1).encode("utf-8")
        with _file_lock(self.path):
            try:
                current: str | None = _sha(self.path.read_bytes())
            except FileNotFoundError:
                current = None
            if current != self._digest:
                raise ConflictError(
                    f"The keystore {str(self.path)!r} was changed by another writer since this "
                    "handle read it; nothing was written. Open it again and retry."
                )
            _write_atomic(self.path, data)
        self._digest = _sha(data)

    def change_passphrase(self, keyring: Keyring, passphrase: str | bytes) -> None:
        """Write the keystore sealed under ``passphrase`` with a fresh salt (or nothing)."""
        secret = _passphrase(passphrase)
        kdf = {"name": "scrypt", "salt": b64encode(os.urandom(16)).decode(), **_SCRYPT}
        derived = _derive(secret, kdf)
        old = self.head, self._derived
        self.head = {**self.head, "kdf": kdf, "check": _check(derived)}
        self._derived = bytearray(derived)
        try:
            self(keyring)
        except BaseException:
            self.head, self._derived = old
            raise
        for i in range(len(old[1])):
            old[1][i] = 0

    def __repr__(self) -> str:
        return f"_Sealer({str(self.path)!r})"

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("An open keystore cannot be pickled.")


def _passphrase(passphrase: str | bytes) -> bytes:
    if isinstance(passphrase, str):
        passphrase = passphrase.encode("utf-8")
    if not isinstance(passphrase, bytes) or not passphrase:
        raise InvalidInputError("The 'passphrase' argument of Keyring.open must be non-empty.")
    return passphrase


def _check_kdf(kdf: Any, path: Path) -> None:
    """Raise ``InputFileError`` naming the bound unless the scrypt settings are within it."""
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise InputFileError(f"The keystore {str(path)!r} names a KDF other than scrypt.")
    n, r, p = (kdf.get(k) for k in ("n", "r", "p"))
    if not (type(n) is int and type(r) is int and type(p) is int
            and _MIN_N <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R
            and 1 <= p <= _MAX_P and 128 * n * r <= _MAX_MEMORY):
        raise InputFileError(
            f"The keystore {str(path)!r} has scrypt settings out of bounds: n must be a "
            f"power of two in [{_MIN_N}, {_MAX_N}], r an int in [1, {_MAX_R}], p an int in "
            f"[1, {_MAX_P}], and 128*n*r at most {_MAX_MEMORY >> 20} MiB. "
            f"Got n={n!r}, r={r!r}, p={p!r}."
        )
    try:
        salt = b64decode(kdf.get("salt", ""), validate=True)
    except (binascii.Error, ValueError, TypeError):
        salt = b""
    if not 16 <= len(salt) <= 64:
        raise InputFileError(
            f"The keystore {str(path)!r} has a scrypt salt that is not 16 to 64 bytes of base64."
        )


def _read(path: Path) -> tuple[dict[str, Any], str]:
    try:
        raw = path.read_bytes()
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("format") != _FORMAT or doc.get("version") != 1:
            raise ValueError("not a keystore")
        if "kdf" not in doc:
            raise ValueError("no kdf")
        if doc["aead"] not in ("AES-256-GCM", "SM4-GCM"):
            raise ValueError("unsupported aead")
        for field in ("check", "nonce", "sealed"):
            b64decode(doc[field], validate=True)
    except (OSError, ValueError, KeyError, TypeError, binascii.Error, RecursionError):
        raise InputFileError(
            f"The file {str(path)!r} is not a readable dfgov keystore (version 1)."
        ) from None
    _check_kdf(doc["kdf"], path)
    return doc, _sha(raw)


def _records(body: dict[str, Any]) -> dict[int, KeyRecord]:
    out: dict[int, KeyRecord] = {}
    for k in body["keys"]:
        info = KeyInfo(
            key_id=int(k["key_id"]),
            scope=str(k["scope"]),
            algorithm=str(k["algorithm"]),
            version=int(k["version"]),
            state=KeyState(k["state"]),
            created_at=datetime.fromisoformat(k["created_at"]),
            kek_id=k["kek_id"],
        )
        wrapped = None if k["wrapped"] is None else b64decode(k["wrapped"])
        if (wrapped is None) != (info.state is KeyState.DESTROYED):
            raise ValueError("key state and material disagree")
        out[info.key_id] = KeyRecord(info, wrapped, None)
    return out


def open_keystore(
    path: Path,
    *,
    passphrase: str | bytes,
    create: bool,
    provider: KeyProvider | None,
    kek_algorithm: str,
    audit: AuditSink | None,
    actor: str,
    clock: Clock | None = None,
) -> Keyring:
    """Open or create the sealed keystore at ``path`` (see the module docstring)."""
    secret = _passphrase(passphrase)
    if not path.exists():
        if not create:
            raise InputFileError(
                f"The keystore file {str(path)!r} does not exist; pass create=True to create it."
            )
        if kek_algorithm not in ("AES-256-GCM", "SM4-GCM"):
            raise InvalidInputError(
                "The 'kek_algorithm' argument of Keyring.open must be 'AES-256-GCM' or "
                f"'SM4-GCM'. Got {kek_algorithm!r}."
            )
        _selftest.require(kek_algorithm)
        kdf = {"name": "scrypt", "salt": b64encode(os.urandom(16)).decode(), **_SCRYPT}
        doc: dict[str, Any] = {"format": _FORMAT, "version": 1, "kdf": kdf, "aead": kek_algorithm}
        derived = _derive(secret, kdf)
        doc["check"] = _check(derived)
        new_prov = provider or LocalKeyProvider(algorithm=kek_algorithm)  # type: ignore[arg-type]
        sealer = _Sealer(path, doc, derived, None)
        keyring = Keyring(new_prov, audit=audit, actor=actor, clock=clock, _save=sealer)
        sealer(keyring)
        return keyring

    _check_permissions(path)
    doc, digest = _read(path)
    _selftest.require(doc["aead"])
    derived = _derive(secret, doc["kdf"])
    if not hmac.compare_digest(_check(derived), doc["check"]):
        raise CryptoError(f"Wrong passphrase for the keystore {str(path)!r}.")
    try:
        body = json.loads(
            new_aead(doc["aead"], derived[: KEY_SIZES[doc["aead"]]]).decrypt(
                b64decode(doc["nonce"]), b64decode(doc["sealed"]), _aad(doc)
            )
        )
        kind = body["provider"]["kind"]
        records = _records(body)
        if kind == "local":
            if provider is not None:
                raise InvalidInputError(
                    f"The keystore {str(path)!r} holds its own KEKs; do not pass 'provider'."
                )
            prov: KeyProvider = LocalKeyProvider._import(body["provider"])
        else:
            if provider is None:
                raise InvalidInputError(
                    f"The keystore {str(path)!r} uses an external KEK provider "
                    f"({body['provider'].get('class')}); pass it as 'provider'."
                )
            prov = provider
    except (InvalidTag, ValueError, KeyError, TypeError, binascii.Error) as exc:
        if isinstance(exc, InvalidInputError):
            raise
        raise TamperError(
            f"The keystore {str(path)!r} is corrupted: its sealed content does not verify."
        ) from None
    return Keyring(prov, audit=audit, actor=actor, clock=clock,
                   _save=_Sealer(path, doc, derived, digest), _records=records)
