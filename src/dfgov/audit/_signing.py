"""Signatures: the :class:`Signer` / :class:`Verifier` interface and its Ed25519 default.

A signer is anything with an ``algorithm`` name, ``sign(data) -> bytes``,
``public_key_pem() -> bytes`` and ``key_id``; a verifier has ``algorithm``,
``key_id`` and ``verify(data, signature) -> bool`` (the order of
:mod:`dfgov.data_protection.crypto`'s record signatures, so an
:class:`Ed25519Signer`, which also has ``verify``, serves both). An HSM (PKCS#11) or an
external SM2 service (e.g. a bank's cipher machine) plugs in by implementing
these four members — no registration needed — and, for verification by name,
by registering a loader with :func:`register_verifier_loader`. dfgov's own
SM2 (GB/T 32918.2) signer is :class:`dfgov.audit.SM2Signer`;
:func:`load_signer` and :func:`load_verifier` tell the algorithm from the key.

Private keys stay inside :class:`Ed25519Signer`: its repr shows only the
key id, it cannot be pickled, and it writes its key to disk only encrypted
under a passphrase (unless ``unencrypted=True`` is asked for explicitly).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from cryptography.exceptions import UnsupportedAlgorithm

from dfgov._keyfile import pem_bytes
from dfgov.errors import CryptoError, InputFileError, InvalidInputError, MissingDependencyError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import (
        Ed25519PrivateKey,
        Ed25519PublicKey,
    )

    from dfgov.audit._sm2 import SM2Signer

__all__ = [
    "SIGNATURE_ALGORITHMS",
    "Ed25519Signer",
    "Ed25519Verifier",
    "Signer",
    "Verifier",
    "generate_signer",
    "key_id_of",
    "load_signer",
    "load_verifier",
    "register_verifier_loader",
    "signature_algorithm",
]

#: Signature algorithms dfgov implements: Ed25519 (RFC 8032) and SM2 with SM3 (GB/T 32918.2).
SIGNATURE_ALGORITHMS = ("ed25519", "sm2-sm3")
_ALIASES = {"ed25519": "ed25519", "sm2": "sm2-sm3", "sm2-sm3": "sm2-sm3"}


@runtime_checkable
class Signer(Protocol):
    """What dfgov needs from a signing key (software, HSM or remote service)."""

    @property
    def algorithm(self) -> str:
        """Signature algorithm name, e.g. ``"ed25519"`` or ``"sm2-sm3"``."""
        ...

    @property
    def key_id(self) -> str:
        """Stable identifier of the key pair (e.g. a digest of the public key)."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Signature of ``data``."""
        ...

    def public_key_pem(self) -> bytes:
        """The public key, PEM (SubjectPublicKeyInfo)."""
        ...


@runtime_checkable
class Verifier(Protocol):
    """What dfgov needs to check a signature."""

    @property
    def algorithm(self) -> str:
        """Signature algorithm name; must equal the signer's."""
        ...

    @property
    def key_id(self) -> str:
        """Identifier of the key pair, as the signer reports it."""
        ...

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` is valid for ``data`` under this key."""
        ...


def key_id_of(public_key_pem: bytes) -> str:
    """Key id used by dfgov: the first 16 hex digits of SHA-256 over the DER public key."""
    from cryptography.hazmat.primitives import serialization

    from dfgov import _sm2

    if isinstance(public_key_pem, bytes) and _sm2.pem_algorithm(public_key_pem) == "sm2-sm3":
        der = _sm2.SM2PublicKey.from_pem(public_key_pem).public_der()
        return hashlib.sha256(der).hexdigest()[:16]
    try:
        key = serialization.load_pem_public_key(public_key_pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise InvalidInputError("The public key is not a PEM public key.") from None
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()[:16]


class Ed25519Verifier:
    """Checks Ed25519 signatures (RFC 8032) with a public key.

    Parameters
    ----------
    public_key_pem : bytes
        The public key in PEM (SubjectPublicKeyInfo).
    """

    algorithm = "ed25519"

    def __init__(self, public_key_pem: bytes) -> None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        try:
            key = serialization.load_pem_public_key(public_key_pem)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise InvalidInputError("The 'public_key' is not a PEM public key.") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidInputError("The 'public_key' is not an Ed25519 public key.")
        self._key: Ed25519PublicKey = key
        self.key_id = key_id_of(public_key_pem)

    @classmethod
    def load(cls, path: str | Path) -> Ed25519Verifier:
        """Read a PEM public key file."""
        return cls(pem_bytes(path, "public key", allow_bytes=False))

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` is a valid Ed25519 signature of ``data``."""
        from cryptography.exceptions import InvalidSignature

        try:
            self._key.verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"Ed25519Verifier(key_id={self.key_id!r})"


def _check_export(passphrase: bytes | None, unencrypted: bool) -> None:
    """A private key leaves memory encrypted, unless ``unencrypted=True`` is explicit."""
    if passphrase is None:
        if not unencrypted:
            raise InvalidInputError(
                "A 'passphrase' is required to export a private key "
                "(or pass unencrypted=True explicitly)."
            )
    elif not isinstance(passphrase, bytes) or len(passphrase) < 8:
        raise InvalidInputError("The 'passphrase' must be bytes of length at least 8.")


class _KeyFiles:
    """Writing a signer's key files (shared by :class:`Ed25519Signer` and ``SM2Signer``)."""

    def private_key_pem(self, *, passphrase: bytes | None, unencrypted: bool = False) -> bytes:
        raise NotImplementedError

    def public_key_pem(self) -> bytes:
        raise NotImplementedError

    def save(self, path: str | Path, *, passphrase: bytes | None,
             unencrypted: bool = False) -> Path:
        """Write the private key (PEM, mode 0600) and return the path.

        The key is written to a new file (mode 0600 from its creation) that
        then replaces ``path``: an existing file's mode is never kept, and a
        symbolic link at ``path`` is refused rather than followed.
        """
        data = self.private_key_pem(passphrase=passphrase, unencrypted=unencrypted)
        return _write_new(Path(path), data, 0o600, "private key")

    def save_public_key(self, path: str | Path) -> Path:
        """Write the public key (PEM) for verifiers (never through a symbolic link)."""
        return _write_new(Path(path), self.public_key_pem(), 0o644, "public key")


