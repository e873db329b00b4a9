"""AEAD back-ends (pyca/cryptography only) and the versioned ciphertext format.

Binary format, version 1 (all integers big-endian)::

    offset  size  field
    0       1     version            0x01
    1       1     algorithm id       0x01 AES-256-GCM, 0x02 SM4-GCM, 0x03 AES-SIV
    2       4     key id             uint32
    6       12    nonce              (GCM only; absent for AES-SIV)
    18      n+16  ciphertext || tag  (GCM: 16-byte tag last; AES-SIV: 16-byte SIV first)

The associated data of a GCM ciphertext is ``header || context`` where
``header`` is bytes 0-5 and ``context`` is :func:`encode_context` of the
caller's context (plus ``row`` when a row key is given). The text form is the
standard base64 (RFC 4648 §4, with padding) of the binary form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, Protocol, get_args

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV

from dfgov.errors import InvalidInputError

__all__ = [
    "AEAD_ALGORITHMS",
    "ALGORITHM_IDS",
    "FORMAT_VERSION",
    "HEADER_SIZE",
    "KEY_SIZES",
    "MAC_ALGORITHMS",
    "NONCE_SIZE",
    "TAG_SIZE",
    "Algorithm",
    "MacAlgorithm",
    "encode_context",
    "header",
    "keyed",
    "new_aead",
]

#: Randomised AEAD algorithms (``FieldEncryptor``, ``Keyring.aead``).
Algorithm = Literal["SM4-GCM", "AES-256-GCM"]
#: Keyed-MAC algorithms (``RecordMAC``, ``BlindIndex``, ``Keyring.mac``).
MacAlgorithm = Literal["HMAC-SM3", "HMAC-SHA256"]
AEAD_ALGORITHMS: Final[tuple[Algorithm, ...]] = get_args(Algorithm)
MAC_ALGORITHMS: Final[tuple[MacAlgorithm, ...]] = get_args(MacAlgorithm)

FORMAT_VERSION: Final = 1
HEADER_SIZE: Final = 6
NONCE_SIZE: Final = 12
TAG_SIZE: Final = 16
ALGORITHM_IDS: Final[dict[str, int]] = {"AES-256-GCM": 1, "SM4-GCM": 2, "AES-SIV": 3}
#: Key length in bytes for every key purpose a keyring holds.
KEY_SIZES: Final[dict[str, int]] = {
    "AES-256-GCM": 32,
    "SM4-GCM": 16,
    "AES-SIV": 64,
    "HMAC-SM3": 32,
    "HMAC-SHA256": 32,
}


class AEAD(Protocol):
    """One-shot AEAD: ``encrypt(nonce, data, aad) -> ciphertext || tag``."""

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...


class SM4GCM:
    """SM4 in GCM mode with a 128-bit tag, through ``Cipher(SM4, GCM)``.

    Same call shape as :class:`~cryptography.hazmat.primitives.ciphers.aead.AESGCM`.
    The key is never shown by ``repr``.
    """

    __slots__ = ("_algorithm",)

    def __init__(self, key: bytes) -> None:
        self._algorithm = algorithms.SM4(key)

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        """Encrypt ``data``; returns ciphertext followed by the 16-byte tag."""
        enc = Cipher(self._algorithm, modes.GCM(nonce)).encryptor()
        if associated_data:
            enc.authenticate_additional_data(associated_data)
        out = enc.update(data) + enc.finalize()
        return out + enc.tag

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        """Verify and decrypt ``ciphertext || tag``; raises ``InvalidTag`` on any failure."""
        if len(data) < TAG_SIZE:
            raise InvalidTag()
        dec = Cipher(self._algorithm, modes.GCM(nonce, data[-TAG_SIZE:])).decryptor()
        if associated_data:
            dec.authenticate_additional_data(associated_data)
        out = dec.update(data[:-TAG_SIZE])
        return out + dec.finalize()

    def decrypt_blobs(
        self, blobs: Sequence[bytes], offset: int, associated_data: bytes
    ) -> list[bytes]:
        """Decrypt many ``... || nonce || ciphertext || tag`` blobs whose nonce ends at
        ``offset``, under one associated data (each at least ``offset + 16`` long).

        The batch form of :meth:`decrypt`: it slices each blob once.
        """
        alg, cipher, gcm, start = self._algorithm, Cipher, modes.GCM, offset - NONCE_SIZE
        out: list[bytes] = []
        append = out.append
        for b in blobs:
            dec = cipher(alg, gcm(b[start:offset], b[-TAG_SIZE:])).decryptor()
            dec.authenticate_additional_data(associated_data)
            append(dec.update(b[offset:-TAG_SIZE]) + dec.finalize())
        return out

    def __repr__(self) -> str:
        return "SM4GCM(<key redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("SM4GCM objects hold key material and cannot be pickled.")


def new_aead(algorithm: str, key: bytes) -> AEAD:
    """An AEAD object for ``algorithm`` ("AES-256-GCM" or "SM4-GCM")."""
    if algorithm == "AES-256-GCM":
        return AESGCM(key)
    if algorithm == "SM4-GCM":
        return SM4GCM(key)
    raise InvalidInputError(
        f"The 'algorithm' argument must be 'SM4-GCM' or 'AES-256-GCM'. Got {algorithm!r}."
    )


def keyed(algorithm: str, key: bytes) -> Any:
    """The pyca object keyed with ``key`` for any algorithm a keyring holds.

    ``AESGCM``/:class:`SM4GCM` (AEAD), ``AESSIV`` or an ``HMAC`` object (copy it
    per message). Only :class:`~dfgov.data_protection.crypto.Keyring` calls this:
    key bytes go from the keyring straight into the object.
    """
    if algorithm == "AES-SIV":
        return AESSIV(key)
    if algorithm in ("HMAC-SM3", "HMAC-SHA256"):
        return hmac.HMAC(key, hashes.SM3() if algorithm == "HMAC-SM3" else hashes.SHA256())
    return new_aead(algorithm, key)


def header(algorithm: str, key_id: int) -> bytes:
    """The 6-byte header: version, algorithm id, key id."""
    return bytes((FORMAT_VERSION, ALGORITHM_IDS[algorithm])) + key_id.to_bytes(4, "big")


def encode_context(context: Mapping[str, str]) -> bytes:
    """Canonical bytes of a context: entries sorted by key, each
    ``len(key) || key || len(value) || value`` with 4-byte big-endian lengths
    and UTF-8 text.

    Examples
    --------
    >>> encode_context({"table": "t", "column": "c"}).hex()
    '00000006636f6c756d6e0000000163000000057461626c650000000174'
    """
    out = bytearray()
    for k in sorted(context):
        kb, vb = k.encode("utf-8"), context[k].encode("utf-8")
        out += len(kb).to_bytes(4, "big") + kb + len(vb).to_bytes(4, "big") + vb
    return bytes(out)
