"""The primitives a :class:`Keyring` hands out (Tink's shape): AEAD, AES-SIV, MAC.

A primitive owns one key scope: it writes and parses the ciphertext header
(:mod:`~dfgov.data_protection.crypto._cipher`), looks keys up by the id in the
header, checks that the key belongs to its scope and algorithm, and follows
rotation (new data under the current primary key, old data under the key its
header names). It never holds key bytes: the keyring gives it ready pyca
objects. ``FieldEncryptor``, ``DeterministicEncryptor``, ``BlindIndex`` and
``RecordMAC`` are column adapters over these.

Column methods (``*_values``) take ``str``, ``bytes`` or ``None`` items: a
``str`` becomes (and decrypts back from) the base64 text form of the binary
ciphertext, ``None`` stays ``None``.
"""

from __future__ import annotations

import binascii
import contextlib
import hmac
import os
from base64 import b64encode
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag

from dfgov.data_protection.crypto._cipher import (
    AEAD_ALGORITHMS,
    ALGORITHM_IDS,
    FORMAT_VERSION,
    HEADER_SIZE,
    NONCE_SIZE,
    SM4GCM,
    TAG_SIZE,
    Algorithm,
    MacAlgorithm,
    header,
)
from dfgov.errors import DecryptionError, InvalidInputError, KeyStateError

if TYPE_CHECKING:
    from dfgov.data_protection.crypto._keyring import Keyring
    from dfgov.data_protection.crypto._keys import KeyInfo

__all__ = ["Aead", "DeterministicAead", "Mac"]

_PREFIX = HEADER_SIZE + NONCE_SIZE
_MIN_GCM = _PREFIX + TAG_SIZE
_MIN_SIV = HEADER_SIZE + 16
_NONCE = itemgetter(slice(HEADER_SIZE, _PREFIX))
_BODY = itemgetter(slice(_PREFIX, None))
_B64 = partial(binascii.a2b_base64, strict_mode=True)
_UTF8 = partial(bytes.decode, encoding="utf-8")
#: Every failure of a decryption is this one error (no oracle on what failed).
_FAILURES = (InvalidTag, KeyStateError, UnicodeDecodeError, binascii.Error, ValueError,
             TypeError)
_IDS = {v: k for k, v in ALGORITHM_IDS.items()}


class _Keys:
    """The one checked header parser: header bytes 0-5 -> the keyed object of its key.

    Checks the format version, that the algorithm id names an algorithm this
    primitive accepts, and that the key id is a live key of the scope with
    that algorithm (the keyring checks before it touches the key). Cached
    per header, so a column under one key is parsed once.
    """

    __slots__ = ("_algorithms", "_cache", "_keyring", "_scope")

    def __init__(self, keyring: Keyring, scope: str, algorithms: Iterable[str]) -> None:
        self._keyring, self._scope = keyring, scope
        self._algorithms = frozenset(algorithms)
        self._cache: dict[bytes, Any] = {}

    def __call__(self, head: bytes) -> Any:
        found = self._cache.get(head)
        if found is None:
            if len(head) != HEADER_SIZE or head[0] != FORMAT_VERSION:
                raise DecryptionError()
            alg = _IDS.get(head[1])
            if alg not in self._algorithms:
                raise DecryptionError()
            try:
                found = self._keyring._key(int.from_bytes(head[2:], "big"), self._scope, alg)
            except KeyStateError:
                raise DecryptionError() from None
            self._cache[head] = found
        return found


