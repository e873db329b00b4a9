"""The Keyring: versioned data keys per dataset/column, wrapped by a KEK (envelope).

Rotation is add → promote → (optionally) re-wrap: new data goes under the new
primary key, old ciphertexts keep decrypting under their decrypt-only key
until it is destroyed. Destroying a key is crypto-shredding: its wrapped
bytes are dropped, and — so that no copy made earlier (an exported
:class:`WrappedKey`, a keystore backup) can bring it back — every surviving
data key is re-wrapped under a fresh key-encryption key and the old KEKs are
destroyed (see :meth:`Keyring.destroy`).

Key bytes never leave this module (Tink's shape): :meth:`Keyring.aead`,
:meth:`Keyring.siv` and :meth:`Keyring.mac` hand out primitives that get
pyca objects keyed here, never bytes, so no function that validates input
holds a key in a local variable (that a traceback reporter could record).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, Literal

from dfgov._pii import redact_text
from dfgov.audit import AuditSink
from dfgov.clock import Clock, now
from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._change import mutation
from dfgov.data_protection.crypto._cipher import (
    AEAD_ALGORITHMS,
    KEY_SIZES,
    MAC_ALGORITHMS,
    Algorithm,
    MacAlgorithm,
    encode_context,
    keyed,
)
from dfgov.data_protection.crypto._keys import (
    KeyInfo,
    KeyProvider,
    KeyState,
    LocalKeyProvider,
    _Secret,
)
from dfgov.data_protection.crypto._primitives import Aead, DeterministicAead, Mac
from dfgov.data_protection.crypto._values import check_name, purpose_scope
from dfgov.data_protection.crypto._wrapped import (
    KeyRecord,
    WrappedKey,
    _export_aad,
    _wrap_aad,
)
from dfgov.errors import CryptoError, InvalidInputError, KeyStateError

__all__ = ["Keyring", "WrappedKey"]

_log = logging.getLogger("dfgov.crypto")

#: What a MAC key of a domain serves (its scope is ``"<purpose>/<domain>"``).
MacPurpose = Literal["record-mac", "blind-index"]


class Keyring:
    """Opaque holder of data keys. Create with :meth:`in_memory` or :meth:`open`.

    No method returns key bytes; ``repr`` shows counts only; pickling is refused.
    A key's ``created_at`` is read from the keyring's ``clock`` (keyword of every
    constructor; default :data:`dfgov.clock.SYSTEM_CLOCK`, a
    :class:`dfgov.clock.FixedClock` pins it). Audit events keep the audit log's
    own wall-clock time.

    Examples
    --------
    >>> kr = Keyring.in_memory()
    >>> k1 = kr.rotate("customers/phone", "SM4-GCM")
    >>> k2 = kr.rotate("customers/phone", "SM4-GCM")
    >>> [k.state.value for k in kr.keys("customers/phone")]
    ['decrypt-only', 'primary']
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.keyring"
    clauses: ClassVar[tuple[str, ...]] = ("AP-17", "GB/T 39786-2021", "JR/T 0223-2021")

    def __init__(
        self,
        provider: KeyProvider,
        *,
        audit: AuditSink | None = None,
        actor: str = "dfgov",
        clock: Clock | None = None,
        _save: Callable[[Keyring], None] | None = None,
        _records: dict[int, KeyRecord] | None = None,
    ) -> None:
        if not isinstance(provider, KeyProvider):
            raise InvalidInputError(
                "The 'provider' argument of Keyring must implement KeyProvider "
                "(primary_kek_id, wrap, unwrap, rotate_kek)."
            )
        self._provider = provider
        self._audit = audit
        self._actor = actor
        self._clock = clock
        self._save = _save
        self._records: dict[int, KeyRecord] = dict(_records or {})
        self._lock = threading.RLock()
        self._depth = 0
        self._pending: list[tuple[str, str, dict[str, Any]]] = []
        self._after_commit: list[Callable[[], None]] = []
        self._shredded_keks: set[str | None] = set()

    # -- construction ---------------------------------------------------
    @classmethod
    def in_memory(
        cls,
        *,
        provider: KeyProvider | None = None,
        audit: AuditSink | None = None,
        actor: str = "dfgov",
        clock: Clock | None = None,
    ) -> Keyring:
        """A keyring living only in this process (tests, embedding).

        ``clock`` is where key creation times are read (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).
        """
        return cls(provider or LocalKeyProvider(), audit=audit, actor=actor, clock=clock)

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        passphrase: str | bytes,
        create: bool = False,
        provider: KeyProvider | None = None,
        kek_algorithm: str = "AES-256-GCM",
        audit: AuditSink | None = None,
        actor: str = "dfgov",
        clock: Clock | None = None,
    ) -> Keyring:
        """Open (or with ``create=True`` create) a passphrase-sealed keystore file.

        Every change is written back atomically (temporary file, fsync,
        ``os.replace``). See :mod:`dfgov.data_protection.crypto._keystore`.
        ``clock`` is where key creation times are read (default
        :data:`dfgov.clock.SYSTEM_CLOCK`).
        """
        from dfgov.data_protection.crypto._keystore import open_keystore

        keyring: Keyring = open_keystore(
            Path(path),
            passphrase=passphrase,
            create=create,
            provider=provider,
            kek_algorithm=kek_algorithm,
            audit=audit,
            actor=actor,
            clock=clock,
        )
        return keyring

    @classmethod
    def from_wrapped(cls, provider: KeyProvider, keys: Iterable[WrappedKey], *,
                     clock: Clock | None = None) -> Keyring:
        """A keyring in this process holding ``keys``, unwrapped lazily by ``provider``.

        Each key is unwrapped on first use (with the same associated data
        as at wrapping), so only processes that can reach the KEK ever hold
        plaintext. Meant for workers (e.g. Spark executors) that receive
        :meth:`export_wrapped` output and build ``provider`` themselves.
        Changes to this keyring are not persisted anywhere.
        """
        keyring = cls(provider, clock=clock)
        for k in keys:
            if not isinstance(k, WrappedKey):
                raise InvalidInputError(
                    "The 'keys' argument of Keyring.from_wrapped must hold WrappedKey "
                    f"objects (from Keyring.export_wrapped). Got {type(k).__name__}."
                )
            if k.info.state is KeyState.DESTROYED or k.info.kek_id is None:
                raise KeyStateError(f"Key {k.info.key_id:08x} is destroyed.")
            # Unwrapping (on first use) authenticates every field of ``info``.
            keyring._records[k.info.key_id] = KeyRecord(k.info, bytes(k.wrapped), None,
                                                      _export_aad(k.info))
        return keyring

    def export_wrapped(
        self, scope: str, algorithm: str | None = None, *, primary_only: bool = False
    ) -> list[WrappedKey]:
        """The live keys of ``scope`` (of ``algorithm`` if given) in wrapped form only.

        No plaintext key bytes are returned: each key is wrapped afresh by this
        keyring's provider under the current KEK, with the key's whole
        metadata (state included) as associated data, so only that provider
        can unwrap it and a changed state does not unwrap.
        ``primary_only=True`` returns just the primary key (what encryption
        needs); otherwise every non-destroyed version (what decryption of
        older data needs).
        """
        check_name(scope, "scope", "Keyring.export_wrapped")
        out: list[WrappedKey] = []
        with self._lock:
            for info in self.keys(scope):
                if info.state is KeyState.DESTROYED:
                    continue
                if algorithm is not None and info.algorithm != algorithm:
                    continue
                if primary_only and info.state is not KeyState.PRIMARY:
                    continue
                rec = self._records[info.key_id]
                if rec.wrapped is None or info.kek_id is None:  # pragma: no cover - defensive
                    raise KeyStateError(f"Key {info.key_id:08x} has no wrapped form.")
                out.append(WrappedKey(info, self._provider.wrap(
                    info.kek_id, self._material(rec), _export_aad(info))))
        return out

    # -- views ------------------------------------------------------------
    def keys(self, scope: str | None = None) -> list[KeyInfo]:
        """Metadata of every key version (of ``scope`` if given), oldest first."""
        with self._lock:
            infos = [r.info for r in self._records.values()]
        if scope is not None:
            infos = [i for i in infos if i.scope == scope]
        return sorted(infos, key=lambda i: (i.scope, i.algorithm, i.version))

    def key(self, key_id: int) -> KeyInfo:
        """Metadata of one key version."""
        return self._record(key_id).info

    def primary(self, scope: str, algorithm: str) -> KeyInfo | None:
        """The primary key of ``scope`` for ``algorithm``, if any."""
        for info in self.keys(scope):
            if info.algorithm == algorithm and info.state is KeyState.PRIMARY:
                return info
        return None

    @property
    def provider(self) -> KeyProvider:
        """The KEK provider."""
        return self._provider

    # -- key events -------------------------------------------------------
    def _mutation(self) -> AbstractContextManager[None]:
        """All-or-nothing change (see :func:`~._change.mutation`)."""
        return mutation(self)

    def add_key(self, scope: str, algorithm: str, *, primary: bool = False) -> KeyInfo:
        """Add a new key version to ``scope`` (decrypt-only until promoted)."""
        check_name(scope, "scope", "Keyring.add_key")
        if algorithm not in KEY_SIZES:
            raise InvalidInputError(
                f"The 'algorithm' argument of Keyring.add_key must be one of "
                f"{sorted(KEY_SIZES)}. Got {algorithm!r}."
            )
        _selftest.require(algorithm)
        with self._mutation():
            key_id = secrets.randbits(32)
            while key_id == 0 or key_id in self._records:
                key_id = secrets.randbits(32)
            version = 1 + max(
                (r.info.version for r in self._records.values()
                 if r.info.scope == scope and r.info.algorithm == algorithm),
                default=0,
            )
            material = os.urandom(KEY_SIZES[algorithm])
            kek_id = self._provider.primary_kek_id()
            wrapped = self._provider.wrap(kek_id, material, _wrap_aad(key_id, scope, algorithm))
            info = KeyInfo(key_id, scope, algorithm, version, KeyState.DECRYPT_ONLY,
                           now(self._clock), kek_id)
            self._records[key_id] = KeyRecord(info, wrapped, _Secret(material))
            self._event("create", info)
            if primary:
                return self._promote(key_id)
            return info

    def promote(self, key_id: int) -> KeyInfo:
        """Make ``key_id`` the primary key of its scope; the old primary becomes decrypt-only."""
        with self._mutation():
            return self._promote(key_id)

    def _promote(self, key_id: int) -> KeyInfo:
        rec = self._record(key_id)
        if rec.info.state is KeyState.DESTROYED:
            raise KeyStateError(f"Key {key_id:08x} is destroyed and cannot be promoted.")
        for other in self._records.values():
            i = other.info
            if (i.scope, i.algorithm) == (rec.info.scope, rec.info.algorithm) and (
                i.state is KeyState.PRIMARY and i.key_id != key_id
            ):
                other.info = replace(i, state=KeyState.DECRYPT_ONLY)
        rec.info = replace(rec.info, state=KeyState.PRIMARY)
        self._event("promote", rec.info)
        return rec.info

    def rotate(self, scope: str, algorithm: str) -> KeyInfo:
        """Add a new key version to ``scope`` and promote it (old data stays readable)."""
        with self._mutation():
            info = self.add_key(scope, algorithm)
            self._event("rotate", info)
            return self._promote(info.key_id)

    def rotate_kek(self) -> str:
        """Create a new KEK and re-wrap every live data key under it (no data rewrite)."""
        with self._mutation():
            kek_id = self._provider.rotate_kek()
            self._rewrap([r for r in self._records.values()
                          if r.info.state is not KeyState.DESTROYED], kek_id)
            self._emit("crypto.kek.rotate", "keyring", {"kek_id": kek_id,
                                                          "rewrapped": self._live_count()})
            return kek_id

    def destroy(self, key_id: int) -> KeyInfo:
        """Crypto-shred one key version: its data can never be decrypted again.

        Dropping the key's wrapped bytes is not enough while an earlier copy
        of them exists (an exported :class:`WrappedKey`, a backup of the
        keystore) and the KEK that wrapped them still does. So the same
        change also creates a fresh KEK, re-wraps every surviving data key
        under it and destroys every older KEK: through the provider's
        ``retire_kek(kek_id)`` when it has one (the local provider does, and
        the new keystore file no longer holds them), after the keystore was
        written. A provider without ``retire_kek`` (an HSM or KMS adapter
        that cannot delete keys) gets a ``crypto.kek.retire_required`` audit
        event naming the KEKs the bank must destroy itself; until it does,
        copies wrapped under them still decrypt.

        With a passphrase-sealed keystore and the local provider, a backup
        of the keystore *file* made before the shred still holds the old
        KEK under the passphrase of that time: change the passphrase
        (:meth:`change_passphrase`, or ``crypto_shred(new_passphrase=...)``)
        and retire the old one, or destroy those backups.
        """
        with self._mutation():
            rec = self._record(key_id)
            if rec.info.state is KeyState.DESTROYED:
                return rec.info
            if rec.secret is not None:  # wiped only once the keystore no longer holds it
                self._after_commit.append(rec.secret.wipe)
            self._shredded_keks.add(rec.info.kek_id)
            rec.secret, rec.wrapped = None, None
            rec.info = replace(rec.info, state=KeyState.DESTROYED, kek_id=None)
            self._event("destroy", rec.info)
            return rec.info

    def _rekey(self, shredded: set[str | None]) -> None:
        from dfgov.data_protection.crypto._shred import rekey

        rekey(self, shredded)

    def shred(self, scope: str) -> list[KeyInfo]:
        """Destroy every key version of ``scope`` (all algorithms); returns them.

        One change: the keys are destroyed and the KEK is replaced once (see
        :meth:`destroy`).
        """
        with self._mutation():
            infos = self.keys(scope)
            if not infos:
                raise KeyStateError(f"The keyring holds no key for scope {scope!r}.")
            return [self.destroy(i.key_id) for i in infos if i.state is not KeyState.DESTROYED]

    def change_passphrase(self, new_passphrase: str | bytes) -> None:
        """Seal the keystore under ``new_passphrase`` (fresh salt); keystores only.

        After a crypto-shred, this is what makes backups of the keystore
        file made before it useless to anyone without the old passphrase:
        retire the old passphrase as the bank retires any key. Recorded as
        ``crypto.keystore.passphrase`` (no secret in the event).
        """
        change = getattr(self._save, "change_passphrase", None)
        if change is None:
            raise InvalidInputError(
                "Keyring.change_passphrase needs a keystore opened with Keyring.open."
            )
        with self._lock:
            change(self, new_passphrase)
        self._emit_now("crypto.keystore.passphrase", "keyring", {"changed": True})

    # -- primitives ---------------------------------------------------------
    def aead(self, scope: str, algorithm: Algorithm | None = None) -> Aead:
        """The randomised AEAD of ``scope``: SM4-GCM or AES-256-GCM, header and key ids its own.

        ``algorithm`` is what new ciphertexts use (its primary key is created
        on first use); decryption follows the key id in each ciphertext's
        header, of either algorithm, within ``scope``. Without ``algorithm``
        the primitive only decrypts.
        """
        check_name(scope, "scope", "Keyring.aead")
        if algorithm is not None and algorithm not in AEAD_ALGORITHMS:
            raise InvalidInputError(
                "The 'algorithm' argument of Keyring.aead must be 'SM4-GCM' or "
                f"'AES-256-GCM'. Got {algorithm!r}."
            )
        return Aead(self, scope, algorithm)

    def siv(self, domain: str) -> DeterministicAead:
        """The deterministic AEAD (AES-SIV) of ``domain``: scope ``"deterministic/<domain>"``."""
        check_name(domain, "domain", "Keyring.siv")
        return DeterministicAead(self, purpose_scope("deterministic", domain),
                                 encode_context({"domain": domain}))

    def mac(
        self, domain: str, algorithm: MacAlgorithm, *, purpose: MacPurpose = "record-mac"
    ) -> Mac:
        """The keyed MAC of ``domain`` (scope ``"<purpose>/<domain>"``): tags, blind indexes."""
        check_name(domain, "domain", "Keyring.mac")
        if algorithm not in MAC_ALGORITHMS or purpose not in ("record-mac", "blind-index"):
            raise InvalidInputError(
                "Keyring.mac takes algorithm 'HMAC-SM3' or 'HMAC-SHA256' and purpose "
                f"'record-mac' or 'blind-index'. Got {algorithm!r} and {purpose!r}."
            )
        return Mac(self, purpose_scope(purpose, domain), algorithm)

    # -- key use (the primitives' side; key bytes stay in this module) -----
    def _decrypt_material(self, key_id: int) -> tuple[KeyInfo, bytes]:
        """Metadata and raw bytes of a live key: for tests and independent checks only.

        dfgov's own code never takes key bytes out of this module: the
        primitives get keyed pyca objects from :meth:`_primary_key` and :meth:`_key`.
        """
        with self._lock:
            rec = self._records.get(key_id)
            if rec is None or rec.info.state is KeyState.DESTROYED:
                raise KeyStateError("The key is unknown, destroyed or of another scope.")
            return rec.info, self._material(rec)

    def _primary_info(self, scope: str, algorithm: str, *, create: bool) -> KeyInfo:
        """The primary key; ``create`` makes one if the scope has no key of ``algorithm``."""
        with self._lock:
            info = self.primary(scope, algorithm)
            if info is None:
                if create and not any(i.algorithm == algorithm for i in self.keys(scope)):
                    return self.add_key(scope, algorithm, primary=True)
                raise KeyStateError(
                    f"Scope {scope!r} has no primary {algorithm} key; "
                    "call Keyring.rotate to create one."
                )
            return info

    def _primary_key(self, scope: str, algorithm: str, *, create: bool) -> tuple[int, Any]:
        """``(key id, keyed pyca object)`` of the primary key of ``scope``/``algorithm``."""
        with self._lock:
            info = self._primary_info(scope, algorithm, create=create)
            _selftest.require(algorithm)
            return info.key_id, keyed(algorithm, self._material(self._records[info.key_id]))

    def _key(self, key_id: int, scope: str, algorithm: str) -> Any:
        """The keyed pyca object of key ``key_id`` — only if it is a live key of ``scope``
        with ``algorithm``; else :class:`KeyStateError` before any key bytes are touched."""
        with self._lock:
            rec = self._records.get(key_id)
            if rec is None or rec.info.state is KeyState.DESTROYED or (
                rec.info.scope, rec.info.algorithm) != (scope, algorithm):
                raise KeyStateError("The key is unknown, destroyed or of another scope.")
            _selftest.require(algorithm)
            return keyed(algorithm, self._material(rec))

    def _rewrap(self, records: Iterable[KeyRecord], kek_id: str) -> None:
        """Wrap each record's key afresh under KEK ``kek_id`` (KEK rotation, crypto-shred)."""
        for rec in records:
            aad = _wrap_aad(rec.info.key_id, rec.info.scope, rec.info.algorithm)
            rec.wrapped = self._provider.wrap(kek_id, self._material(rec), aad)
            rec.info = replace(rec.info, kek_id=kek_id)
            rec.aad = None

    def _unwrap_all(self, records: Iterable[KeyRecord]) -> None:
        """Unwrap (and cache) each record's key, e.g. while its KEK still exists."""
        for rec in records:
            self._material(rec)

    def _material(self, rec: KeyRecord) -> bytes:
        if rec.secret is None:
            if rec.wrapped is None or rec.info.kek_id is None:
                raise KeyStateError(f"Key {rec.info.key_id:08x} is destroyed.")
            aad = rec.aad or _wrap_aad(rec.info.key_id, rec.info.scope, rec.info.algorithm)
            rec.secret = _Secret(self._provider.unwrap(rec.info.kek_id, rec.wrapped, aad))
        return rec.secret.get()

    # -- helpers ------------------------------------------------------------
    def _record(self, key_id: int) -> KeyRecord:
        rec = self._records.get(key_id)
        if rec is None:
            raise KeyStateError(f"Key {key_id:08x} is not in this keyring.")
        return rec

    def _live_count(self) -> int:
        return sum(r.info.state is not KeyState.DESTROYED for r in self._records.values())

    def _event(self, action: str, info: KeyInfo) -> None:
        self._emit(f"crypto.key.{action}", info.scope, info.to_dict())

    def _emit(self, action: str, subject: str, payload: dict[str, Any]) -> None:
        if self._depth:
            self._pending.append((action, subject, payload))
        else:
            self._emit_now(action, subject, payload)

    def _emit_now(self, action: str, subject: str, payload: dict[str, Any]) -> None:
        _log.info("%s %s %s", action, redact_text(subject),  # a scope may name a column
                  payload.get("key_id", payload.get("kek_id")))
        if self._audit is not None:
            self._audit.append(action=action, actor=self._actor, subject=subject, payload=payload)

    def _persist(self) -> None:
        if self._save is not None:
            self._save(self)

    def __repr__(self) -> str:
        with self._lock:
            states = [r.info.state for r in self._records.values()]
        return (
            f"Keyring(keys={len(states)}, primary={states.count(KeyState.PRIMARY)}, "
            f"destroyed={states.count(KeyState.DESTROYED)})"
        )

    __str__ = __repr__

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise CryptoError("A Keyring holds key material and cannot be pickled or copied.")


