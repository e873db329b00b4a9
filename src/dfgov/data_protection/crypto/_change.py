"""A keyring's all-or-nothing change: persisted once at the end, rolled back on failure.

Audit events of the change are emitted only after it is stored, so the log
never records a key event the keystore does not hold. Touches no key bytes:
the rollback snapshot holds the keyring's records, not their contents.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dfgov.data_protection.crypto._keys import LocalKeyProvider
from dfgov.data_protection.crypto._wrapped import KeyRecord
from dfgov.errors import CryptoError

if TYPE_CHECKING:
    from dfgov.data_protection.crypto._keyring import Keyring

__all__ = ["mutation"]


@contextmanager
def mutation(keyring: Keyring) -> Iterator[None]:
    """All-or-nothing change of ``keyring``; changes nest (the outermost one commits)."""
    with keyring._lock:
        if keyring._depth:
            keyring._depth += 1
            try:
                yield
            finally:
                keyring._depth -= 1
            return
        snapshot = {k: (r.info, r.wrapped, r.secret, r.aad)
                    for k, r in keyring._records.items()}
        local = keyring._provider if isinstance(keyring._provider, LocalKeyProvider) else None
        keks = local._state() if local is not None else None
        keyring._depth, keyring._pending, keyring._after_commit = 1, [], []
        keyring._shredded_keks = set()
        try:
            yield
            if keyring._shredded_keks:
                keyring._rekey(keyring._shredded_keks)
            keyring._persist()
        except BaseException:
            keyring._records = {k: KeyRecord(*v) for k, v in snapshot.items()}
            if local is not None and keks is not None:
                local._restore(keks)
            raise
        finally:
            keyring._depth = 0
            keyring._shredded_keks = set()
            pending, after = keyring._pending, keyring._after_commit
            keyring._pending, keyring._after_commit = [], []
        failures: list[str] = []
        for fn in after:
            try:
                fn()
            except Exception as exc:  # a provider that could not destroy a KEK
                failures.append(type(exc).__name__)
        for action, subject, payload in pending:
            keyring._emit_now(action, subject, payload)
        if failures:
            raise CryptoError(
                "The shred is stored and every surviving data key was re-wrapped under a "
                "new key-encryption key, but the provider could not destroy an old one "
                f"({', '.join(failures)}): destroy it in the HSM or KMS (the audit log "
                "names it)."
            )
