"""A data key's forms outside the keyring's memory: wrapped records and exports.

:class:`WrappedKey` is a key as it may travel (to Spark executors); the
package-internal :class:`KeyRecord` is one key version inside a keyring (shared by
the keyring and the keystore that persists it). The associated data
of a wrap binds the key's identity (keystore form) or its whole metadata
(exported form), so a wrapped key cannot be swapped for another or have its
state changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dfgov.data_protection.crypto._keys import KeyInfo, _Secret

__all__ = ["KeyRecord", "WrappedKey"]


def _wrap_aad(key_id: int, scope: str, algorithm: str) -> bytes:
    return b"dfgov-dek\x00" + key_id.to_bytes(4, "big") + b"\x00".join(
        (scope.encode("utf-8"), algorithm.encode("ascii"))
    )


def _export_aad(info: KeyInfo) -> bytes:
    """Associated data of an exported key: every field of its metadata, state included."""
    meta = json.dumps(info.to_dict(), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return b"dfgov-dek-export/1\x00" + meta.encode("utf-8")


@dataclass(frozen=True, repr=False)
class WrappedKey:
    """One data key as it may travel: its metadata and its bytes wrapped by the KEK.

    Holds no plaintext key material: ``wrapped`` verifies and decrypts only
    with the KEK ``info.kek_id`` of the keyring's :class:`KeyProvider`, and
    its associated data is the whole of ``info`` — id, scope, algorithm,
    version, **state**, creation time and KEK id — so changing any of them
    (e.g. promoting a decrypt-only key to primary) makes the key unusable.
    Made by :meth:`Keyring.export_wrapped`, consumed by
    :meth:`Keyring.from_wrapped` (e.g. on Spark executors). An export stops
    unwrapping once its KEK is destroyed, which crypto-shredding does.

    Attributes
    ----------
    info : KeyInfo
    wrapped : bytes
    """

    info: KeyInfo
    wrapped: bytes

    def __repr__(self) -> str:  # the metadata that names the key; never the wrapped bytes
        i = self.info
        shown = f"key_id={i.key_id:08x}, scope={i.scope!r}, algorithm={i.algorithm!r}"
        return f"WrappedKey({shown}, kek_id={i.kek_id!r})"


class KeyRecord:
    """One key version inside a keyring: metadata, wrapped bytes, unwrapped secret (cached).

    Package-internal (not exported): only the keyring reads ``secret``.
    """

    __slots__ = ("aad", "info", "secret", "wrapped")

    def __init__(self, info: KeyInfo, wrapped: bytes | None, secret: _Secret | None,
                 aad: bytes | None = None) -> None:
        self.info = info
        self.wrapped = wrapped
        self.secret = secret
        self.aad = aad  # the associated data of ``wrapped`` when not the keystore's