class Ed25519Signer(_KeyFiles):
    """An Ed25519 signing key held in memory (pyca/cryptography).

    Create one with :meth:`generate`, :meth:`from_pem` or :meth:`load`; keep it
    with :meth:`save` (encrypted under a passphrase). Publish
    :meth:`public_key_pem` so others can verify.

    Examples
    --------
    >>> signer = Ed25519Signer.generate()
    >>> sig = signer.sign(b"manifest")
    >>> signer.verifier().verify(b"manifest", sig)
    True
    """

    algorithm = "ed25519"

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        if not isinstance(private_key, Ed25519PrivateKey):
            raise InvalidInputError(
                "The 'private_key' argument of Ed25519Signer must be an Ed25519PrivateKey."
            )
        self._key = private_key
        self.key_id = key_id_of(self.public_key_pem())

    @classmethod
    def generate(cls) -> Ed25519Signer:
        """A new random key pair."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, data: bytes, *, passphrase: bytes | None = None) -> Ed25519Signer:
        """Load a PKCS#8 PEM private key (encrypted when ``passphrase`` is given)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        try:
            key = serialization.load_pem_private_key(data, password=passphrase)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            # wrong or missing passphrase, or not a PEM private key: one message for all
            raise CryptoError(
                "The private key cannot be loaded: not a PEM private key, or the "
                "'passphrase' is wrong or missing."
            ) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise InvalidInputError("The private key is not an Ed25519 key.")
        return cls(key)

    @classmethod
    def load(cls, path: str | Path, *, passphrase: bytes | None = None) -> Ed25519Signer:
        """Read a private key file written by :meth:`save`."""
        pem = pem_bytes(path, "private key", allow_bytes=False)
        return cls.from_pem(pem, passphrase=passphrase)

    def private_key_pem(self, *, passphrase: bytes | None, unencrypted: bool = False) -> bytes:
        """The private key as PKCS#8 PEM, encrypted under ``passphrase``.

        Passing ``passphrase=None`` requires ``unencrypted=True``, so a clear
        private key is never written by accident.
        """
        from cryptography.hazmat.primitives import serialization

        _check_export(passphrase, unencrypted)
        enc: serialization.KeySerializationEncryption = (
            serialization.NoEncryption() if passphrase is None
            else serialization.BestAvailableEncryption(passphrase))
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc
        )

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature (64 bytes) of ``data``."""
        return self._key.sign(data)

    def public_key_pem(self) -> bytes:
        """The public key, PEM (SubjectPublicKeyInfo)."""
        from cryptography.hazmat.primitives import serialization

        pub: Ed25519PublicKey = self._key.public_key()
        return pub.public_bytes(serialization.Encoding.PEM,
                                serialization.PublicFormat.SubjectPublicKeyInfo)

    def verifier(self) -> Ed25519Verifier:
        """The matching verifier."""
        return Ed25519Verifier(self.public_key_pem())

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` is valid for ``data`` under this key's public half."""
        return self.verifier().verify(data, signature)

    def __repr__(self) -> str:
        return f"Ed25519Signer(key_id={self.key_id!r})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("Ed25519Signer cannot be pickled; export it with save(passphrase=...).")


