"""Key metadata, key states and key-encryption-key (KEK) providers.

A :class:`KeyProvider` holds the key-encryption keys that wrap every data
key (envelope encryption). dfgov ships :class:`LocalKeyProvider` (KEKs in
process memory, persisted only inside a passphrase-sealed keystore). An HSM
or cloud KMS plugs in by implementing the same four methods; the KEK never
needs to leave the device, since only ``wrap``/``unwrap`` are called.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal, Protocol, runtime_checkable

from cryptography.exceptions import InvalidTag

from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import KEY_SIZES, NONCE_SIZE, new_aead
from dfgov.errors import CryptoError, InvalidInputError, KeyStateError

__all__ = ["KeyInfo", "KeyProvider", "KeyState", "LocalKeyProvider"]


class KeyState(StrEnum):
    """State of one key version.

    ``primary`` encrypts and decrypts; ``decrypt-only`` only decrypts (a new
    key before promotion, or an old key after rotation); ``destroyed`` keeps
    only metadata: its data is unrecoverable (crypto-shredding).
    """

    PRIMARY = "primary"
    DECRYPT_ONLY = "decrypt-only"
    DESTROYED = "destroyed"


@dataclass(frozen=True)
class KeyInfo:
    """Metadata of one key version; never any key material.

    Attributes
    ----------
    key_id : int
        The uint32 id written into every ciphertext made with this key.
    scope : str
        What the key protects, e.g. ``"customers/id_number"`` (dataset/column).
    algorithm : str
        "SM4-GCM", "AES-256-GCM", "AES-SIV", "HMAC-SM3" or "HMAC-SHA256".
    version : int
        1, 2, ... within its scope and algorithm.
    state : KeyState
    created_at : datetime
    kek_id : str or None
        Id of the key-encryption key wrapping it (``None`` once destroyed).
    """

    key_id: int
    scope: str
    algorithm: str
    version: int
    state: KeyState
    created_at: datetime
    kek_id: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible metadata (for audit events and listings)."""
        return {
            "key_id": f"{self.key_id:08x}",
            "scope": self.scope,
            "algorithm": self.algorithm,
            "version": self.version,
            "state": self.state.value,
            "created_at": self.created_at.isoformat(),
            "kek_id": self.kek_id,
        }


@runtime_checkable
class KeyProvider(Protocol):
    """Source of key-encryption keys (KEKs): local keystore, HSM or KMS.

    Implementations wrap and unwrap data keys; the KEK itself never has to
    leave the provider. ``associated_data`` binds a wrapped key to its id,
    scope and algorithm, so a wrapped key cannot be swapped for another.
    Errors of ``unwrap`` must be raised as :class:`~dfgov.errors.CryptoError`
    without key material.

    Optionally, a provider that can destroy a KEK implements
    ``retire_kek(kek_id) -> None``: crypto-shredding calls it for every KEK
    that wrapped a key before the shred (after re-wrapping the surviving
    keys under a new one), so no earlier copy of a wrapped key can be
    unwrapped again. Without it, the keyring records a
    ``crypto.kek.retire_required`` audit event naming the KEKs the bank
    must destroy itself.
    """

    def primary_kek_id(self) -> str:
        """Id of the KEK that wraps new data keys."""
        ...

    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        """Encrypt data key ``key`` under KEK ``kek_id``."""
        ...

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        """Decrypt a wrapped data key; raise ``CryptoError`` if it does not verify."""
        ...

    def rotate_kek(self) -> str:
        """Create a new KEK, make it primary, return its id (old KEKs still unwrap)."""
        ...


class _Secret:
    """Key bytes in a mutable buffer: never shown, never pickled, wiped on demand."""

    __slots__ = ("_buf",)

    def __init__(self, data: bytes) -> None:
        self._buf = bytearray(data)

    def get(self) -> bytes:
        return bytes(self._buf)

    def wipe(self) -> None:
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._buf = bytearray()

    def __repr__(self) -> str:
        return "<secret redacted>"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("Key material cannot be pickled.")


