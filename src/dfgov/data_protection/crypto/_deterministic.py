"""Deterministic options for joins and lookups: AES-SIV encryption and HMAC blind indexes.

Deterministic encryption leaks equality (that is its purpose). Use it only
where a join or lookup needs it and the policy's
``data_security.crypto.allowed_deterministic`` allows it; SM-only policies
use a blind index (HMAC-SM3 of the normalised value under its own key)
stored beside the randomised SM4-GCM ciphertext.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Any, cast, overload

from dfgov.data_protection.crypto import _selftest
from dfgov.data_protection.crypto._cipher import MAC_ALGORITHMS, MacAlgorithm
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._values import as_list, check_name, check_values, like_input
from dfgov.errors import InvalidInputError, PolicyError

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.data_protection.crypto._primitives import DeterministicAead
    from dfgov.data_protection.crypto._values import Buffer, Column, V
    from dfgov.policy import Policy

__all__ = ["BlindIndex", "DeterministicEncryptor", "default_normalize"]


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


@dataclass(eq=False, repr=False)
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

    keyring: Keyring
    _: KW_ONLY
    domain: str
    policy: Policy | None = None

    def _siv(self) -> DeterministicAead:
        domain = check_name(self.domain, "domain", "DeterministicEncryptor")
        _allow(self.policy, "AES-SIV")
        _selftest.require("AES-SIV")
        return self.keyring.siv(domain)

    @overload
    def encrypt(self, values: pd.Series) -> pd.Series: ...

    @overload
    def encrypt(self, values: Iterable[V | None]) -> list[V | None]: ...

    @overload
    def encrypt(self, values: Iterable[str | Buffer | None]) -> list[str | bytes | None]: ...

    def encrypt(self, values: Column) -> pd.Series | Sequence[str | bytes | None]:
        """Encrypt a column deterministically (str → base64 text, bytes → binary)."""
        siv = self._siv()
        vals = as_list(values, "DeterministicEncryptor.encrypt")
        check_values(vals, "DeterministicEncryptor.encrypt")  # before any key is touched
        return like_input(values, siv.encrypt_values(vals))

    @overload
    def decrypt(self, values: pd.Series) -> pd.Series: ...

    @overload
    def decrypt(self, values: Iterable[V | None]) -> list[V | None]: ...

    @overload
    def decrypt(self, values: Iterable[str | Buffer | None]) -> list[str | bytes | None]: ...

    def decrypt(self, values: Column) -> pd.Series | Sequence[str | bytes | None]:
        """Decrypt; every failure raises ``DecryptionError("decryption failed")``."""
        siv = self._siv()
        vals = as_list(values, "DeterministicEncryptor.decrypt")
        return like_input(values, siv.decrypt_values(vals))

    def __repr__(self) -> str:
        return f"DeterministicEncryptor(domain={self.domain!r})"


def default_normalize(value: str) -> str:
    """NFKC, trimmed, case-folded: ``" 11010119900307777x "`` → ``"11010119900307777x"``."""
    return unicodedata.normalize("NFKC", value).strip().casefold()


def check_mac_algorithm(
    algorithm: str | None, policy: Policy | None, caller: str
) -> MacAlgorithm:
    """The MAC algorithm to use: the argument, else the policy's ``mac_algorithm``."""
    alg = algorithm or _settings(policy).mac_algorithm
    if alg not in MAC_ALGORITHMS:
        raise InvalidInputError(
            f"The 'algorithm' parameter of {caller} must be 'HMAC-SM3' or 'HMAC-SHA256'. "
            f"Got {alg!r}."
        )
    _selftest.require(alg)
    return cast(MacAlgorithm, alg)


@dataclass(eq=False, repr=False)
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

    keyring: Keyring
    _: KW_ONLY
    domain: str
    algorithm: MacAlgorithm | None = None
    length: int = 16
    normalize: Callable[[str], str] | None = None
    policy: Policy | None = None

    @overload
    def compute(self, values: pd.Series) -> pd.Series: ...

    @overload
    def compute(self, values: Iterable[str | Buffer | None]) -> list[str | None]: ...

    def compute(self, values: Column) -> pd.Series | list[str | None]:
        """Hex index of each value (``None`` stays ``None``); a Series for a Series."""
        domain = check_name(self.domain, "domain", "BlindIndex")
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
        vals = as_list(values, "BlindIndex.compute")
        check_values(vals, "BlindIndex.compute")  # before any key is touched
        data = [norm(v).encode("utf-8") if isinstance(v, str) else bytes(v)
                for v in vals if v is not None]
        macs = iter(self.keyring.mac(domain, alg, purpose="blind-index").digest_values(data))
        out = [None if v is None else next(macs)[: self.length].hex() for v in vals]
        return like_input(values, out)

    def __repr__(self) -> str:
        return f"BlindIndex(domain={self.domain!r}, algorithm={self.algorithm!r})"