_LOADERS: dict[str, Callable[[bytes], Verifier]] = {}


def register_verifier_loader(key_type: str, loader: Callable[[bytes], Verifier]) -> None:
    """Teach :func:`load_verifier` a key type (e.g. ``"sm2"``) that pyca cannot parse.

    ``loader`` takes the PEM bytes and returns a :class:`Verifier`; it is tried
    for PEM keys that pyca/cryptography does not recognise as Ed25519.
    """
    _LOADERS[key_type] = loader


def load_verifier(public_key: bytes | str | Path | Verifier) -> Verifier:
    """A :class:`Verifier` from PEM bytes, a PEM file path, or a Verifier (returned as is)."""
    if isinstance(public_key, Verifier) and not isinstance(public_key, (bytes, str, Path)):
        return public_key
    pem = pem_bytes(public_key, "public key")
    from dfgov import _sm2

    if _sm2.pem_algorithm(pem) == "sm2-sm3":
        from dfgov.audit._sm2 import SM2Verifier

        return SM2Verifier(pem)
    try:
        return Ed25519Verifier(pem)
    except InvalidInputError:
        for loader in _LOADERS.values():
            try:
                return loader(pem)
            except InvalidInputError:
                continue
        raise


def _write_new(path: Path, data: bytes, mode: int, what: str) -> Path:
    """Write ``data`` to a fresh file of ``mode`` beside ``path``, then rename it over ``path``."""
    import os
    import secrets

    if path.is_symlink():
        raise InputFileError(
            f"The {what} file {str(path)!r} is a symbolic link; refusing to write through it."
        )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     mode)
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)  # exactly ``mode``, whatever the umask
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputFileError(
            f"Cannot write the {what} file {str(path)!r}: {exc.__class__.__name__}."
        ) from None
    return path


def signature_algorithm(name: str) -> str:
    """dfgov's name for ``name`` (``"ed25519"``; ``"sm2"`` or ``"sm2-sm3"`` -> ``"sm2-sm3"``)."""
    canonical = _ALIASES.get(str(name).lower())
    if canonical is None:
        raise InvalidInputError(
            f"Unknown signature algorithm {name!r}; use one of: ed25519, sm2 (sm2-sm3)."
        )
    return canonical


def generate_signer(algorithm: str = "ed25519") -> Ed25519Signer | SM2Signer:
    """A new in-memory signing key: :class:`Ed25519Signer` or :class:`~dfgov.audit.SM2Signer`."""
    if signature_algorithm(algorithm) == "sm2-sm3":
        from dfgov.audit._sm2 import SM2Signer

        return SM2Signer.generate()
    return Ed25519Signer.generate()


def load_signer(private_key: bytes | str | Path, *, passphrase: bytes | None = None
                ) -> Ed25519Signer | SM2Signer:
    """A signer from a PEM private key (bytes or file), its algorithm told from the key.

    Ed25519 and SM2 keys are recognised (an encrypted key is tried as each in
    turn). SM2 keys sign with the default signer ID; build
    :class:`~dfgov.audit.SM2Signer` directly for another one.

    Raises
    ------
    CryptoError
        Not a PEM private key, or the passphrase is wrong or missing.
    InvalidInputError
        A private key of an algorithm dfgov does not sign with.
    """
    from dfgov import _sm2

    pem = pem_bytes(private_key, "private key")
    from dfgov.audit._sm2 import SM2Signer

    kind = _sm2.pem_algorithm(pem)
    if kind == "sm2-sm3" or (kind is None and _sm4_encrypted(pem)):
        return SM2Signer.from_pem(pem, passphrase=passphrase)
    if kind is not None:
        return Ed25519Signer.from_pem(pem, passphrase=passphrase)
    try:  # encrypted (or unrecognised): Ed25519 first, then SM2
        return Ed25519Signer.from_pem(pem, passphrase=passphrase)
    except (CryptoError, InvalidInputError) as first:
        try:
            return SM2Signer.from_pem(pem, passphrase=passphrase)
        except (CryptoError, InvalidInputError, MissingDependencyError):
            raise first from None


def _sm4_encrypted(pem: bytes) -> bool:
    """True for a PKCS#8 key encrypted with SM4-CBC (OID 1.2.156.10197.1.104.2), as
    Tongsuo writes SM2 keys; the key's own algorithm is hidden until decryption."""
    import base64
    import binascii
    import re

    m = re.search(rb"-----BEGIN ENCRYPTED PRIVATE KEY-----(.*?)-----END", pem, re.DOTALL)
    if m is None:
        return False
    try:
        der = base64.b64decode(b"".join(m.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        return False
    return bytes.fromhex("06082a811ccf550168 02".replace(" ", "")) in der[:120]
