"""FieldEncryptor: randomised AEAD encryption of columns (SM4-GCM or AES-256-GCM)."""

from __future__ import annotations

import binascii
import os
from base64 import b64encode
from collections.abc import Mapping
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any, ClassVar

from cryptography.exceptions import InvalidTag

from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import (
    AEAD,
    ALGORITHM_IDS,
    FORMAT_VERSION,
    HEADER_SIZE,
    NONCE_SIZE,
    SM4GCM,
    TAG_SIZE,
    header,
    new_aead,
)
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._keys import KeyInfo
from dfgov.data_protection.crypto._values import (
    as_list,
    check_context,
    field_scope,
    like_input,
    row_aads,
)
from dfgov.errors import DecryptionError, InvalidInputError, KeyStateError, PolicyError

if TYPE_CHECKING:
    from dfgov.policy import Policy

__all__ = ["FieldEncryptor"]

_ALGORITHMS = ("SM4-GCM", "AES-256-GCM")
_PREFIX = HEADER_SIZE + NONCE_SIZE
_MIN_LEN = _PREFIX + TAG_SIZE
_NONCE = itemgetter(slice(HEADER_SIZE, _PREFIX))
_BODY = itemgetter(slice(_PREFIX, None))
_B64 = partial(binascii.a2b_base64, strict_mode=True)
_UTF8 = partial(bytes.decode, encoding="utf-8")


