"""Hash algorithms shared by fingerprints, the audit log and evidence bundles.

SHA-256 comes from :mod:`hashlib`; SM3 (GB/T 32905-2016) from pyca/cryptography,
imported only when asked for.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Literal, Protocol

from dfgov.errors import InvalidInputError

__all__ = ["HashAlgorithm", "Hasher", "check_algorithm", "digest", "hmac_digest", "new_hasher"]

HashAlgorithm = Literal["sha256", "sm3"]


class Hasher(Protocol):
    """The part of a hash object dfgov uses."""

    def update(self, data: bytes, /) -> None: ...

    def hexdigest(self) -> str: ...


class _SM3Hasher:
    def __init__(self) -> None:
        from cryptography.hazmat.primitives import hashes

        self._h = hashes.Hash(hashes.SM3())

    def update(self, data: bytes, /) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.finalize().hex()


def check_algorithm(algorithm: str) -> HashAlgorithm:
    """Validate a hash algorithm name."""
    if algorithm not in ("sha256", "sm3"):
        raise InvalidInputError(
            f"The 'algorithm' argument must be 'sha256' or 'sm3'. Got {algorithm!r}."
        )
    return algorithm  # type: ignore[return-value]


def new_hasher(algorithm: str = "sha256") -> Hasher:
    """A fresh incremental hasher for ``algorithm`` ("sha256" or "sm3")."""
    if check_algorithm(algorithm) == "sm3":
        return _SM3Hasher()
    return hashlib.sha256()


def digest(data: bytes, algorithm: str = "sha256") -> str:
    """Hex digest of ``data``."""
    h = new_hasher(algorithm)
    h.update(data)
    return h.hexdigest()


def hmac_digest(key: bytes, data: bytes, algorithm: str = "sha256") -> str:
    """Hex HMAC of ``data`` under ``key`` with SHA-256 or SM3."""
    if check_algorithm(algorithm) == "sha256":
        return hmac.digest(key, data, "sha256").hex()
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import hmac as chmac

    mac = chmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()
