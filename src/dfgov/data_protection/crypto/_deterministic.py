"""Deterministic options for joins and lookups: AES-SIV encryption and HMAC blind indexes.

Deterministic encryption leaks equality (that is its purpose). Use it only
where a join or lookup needs it and the policy's
``data_security.crypto.allowed_deterministic`` allows it; SM-only policies
use a blind index (HMAC-SM3 of the normalised value under its own key)
stored beside the randomised SM4-GCM ciphertext.
"""

from __future__ import annotations

import binascii
import unicodedata
from base64 import b64decode, b64encode
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as chmac
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import FORMAT_VERSION, HEADER_SIZE, encode_context, header
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._keys import KeyInfo
from dfgov.data_protection.crypto._values import as_list, like_input, purpose_scope
from dfgov.errors import DecryptionError, InvalidInputError, KeyStateError, PolicyError

if TYPE_CHECKING:
    from dfgov.policy import Policy

__all__ = ["BlindIndex", "DeterministicEncryptor", "default_normalize"]

_SIV = 16


def _settings(policy: Policy | None) -> Any:
    from dfgov.data_protection._policy import CryptoSettings, DataSecurityPolicy

    return CryptoSettings() if policy is None else policy.section(DataSecurityPolicy).crypto


def _allow(policy: Policy | None, option: str) -> None:
    if option not in _settings(policy).allowed_deterministic:
        raise PolicyError(
            "The policy key 'data_security.crypto.allowed_deterministic' does not allow "
            f"{option}.",
            path="data_security.crypto.allowed_deterministic",
        )


def _check_domain(domain: object, caller: str) -> str:
    if not isinstance(domain, str) or not domain:
        raise InvalidInputError(f"The 'domain' parameter of {caller} must be a non-empty str.")
    return domain


class DeterministicEncryptor:
    """AES-SIV (RFC 5297, 512-bit key) deterministic encryption, for equality joins.

    Equal values in the same ``domain`` give equal ciphertexts, so two tables
    encrypted with the same keyring and domain can be joined on the
    ciphertext. Format: the 6-byte header of :mod:`FieldEncryptor`'s format
    with algorithm id 3, then ``SIV || ciphertext`` (no nonce); the associated
    data is the list ``[header, encode_context({"domain": domain})]``.

    Examples
    --------
    >>> de = DeterministicEncryptor(Keyring.in_memory(), domain="customer-id")
    >>> a = de.encrypt(["C001", "C001"])
    >>> a[0] == a[1], de.decrypt(a)
    (True, ['C001', 'C001'])
    """

    def __init__(self, keyring: Keyring, *, domain: str, policy: Policy | None = None) -> None:
        self.keyring = keyring
        self.domain = domain
        self.policy = policy

    def _prepare(self) -> tuple[str, bytes]:
        domain = _check_domain(self.domain, "DeterministicEncryptor")
        _allow(self.policy, "AES-SIV")
        _selftest.require("AES-SIV")
        return purpose_scope("deterministic", domain), encode_context({"domain": domain})

    def encrypt(self, values: Any) -> Any:
        """Encrypt a column deterministically (str → base64 text, bytes → binary)."""
        scope, ctx = self._prepare()
        key_id, siv = self.keyring._primary_use(scope, "AES-SIV", AESSIV, create=True)
        hdr = header("AES-SIV", key_id)
        out: list[Any] = []
        for i, v in enumerate(as_list(values, "DeterministicEncryptor.encrypt")):
            if v is None:
                out.append(None)
            elif isinstance(v, str):
                ct = siv.encrypt(v.encode("utf-8"), [hdr, ctx])
                out.append(b64encode(hdr + ct).decode("ascii"))
            elif isinstance(v, (bytes, bytearray, memoryview)):
                out.append(hdr + siv.encrypt(bytes(v), [hdr, ctx]))
            else:
                raise InvalidInputError(
                    "The values of DeterministicEncryptor.encrypt must be str, bytes or "
                    f"missing; position {i} is {type(v).__name__}."
                )
        return like_input(values, out)

    def decrypt(self, values: Any) -> Any:
        """Decrypt; every failure raises ``DecryptionError("decryption failed")``."""
        scope, ctx = self._prepare()
        cache: dict[bytes, AESSIV] = {}
        out: list[Any] = []
        try:
            for v in as_list(values, "DeterministicEncryptor.decrypt"):
                if v is None:
                    out.append(None)
                    continue
                text = isinstance(v, str)
                blob = b64decode(v, validate=True) if text else bytes(v)
                if len(blob) < HEADER_SIZE + _SIV or blob[:2] != bytes((FORMAT_VERSION, 3)):
                    raise DecryptionError()
                hdr = blob[:HEADER_SIZE]
                siv = cache.get(hdr)
                if siv is None:
                    siv = cache[hdr] = self.keyring._key_use(
                        int.from_bytes(hdr[2:], "big"), _siv_of,
                        lambda i: (i.scope, i.algorithm) == (scope, "AES-SIV"))
                pt = siv.decrypt(blob[HEADER_SIZE:], [hdr, ctx])
                out.append(pt.decode("utf-8") if text else pt)
        except (InvalidTag, KeyStateError, UnicodeDecodeError, binascii.Error, ValueError,
                TypeError):
            raise DecryptionError() from None
        return like_input(values, out)

    def __repr__(self) -> str:
        return f"DeterministicEncryptor(domain={self.domain!r})"