class FieldEncryptor:
    """Encrypt and decrypt columns with envelope keys from a :class:`Keyring`.

    Each non-missing value gets a fresh random 96-bit nonce made here; the
    associated data binds the context (table, column, other keys) and, when
    ``row_keys`` are given, the row, so a ciphertext moved to another cell
    does not decrypt. ``str`` values become base64 text ciphertexts (and
    decrypt back to ``str``); ``bytes`` values become binary ciphertexts.
    Missing values (None, NaN, pd.NA) stay ``None``.

    Parameters
    ----------
    keyring : Keyring
    algorithm : {"SM4-GCM", "AES-256-GCM"}, optional
        Default: the policy's ``data_security.crypto.default_algorithm`` ("SM4-GCM").
    policy : Policy, optional
        When given, the algorithm must be among its ``allowed_algorithms``.

    Examples
    --------
    >>> kr = Keyring.in_memory()
    >>> fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    >>> ctx = {"table": "customers", "column": "phone"}
    >>> ct = fe.encrypt(["13800138000", None], context=ctx)
    >>> fe.decrypt(ct, context=ctx)
    ['13800138000', None]
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.field_encryption"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-17",
        "GB/T 39786-2021",
        "JR/T 0171-2020",
        "PIPL Art.51",
    )

    def __init__(
        self, keyring: Keyring, *, algorithm: str | None = None, policy: Policy | None = None
    ) -> None:
        self.keyring = keyring
        self.algorithm = algorithm
        self.policy = policy

    def _algorithm(self) -> str:
        if not isinstance(self.keyring, Keyring):
            raise InvalidInputError("The 'keyring' parameter of FieldEncryptor must be a Keyring.")
        allowed: tuple[str, ...] = _ALGORITHMS
        default = "SM4-GCM"
        if self.policy is not None:
            from dfgov.data_protection._policy import DataSecurityPolicy

            settings = self.policy.section(DataSecurityPolicy).crypto
            allowed, default = settings.allowed_algorithms, settings.default_algorithm
        alg = self.algorithm or default
        if alg not in _ALGORITHMS:
            raise InvalidInputError(
                "The 'algorithm' parameter of FieldEncryptor must be 'SM4-GCM' or "
                f"'AES-256-GCM'. Got {alg!r}."
            )
        if alg not in allowed:
            raise PolicyError(
                f"The policy key 'data_security.crypto.allowed_algorithms' does not allow {alg}.",
                path="data_security.crypto.allowed_algorithms",
            )
        _selftest.require(alg)
        return alg

    # -- encryption --------------------------------------------------------
    def encrypt(
        self, values: Any, *, context: Mapping[str, Any], row_keys: Any = None
    ) -> Any:
        """Encrypt a column under the primary key of the context's table/column.

        The data key is created on first use. Returns a Series for a Series
        (same index), else a list.
        """
        alg = self._algorithm()
        ctx = check_context(context, "FieldEncryptor.encrypt")
        vals = as_list(values, "FieldEncryptor.encrypt")
        _check_values(vals)  # before any key is touched
        base, rows = row_aads(ctx, row_keys, len(vals), "FieldEncryptor.encrypt")
        key_id, aead = self.keyring._primary_use(
            field_scope(ctx["table"], ctx["column"]), alg, partial(new_aead, alg), create=True
        )
        out = _encrypt_all(aead, header(alg, key_id), vals, base, rows)
        return like_input(values, out)

    # -- decryption --------------------------------------------------------
    def decrypt(
        self, values: Any, *, context: Mapping[str, Any], row_keys: Any = None
    ) -> Any:
        """Decrypt a column; any failure raises ``DecryptionError("decryption failed")``.

        Tampering, a wrong context or row key, a truncated value, invalid
        base64, an unknown or destroyed key all give the same error.
        """
        ctx = check_context(context, "FieldEncryptor.decrypt")
        vals = as_list(values, "FieldEncryptor.decrypt")
        base, rows = row_aads(ctx, row_keys, len(vals), "FieldEncryptor.decrypt")
        scope = field_scope(ctx["table"], ctx["column"])
        return like_input(values, self._decrypt_all(vals, base, rows, scope))

    def reencrypt(
        self, values: Any, *, context: Mapping[str, Any], row_keys: Any = None
    ) -> Any:
        """Decrypt and encrypt again under the current primary key (after a rotation)."""
        plain = self.decrypt(values, context=context, row_keys=row_keys)
        return self.encrypt(plain, context=context, row_keys=row_keys)

    def _cipher(self, kid: bytes, scope: str) -> AEAD:
        """The AEAD of header bytes 1-5 (algorithm id, key id), checked against the scope."""

        def accept(info: KeyInfo) -> bool:
            if info.scope != scope or ALGORITHM_IDS.get(info.algorithm) != kid[0]:
                return False
            _selftest.require(info.algorithm)
            return True

        try:
            return self.keyring._key_use(int.from_bytes(kid[1:], "big"), _aead_of, accept)
        except KeyStateError:
            raise DecryptionError() from None

    def _decrypt_all(
        self, vals: list[Any], base: bytes, rows: list[bytes] | None, scope: str
    ) -> list[Any]:
        kinds = set(map(type, vals))
        if rows is None and len(kinds) == 1 and kinds <= {str, bytes}:
            fast = self._decrypt_uniform(vals, base, scope, text=str in kinds)
            if fast is not None:
                return fast
        cache: dict[bytes, tuple[Any, bytes]] = {}
        out: list[Any] = []
        append = out.append
        try:
            for i, v in enumerate(vals):
                if v is None:
                    append(None)
                    continue
                text = type(v) is str
                if text:
                    blob = _B64(v)
                elif type(v) is bytes:
                    blob = v
                elif isinstance(v, (bytearray, memoryview)):
                    blob = bytes(v)
                else:
                    raise DecryptionError()
                if len(blob) < _MIN_LEN or blob[0] != FORMAT_VERSION:
                    raise DecryptionError()
                kid = blob[1:HEADER_SIZE]
                entry = cache.get(kid)
                if entry is None:
                    dec_fn = self._cipher(kid, scope).decrypt
                    entry = cache[kid] = (dec_fn, blob[:HEADER_SIZE] + base)
                dec, aad = entry
                if rows is not None:
                    aad = blob[:HEADER_SIZE] + rows[i]
                pt = dec(blob[HEADER_SIZE:_PREFIX], blob[_PREFIX:], aad)
                append(pt.decode("utf-8") if text else pt)
        except (InvalidTag, UnicodeDecodeError, binascii.Error, ValueError):
            raise DecryptionError() from None
        return out

    def _decrypt_uniform(
        self, vals: list[Any], base: bytes, scope: str, *, text: bool
    ) -> list[Any] | None:
        """Fast path: values of one type under one key; ``None`` if it does not apply.

        The per-value work runs in C (``map`` over pyca calls and slices).
        """
        try:
            blobs = list(map(_B64, vals)) if text else vals
            head = blobs[0][:HEADER_SIZE] if blobs else b""
            if min(map(len, blobs), default=0) < _MIN_LEN or not all(
                map(bytes.startswith, blobs, repeat(head))
            ):
                return None
            if head[0] != FORMAT_VERSION:
                raise DecryptionError()
            aead = self._cipher(head[1:], scope)
            if isinstance(aead, SM4GCM):
                plain = aead.decrypt_blobs(blobs, _PREFIX, head + base)
            else:
                plain = list(
                    map(aead.decrypt, map(_NONCE, blobs), map(_BODY, blobs), repeat(head + base))
                )
            return list(map(_UTF8, plain)) if text else plain
        except (InvalidTag, UnicodeDecodeError, binascii.Error, ValueError):
            raise DecryptionError() from None

    def __repr__(self) -> str:
        return f"FieldEncryptor(algorithm={self.algorithm!r})"


def _aead_of(info: KeyInfo, key: bytes) -> AEAD:
    return new_aead(info.algorithm, key)


def _check_values(vals: list[Any]) -> None:
    """Raise unless every value is str, bytes-like or missing (``None``)."""
    kinds = set(map(type, vals))
    if kinds <= {str, bytes, type(None), bytearray, memoryview}:
        return
    for i, v in enumerate(vals):
        if v is not None and not isinstance(v, (str, bytes, bytearray, memoryview)):
            raise InvalidInputError(
                "The values of FieldEncryptor.encrypt must be str, bytes or missing; "
                f"position {i} is {type(v).__name__}."
            )


def _encrypt_all(
    aead: AEAD, hdr: bytes, vals: list[Any], base: bytes, rows: list[bytes] | None
) -> list[Any]:
    """The hot loop: one bulk ``os.urandom`` for every nonce, one AEAD call per value."""
    raw = os.urandom(NONCE_SIZE * len(vals))
    nonces = [raw[j : j + NONCE_SIZE] for j in range(0, len(raw), NONCE_SIZE)]
    enc = aead.encrypt
    if rows is None:
        aad = hdr + base
        kinds = set(map(type, vals))
        if kinds == {bytes}:
            return [hdr + nc + enc(nc, v, aad) for nc, v in zip(nonces, vals, strict=True)]
        if kinds == {str}:
            return [
                b64encode(hdr + nc + enc(nc, v.encode("utf-8"), aad)).decode("ascii")
                for nc, v in zip(nonces, vals, strict=True)
            ]
        aads: Any = repeat(aad)
    else:
        aads = [hdr + r for r in rows]
    out: list[Any] = []
    append = out.append
    for i, (nonce, v, a) in enumerate(zip(nonces, vals, aads, strict=False)):
        if v is None:
            append(None)
        elif type(v) is str:
            append(b64encode(hdr + nonce + enc(nonce, v.encode("utf-8"), a)).decode("ascii"))
        elif isinstance(v, (bytes, bytearray, memoryview)):
            append(hdr + nonce + enc(nonce, bytes(v), a))
        else:
            raise InvalidInputError(
                "The values of FieldEncryptor.encrypt must be str, bytes or missing; "
                f"position {i} is {type(v).__name__}."
            )
    return out