def _bytes(value: object, name: str) -> bytes:
    """A single value of the bytes API (``encrypt``/``decrypt``), as ``bytes``."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise InvalidInputError(f"The {name!r} argument must be bytes. Got {type(value).__name__}.")
    return bytes(value)


def _check_rows(values: Sequence[Any], row_data: Sequence[bytes] | None) -> None:
    if row_data is not None and len(row_data) != len(values):
        raise InvalidInputError(
            f"The 'row_data' argument must hold one entry per value: got {len(row_data)} "
            f"for {len(values)} values."
        )


def _blob(v: object) -> bytes:
    if type(v) is str:
        return _B64(v)
    if type(v) is bytes:
        return v
    if isinstance(v, (bytearray, memoryview)):
        return bytes(v)
    raise DecryptionError()


class Aead:
    """Randomised AEAD (SM4-GCM or AES-256-GCM) under the keys of one scope.

    Made by :meth:`Keyring.aead`. Encryption uses the scope's primary key of
    ``algorithm`` (created on first use) and a fresh random 96-bit nonce made
    here; decryption uses the key the ciphertext header names, of either
    algorithm, if it belongs to this scope. Any decryption failure raises
    ``DecryptionError("decryption failed")``.

    Examples
    --------
    >>> from dfgov.data_protection.crypto import Keyring
    >>> aead = Keyring.in_memory().aead("customers/phone", "SM4-GCM")
    >>> ct = aead.encrypt(b"13800138000", b"row 7")
    >>> aead.decrypt(ct, b"row 7")
    b'13800138000'
    """

    __slots__ = ("_algorithm", "_keyring", "_scope")

    def __init__(self, keyring: Keyring, scope: str, algorithm: Algorithm | None) -> None:
        self._keyring, self._scope, self._algorithm = keyring, scope, algorithm

    @property
    def scope(self) -> str:
        """The key scope."""
        return self._scope

    @property
    def algorithm(self) -> Algorithm | None:
        """The algorithm new ciphertexts use (``None``: this primitive only decrypts)."""
        return self._algorithm

    def primary(self, *, create: bool = False) -> KeyInfo:
        """Metadata of the key that encrypts; ``create=True`` makes it in a scope without one."""
        return self._keyring._primary_info(self._scope, self._encrypting(), create=create)

    def _encrypting(self) -> Algorithm:
        if self._algorithm is None:
            raise InvalidInputError(
                "This Aead only decrypts: pass 'algorithm' to Keyring.aead to encrypt."
            )
        return self._algorithm

    def encrypt(self, plaintext: bytes, associated_data: bytes = b"") -> bytes:
        """``header || nonce || ciphertext || tag``; ``header || associated_data`` is bound."""
        out: bytes = self.encrypt_values([_bytes(plaintext, "plaintext")],
                                         _bytes(associated_data, "associated_data"))[0]
        return out

    def decrypt(self, ciphertext: bytes, associated_data: bytes = b"") -> bytes:
        """Inverse of :meth:`encrypt`."""
        out: bytes = self.decrypt_values([_bytes(ciphertext, "ciphertext")],
                                         _bytes(associated_data, "associated_data"))[0]
        return out

    def encrypt_values(
        self, values: Sequence[Any], associated_data: bytes,
        row_data: Sequence[bytes] | None = None,
    ) -> list[Any]:
        """Encrypt a column: one bulk ``os.urandom`` for every nonce, one AEAD call a value.

        ``row_data`` (one per value) replaces ``associated_data`` value by value.
        """
        alg = self._encrypting()
        _check_rows(values, row_data)
        key_id, aead = self._keyring._primary_key(self._scope, alg, create=True)
        hdr = header(alg, key_id)
        raw = os.urandom(NONCE_SIZE * len(values))
        nonces = [raw[j : j + NONCE_SIZE] for j in range(0, len(raw), NONCE_SIZE)]
        enc = aead.encrypt
        if row_data is None:
            aad = hdr + associated_data
            kinds = set(map(type, values))
            if kinds == {bytes}:
                return [hdr + nc + enc(nc, v, aad) for nc, v in zip(nonces, values, strict=True)]
            if kinds == {str}:
                return [
                    b64encode(hdr + nc + enc(nc, v.encode("utf-8"), aad)).decode("ascii")
                    for nc, v in zip(nonces, values, strict=True)
                ]
            aads: Iterable[bytes] = repeat(aad)
        else:
            aads = [hdr + r for r in row_data]
        out: list[Any] = []
        append = out.append
        for i, (nonce, v, a) in enumerate(zip(nonces, values, aads, strict=False)):
            if v is None:
                append(None)
            elif type(v) is str:
                append(b64encode(hdr + nonce + enc(nonce, v.encode("utf-8"), a)).decode("ascii"))
            elif isinstance(v, (bytes, bytearray, memoryview)):
                append(hdr + nonce + enc(nonce, bytes(v), a))
            else:
                raise InvalidInputError(
                    "The values to encrypt must be str, bytes or missing; "
                    f"position {i} is {type(v).__name__}."
                )
        return out

    def decrypt_values(
        self, values: Sequence[Any], associated_data: bytes,
        row_data: Sequence[bytes] | None = None,
    ) -> list[Any]:
        """Decrypt a column (text items back to ``str``); any failure: ``DecryptionError``."""
        _check_rows(values, row_data)
        keys = _Keys(self._keyring, self._scope, AEAD_ALGORITHMS)
        try:
            kinds = set(map(type, values))
            if row_data is None and len(kinds) == 1 and kinds <= {str, bytes}:
                fast = _decrypt_uniform(keys, values, associated_data, text=str in kinds)
                if fast is not None:
                    return fast
            return _decrypt_each(keys, values, associated_data, row_data)
        except _FAILURES:
            raise DecryptionError() from None

    def __repr__(self) -> str:
        return f"Aead(scope={self._scope!r}, algorithm={self._algorithm!r})"


def _decrypt_each(
    keys: _Keys, values: Sequence[Any], base: bytes, rows: Sequence[bytes] | None
) -> list[Any]:
    """Any column: value by value (the per-key decrypt function and context cached)."""
    cache: dict[bytes, tuple[Callable[[bytes, bytes, bytes], bytes], bytes]] = {}
    out: list[Any] = []
    append = out.append
    for i, v in enumerate(values):
        if v is None:
            append(None)
            continue
        text = type(v) is str
        blob = _B64(v) if text else v if type(v) is bytes else _blob(v)
        if len(blob) < _MIN_GCM:
            raise DecryptionError()
        head = blob[:HEADER_SIZE]
        entry = cache.get(head)
        if entry is None:
            entry = cache[head] = (keys(head).decrypt, head + base)
        dec, aad = entry
        if rows is not None:
            aad = head + rows[i]
        pt = dec(blob[HEADER_SIZE:_PREFIX], blob[_PREFIX:], aad)
        append(pt.decode("utf-8") if text else pt)
    return out


def _decrypt_uniform(
    keys: _Keys, values: Sequence[Any], base: bytes, *, text: bool
) -> list[Any] | None:
    """Fast path: values of one type under one key; ``None`` if it does not apply.

    The per-value work runs in C (``map`` over pyca calls and slices).
    """
    blobs: Sequence[bytes] = list(map(_B64, values)) if text else values
    head = blobs[0][:HEADER_SIZE] if blobs else b""
    if min(map(len, blobs), default=0) < _MIN_GCM or not all(
        map(bytes.startswith, blobs, repeat(head))
    ):
        return None
    aead = keys(head)
    if isinstance(aead, SM4GCM):
        plain = aead.decrypt_blobs(blobs, _PREFIX, head + base)
    else:
        plain = list(map(aead.decrypt, map(_NONCE, blobs), map(_BODY, blobs), repeat(head + base)))
    return list(map(_UTF8, plain)) if text else plain


class DeterministicAead:
    """AES-SIV (RFC 5297, 512-bit key) under the keys of one domain.

    Made by :meth:`Keyring.siv`. Equal plaintexts give equal ciphertexts:
    ``header || SIV || ciphertext`` (no nonce), with the associated data
    ``[header, encode_context({"domain": domain})]``.
    """

    __slots__ = ("_context", "_keyring", "_scope")

    def __init__(self, keyring: Keyring, scope: str, context: bytes) -> None:
        self._keyring, self._scope, self._context = keyring, scope, context

    def encrypt(self, plaintext: bytes) -> bytes:
        """The deterministic ciphertext of ``plaintext``."""
        out: bytes = self.encrypt_values([_bytes(plaintext, "plaintext")])[0]
        return out

    def decrypt(self, ciphertext: bytes) -> bytes:
        """Inverse of :meth:`encrypt`."""
        out: bytes = self.decrypt_values([_bytes(ciphertext, "ciphertext")])[0]
        return out

    def encrypt_values(self, values: Sequence[Any]) -> list[Any]:
        """Encrypt a column under the domain's primary key (created on first use)."""
        key_id, siv = self._keyring._primary_key(self._scope, "AES-SIV", create=True)
        hdr, ctx = header("AES-SIV", key_id), self._context
        out: list[Any] = []
        for i, v in enumerate(values):
            if v is None:
                out.append(None)
            elif isinstance(v, str):
                out.append(b64encode(hdr + siv.encrypt(v.encode("utf-8"), [hdr, ctx]))
                           .decode("ascii"))
            elif isinstance(v, (bytes, bytearray, memoryview)):
                out.append(hdr + siv.encrypt(bytes(v), [hdr, ctx]))
            else:
                raise InvalidInputError(
                    "The values to encrypt must be str, bytes or missing; "
                    f"position {i} is {type(v).__name__}."
                )
        return out

    def decrypt_values(self, values: Sequence[Any]) -> list[Any]:
        """Decrypt a column; every failure raises ``DecryptionError("decryption failed")``."""
        keys = _Keys(self._keyring, self._scope, ("AES-SIV",))
        cache: dict[bytes, Callable[[bytes, list[bytes]], bytes]] = {}
        out: list[Any] = []
        try:
            for v in values:
                if v is None:
                    out.append(None)
                    continue
                blob = _blob(v)
                if len(blob) < _MIN_SIV:
                    raise DecryptionError()
                head = blob[:HEADER_SIZE]
                dec = cache.get(head)
                if dec is None:
                    dec = cache[head] = keys(head).decrypt
                pt = dec(blob[HEADER_SIZE:], [head, self._context])
                out.append(pt.decode("utf-8") if isinstance(v, str) else pt)
        except _FAILURES:
            raise DecryptionError() from None
        return out

    def __repr__(self) -> str:
        return f"DeterministicAead(scope={self._scope!r})"