def _siv_of(info: KeyInfo, key: bytes) -> AESSIV:
    return AESSIV(key)


def default_normalize(value: str) -> str:
    """NFKC, trimmed, case-folded: ``" 11010119900307777x "`` → ``"11010119900307777x"``."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def hmac_new(algorithm: str, key: bytes) -> chmac.HMAC:
    """A pyca HMAC object with SM3 or SHA-256."""
    return chmac.HMAC(key, hashes.SM3() if algorithm == "HMAC-SM3" else hashes.SHA256())


def check_mac_algorithm(algorithm: str | None, policy: Policy | None, caller: str) -> str:
    """The MAC algorithm to use: the argument, else the policy's ``mac_algorithm``."""
    alg = algorithm or _settings(policy).mac_algorithm
    if alg not in ("HMAC-SM3", "HMAC-SHA256"):
        raise InvalidInputError(
            f"The 'algorithm' parameter of {caller} must be 'HMAC-SM3' or 'HMAC-SHA256'. "
            f"Got {alg!r}."
        )
    _selftest.require(alg)
    return alg


class BlindIndex:
    """A keyed blind index: ``HMAC(key, normalise(value))``, truncated to ``length`` bytes.

    Store the index beside the randomised ciphertext; look a value up by
    computing its index and comparing. Its key is separate from the data
    keys (scope ``"blind-index/<domain>"``). After rotating that key the
    index must be recomputed from the plaintexts.

    Parameters
    ----------
    keyring : Keyring
    domain : str
        Values are comparable only within one domain (e.g. ``"id_number"``).
    algorithm : {"HMAC-SM3", "HMAC-SHA256"}, optional
        Default: the policy's ``mac_algorithm`` ("HMAC-SM3").
    length : int
        Bytes kept of the MAC (8-32); shorter leaks less, collides more.
    normalize : callable, optional
        Applied to str values before hashing (default :func:`default_normalize`).
    policy : Policy, optional
        The policy must allow "blind-index".

    Examples
    --------
    >>> bi = BlindIndex(Keyring.in_memory(), domain="id_number")
    >>> a, b = bi.compute(["11010119900307777X", " 11010119900307777x"])
    >>> a == b, len(a)
    (True, 32)
    """

    def __init__(
        self,
        keyring: Keyring,
        *,
        domain: str,
        algorithm: str | None = None,
        length: int = 16,
        normalize: Callable[[str], str] | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.keyring = keyring
        self.domain = domain
        self.algorithm = algorithm
        self.length = length
        self.normalize = normalize
        self.policy = policy

    def compute(self, values: Any) -> Any:
        """Hex index of each value (``None`` stays ``None``); a Series for a Series."""
        domain = _check_domain(self.domain, "BlindIndex")
        _allow(self.policy, "blind-index")
        alg = check_mac_algorithm(self.algorithm, self.policy, "BlindIndex")
        if isinstance(self.length, bool) or not isinstance(self.length, int) or not (
            8 <= self.length <= 32
        ):
            raise InvalidInputError(
                f"The 'length' parameter of BlindIndex must be an int in [8, 32]. "
                f"Got {self.length!r}."
            )
        norm = self.normalize or default_normalize
        _, base = self.keyring._primary_use(purpose_scope("blind-index", domain), alg,
                                            partial(hmac_new, alg), create=True)
        out: list[str | None] = []
        for i, v in enumerate(as_list(values, "BlindIndex.compute")):
            if v is None:
                out.append(None)
                continue
            if isinstance(v, str):
                data = norm(v).encode("utf-8")
            elif isinstance(v, (bytes, bytearray, memoryview)):
                data = bytes(v)
            else:
                raise InvalidInputError(
                    f"The values of BlindIndex.compute must be str, bytes or missing; "
                    f"position {i} is {type(v).__name__}."
                )
            mac = base.copy()
            mac.update(data)
            out.append(mac.finalize()[: self.length].hex())
        return like_input(values, out)

    def __repr__(self) -> str:
        return f"BlindIndex(domain={self.domain!r}, algorithm={self.algorithm!r})"
