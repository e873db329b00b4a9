"""Crypto-shredding's second half: a fresh KEK for the survivors, the old KEKs destroyed.

Destroying a data key drops its wrapped bytes from the keyring, but copies
made earlier — a :class:`WrappedKey` sent to workers, a backup of the
keystore — would still unwrap while the KEK that wrapped them exists. So
after a shred every surviving data key is re-wrapped under a new KEK and the
older KEKs are destroyed (:func:`rekey`), in the same all-or-nothing change.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from dfgov.data_protection.crypto._keys import KeyState, LocalKeyProvider

if TYPE_CHECKING:
    from dfgov.data_protection.crypto._keyring import Keyring

__all__ = ["rekey"]

_log = logging.getLogger("dfgov.crypto")


def rekey(keyring: Keyring, shredded: set[str | None]) -> None:
    """After a shred: a fresh KEK wraps every live key; every older KEK is destroyed.

    Runs inside the mutation, before the keystore is written. The local
    provider's old KEKs leave it now (so the written keystore no longer
    holds them) and are wiped after the write; other providers' are
    retired after the write, or reported when the provider cannot.
    """
    live = [r for r in keyring._records.values() if r.info.state is not KeyState.DESTROYED]
    keyring._unwrap_all(live)  # under the old KEKs, while they exist
    old = {k for k in shredded if k is not None} | {
        r.info.kek_id for r in live if r.info.kek_id is not None}
    if isinstance(keyring._provider, LocalKeyProvider):
        old |= set(keyring._provider.kek_ids())
    kek_id = keyring._provider.rotate_kek()
    old.discard(kek_id)
    keyring._rewrap(live, kek_id)
    retired = sorted(old)
    payload: dict[str, Any] = {"kek_id": kek_id, "rewrapped": len(live),
                               "reason": "crypto-shred"}
    if isinstance(keyring._provider, LocalKeyProvider):
        for secret in [keyring._provider._detach(k) for k in retired]:
            if secret is not None:
                keyring._after_commit.append(secret.wipe)
        payload["destroyed_keks"] = retired
        keyring._emit("crypto.kek.rotate", "keyring", payload)
        return
    retire = getattr(keyring._provider, "retire_kek", None)
    if callable(retire):
        for k in retired:
            keyring._after_commit.append(partial(retire, k))
        payload["destroyed_keks"] = retired
        keyring._emit("crypto.kek.rotate", "keyring", payload)
        return
    keyring._emit("crypto.kek.rotate", "keyring", payload)
    keyring._emit("crypto.kek.retire_required", "keyring", {
        "kek_ids": retired,
        "reason": "crypto-shred: destroy these KEKs in the HSM or KMS; until then, "
                  "copies of data keys wrapped under them still decrypt",
    })
    _log.warning("crypto-shred: the KEK provider cannot destroy keys; destroy %s yourself",
                 ", ".join(retired))