class LocalKeyProvider:
    """KEKs generated here and held in memory (persisted only in a sealed keystore).

    Parameters
    ----------
    algorithm : {"AES-256-GCM", "SM4-GCM"}
        AEAD that wraps data keys; choose "SM4-GCM" for SM-only policies.

    Examples
    --------
    >>> p = LocalKeyProvider(algorithm="SM4-GCM")
    >>> w = p.wrap(p.primary_kek_id(), bytes(16), b"ad")
    >>> p.unwrap(p.primary_kek_id(), w, b"ad") == bytes(16)
    True
    """

    def __init__(self, *, algorithm: Literal["AES-256-GCM", "SM4-GCM"] = "AES-256-GCM") -> None:
        if algorithm not in ("AES-256-GCM", "SM4-GCM"):
            raise InvalidInputError(
                "The 'algorithm' parameter of LocalKeyProvider must be 'AES-256-GCM' or "
                f"'SM4-GCM'. Got {algorithm!r}."
            )
        self.algorithm = algorithm
        self._keks: dict[str, _Secret] = {}
        self._primary = ""
        self.rotate_kek()

    def primary_kek_id(self) -> str:
        """Id of the KEK that wraps new data keys."""
        return self._primary

    def kek_ids(self) -> list[str]:
        """Every KEK id held, oldest first."""
        return list(self._keks)

    def _aead(self, kek_id: str) -> Any:
        secret = self._keks.get(kek_id)
        if secret is None:
            raise KeyStateError(f"The key-encryption key {kek_id!r} is unknown to this provider.")
        _selftest.require(self.algorithm)
        return new_aead(self.algorithm, secret.get())

    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        """``nonce || AEAD(KEK, key, associated_data)`` with a fresh 96-bit nonce."""
        nonce = os.urandom(NONCE_SIZE)
        return nonce + bytes(self._aead(kek_id).encrypt(nonce, key, associated_data))

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        """Inverse of :meth:`wrap`; raises ``CryptoError`` when it does not verify."""
        aead = self._aead(kek_id)
        try:
            return bytes(aead.decrypt(wrapped[:NONCE_SIZE], wrapped[NONCE_SIZE:], associated_data))
        except (InvalidTag, ValueError):
            raise CryptoError("A wrapped data key did not verify under its KEK.") from None

    def rotate_kek(self) -> str:
        """Generate a new KEK and make it primary; returns its id."""
        kek_id = f"local-{secrets.token_hex(4)}"
        while kek_id in self._keks:  # pragma: no cover - 32-bit collision
            kek_id = f"local-{secrets.token_hex(4)}"
        self._keks[kek_id] = _Secret(os.urandom(KEY_SIZES[self.algorithm]))
        self._primary = kek_id
        return kek_id

    def retire_kek(self, kek_id: str) -> None:
        """Delete a non-primary KEK (after every data key was re-wrapped)."""
        if kek_id == self._primary:
            raise KeyStateError(f"The primary key-encryption key {kek_id!r} cannot be retired.")
        secret = self._keks.pop(kek_id, None)
        if secret is not None:
            secret.wipe()

    # -- all-or-nothing changes of the keyring (private to dfgov) -------
    def _state(self) -> tuple[dict[str, _Secret], str]:
        """The KEKs and the primary id, to restore if a keyring change fails."""
        return dict(self._keks), self._primary

    def _restore(self, state: tuple[dict[str, _Secret], str]) -> None:
        self._keks, self._primary = dict(state[0]), state[1]

    def _detach(self, kek_id: str) -> _Secret | None:
        """Remove a non-primary KEK without wiping it yet (wiped once the change is stored)."""
        if kek_id == self._primary:
            raise KeyStateError(f"The primary key-encryption key {kek_id!r} cannot be retired.")
        return self._keks.pop(kek_id, None)

    # -- persistence inside a sealed keystore (private to dfgov) -------
    def _export(self) -> dict[str, Any]:
        return {
            "algorithm": self.algorithm,
            "primary": self._primary,
            "keks": {k: v.get().hex() for k, v in self._keks.items()},
        }

    @classmethod
    def _import(cls, state: dict[str, Any]) -> LocalKeyProvider:
        self = cls.__new__(cls)
        self.algorithm = state["algorithm"]
        self._keks = {k: _Secret(bytes.fromhex(v)) for k, v in state["keks"].items()}
        self._primary = state["primary"]
        return self

    def __repr__(self) -> str:
        return f"LocalKeyProvider(algorithm={self.algorithm!r}, keks={len(self._keks)})"

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("A LocalKeyProvider holds key material and cannot be pickled.")
