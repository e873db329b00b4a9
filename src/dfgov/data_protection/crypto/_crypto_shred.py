"""Crypto-shredding: delete data by destroying the keys that encrypt it.

:func:`~dfgov.data_protection.execute_plan` calls it for every holding of a
deletion plan whose scope has keys.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dfgov.audit import AuditSink
    from dfgov.data_protection.crypto._keyring import Keyring
    from dfgov.data_protection.crypto._keys import KeyInfo

__all__ = ["crypto_shred"]


def crypto_shred(
    keyring: Keyring,
    scope: str,
    *,
    audit: AuditSink | None = None,
    actor: str = "dfgov",
    reason: str = "retention period ended",
    new_passphrase: str | bytes | None = None,
) -> list[KeyInfo]:
    """Destroy every data key of ``scope``; its ciphertexts become unrecoverable.

    The keyring also replaces its key-encryption key and destroys the old
    one (:meth:`Keyring.destroy`), so a :class:`WrappedKey` exported or a
    keystore backed up before the shred no longer unwraps — with one
    exception a bank must close itself: a backup of a passphrase-sealed
    keystore holding local KEKs opens with the passphrase of its time.
    Pass ``new_passphrase`` to re-seal the keystore right after the shred,
    then retire the old passphrase (or destroy those backups). With an HSM
    or KMS provider that cannot delete keys, destroy the KEKs named by the
    ``crypto.kek.retire_required`` event.

    Records ``data.crypto_shred`` in ``audit`` (key ids and states only).
    """
    destroyed = keyring.shred(scope)
    if new_passphrase is not None:
        keyring.change_passphrase(new_passphrase)
    if audit is not None:
        audit.append(
            action="data.crypto_shred",
            actor=actor,
            subject=scope,
            payload={"reason": reason, "keys": [k.to_dict() for k in destroyed],
                     "kek_id": keyring.provider.primary_kek_id(),
                     "passphrase_changed": new_passphrase is not None},
        )
    return destroyed