class Mac:
    """A keyed MAC (HMAC-SM3 or HMAC-SHA256) under the keys of one scope.

    Made by :meth:`Keyring.mac`. :meth:`tag_values` writes
    ``"<key id, 8 hex>:<mac hex>"`` so :meth:`verify_values` finds the key
    after a rotation; :meth:`digest_values` gives bare MACs under the primary
    key (blind indexes).

    Examples
    --------
    >>> from dfgov.data_protection.crypto import Keyring
    >>> mac = Keyring.in_memory().mac("loans", "HMAC-SM3")
    >>> tags = mac.tag_values([b"a", b"b"])
    >>> mac.verify_values([b"a", b"c"], tags)
    [1]
    """

    __slots__ = ("_algorithm", "_keyring", "_scope")

    def __init__(self, keyring: Keyring, scope: str, algorithm: MacAlgorithm) -> None:
        self._keyring, self._scope, self._algorithm = keyring, scope, algorithm

    @property
    def algorithm(self) -> MacAlgorithm:
        """The MAC algorithm."""
        return self._algorithm

    def _primary(self) -> tuple[int, Callable[[bytes], bytes]]:
        key_id, base = self._keyring._primary_key(self._scope, self._algorithm, create=True)
        return key_id, partial(_finish, base)

    def digest_values(self, messages: Iterable[bytes]) -> list[bytes]:
        """The MAC of each message under the primary key (created on first use)."""
        return list(map(self._primary()[1], messages))

    def tag_values(self, messages: Iterable[bytes]) -> list[str]:
        """``"<key id>:<mac hex>"`` of each message under the primary key."""
        key_id, mac = self._primary()
        return [f"{key_id:08x}:{mac(m).hex()}" for m in messages]

    def verify_values(self, messages: Iterable[bytes], tags: Iterable[object]) -> list[int]:
        """Positions whose tag does not verify (an unknown, destroyed or foreign key: not)."""
        message_list, tag_list = list(messages), list(tags)
        if len(message_list) != len(tag_list):
            raise InvalidInputError(
                f"Mac.verify_values needs one tag per message: got {len(tag_list)} tags "
                f"for {len(message_list)} messages."
            )
        keys: dict[str, Callable[[bytes], bytes] | None] = {}
        bad: list[int] = []
        for i, (message, tag) in enumerate(zip(message_list, tag_list, strict=True)):
            kid, _, mac = tag.partition(":") if isinstance(tag, str) else ("", "", "")
            if kid not in keys:
                keys[kid] = None
                with contextlib.suppress(ValueError, KeyStateError):
                    keys[kid] = partial(_finish, self._keyring._key(
                        int(kid, 16), self._scope, self._algorithm))
            found = keys[kid]
            if found is None or not hmac.compare_digest(found(message).hex(), mac):
                bad.append(i)
        return bad

    def __repr__(self) -> str:
        return f"Mac(scope={self._scope!r}, algorithm={self._algorithm!r})"


def _finish(base: Any, message: bytes) -> bytes:
    mac = base.copy()
    mac.update(message)
    out: bytes = mac.finalize()
    return out
