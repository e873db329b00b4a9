"""SM2 signatures (GB/T 32918.2, SM3, signer ID) as a :class:`Signer` / :class:`Verifier`.

Signatures are DER ``SEQUENCE { r, s }`` over ``e = SM3(Z || M)``, where Z
binds the signer ID (default ``1234567812345678``, GM/T 0009-2012 §10) and the
public key. They verify with OpenSSL 3::

    openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin -digest sm3 \\
        -pkeyopt distid:1234567812345678 -in manifest.json -sigfile manifest.der

(OpenSSL 3.0 uses an *empty* ID when ``distid`` is not given, so always pass
it.) The primitive comes from tongsuopy through :mod:`dfgov._sm2`; install
``pip install "dfgov[sm2]"``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from dfgov import _sm2
from dfgov._keyfile import pem_bytes
from dfgov.audit._signing import _check_export, _KeyFiles
from dfgov.errors import InvalidInputError

__all__ = ["SM2Signer", "SM2Verifier"]


def _signer_id(value: bytes | str) -> bytes:
    if isinstance(value, str):
        value = value.encode("utf-8")
    if not isinstance(value, bytes) or not value:
        raise InvalidInputError("The SM2 'signer_id' must be non-empty bytes or text.")
    return _sm2._check_id(value)


def _key_id(public: _sm2.SM2PublicKey) -> str:
    return hashlib.sha256(public.public_der()).hexdigest()[:16]


class SM2Verifier:
    """Checks SM2 signatures with a public key and a signer ID.

    Parameters
    ----------
    public_key_pem : bytes
        SubjectPublicKeyInfo PEM with the SM2 curve OID ``1.2.156.10197.1.301``.
    signer_id : bytes or str
        The signer's distinguishing ID hashed into Z (default ``1234567812345678``).
    """

    algorithm = _sm2.ALGORITHM

    def __init__(self, public_key_pem: bytes, *,
                 signer_id: bytes | str = _sm2.DEFAULT_ID) -> None:
        if not isinstance(public_key_pem, bytes) or _sm2.pem_algorithm(public_key_pem) \
                != _sm2.ALGORITHM:
            raise InvalidInputError("The 'public_key' is not an SM2 public key (PEM).")
        self.signer_id = _signer_id(signer_id)
        _sm2.require_self_test()
        self._key = _sm2.SM2PublicKey.from_pem(public_key_pem)
        self.key_id = _key_id(self._key)

    @classmethod
    def load(cls, path: str | Path, *, signer_id: bytes | str = _sm2.DEFAULT_ID
             ) -> SM2Verifier:
        """Read a PEM public key file."""
        return cls(pem_bytes(path, "public key", allow_bytes=False), signer_id=signer_id)

    def public_key_pem(self) -> bytes:
        """The public key, PEM (SubjectPublicKeyInfo)."""
        return self._key.public_pem()

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` (DER) is a valid SM2 signature of ``data``."""
        return self._key.verify(signature, data, signer_id=self.signer_id)

    def __repr__(self) -> str:
        return f"SM2Verifier(key_id={self.key_id!r})"


class SM2Signer(_KeyFiles):
    """An SM2 signing key held in memory (tongsuopy).

    Create one with :meth:`generate`, :meth:`from_pem` or :meth:`load`; keep
    it with :meth:`save` (PKCS#8 encrypted under a passphrase). Publish
    :meth:`public_key_pem` so others can verify.

    Parameters
    ----------
    private_key : dfgov._sm2.SM2PrivateKey
        Use the constructors below rather than this directly.
    signer_id : bytes or str
        Distinguishing ID hashed into Z (default ``1234567812345678``); a
        verifier must use the same one.

    Examples
    --------
    >>> signer = SM2Signer.generate()
    >>> sig = signer.sign(b"manifest")
    >>> signer.verifier().verify(b"manifest", sig)
    True
    >>> signer.verifier().verify(b"manifesT", sig)
    False
    """

    algorithm = _sm2.ALGORITHM

    def __init__(self, private_key: _sm2.SM2PrivateKey, *,
                 signer_id: bytes | str = _sm2.DEFAULT_ID) -> None:
        if not isinstance(private_key, _sm2.SM2PrivateKey):
            raise InvalidInputError(
                "The 'private_key' argument of SM2Signer must be an SM2 private key; "
                "use SM2Signer.generate(), from_pem() or load()."
            )
        self.signer_id = _signer_id(signer_id)
        _sm2.require_self_test()
        self._key = private_key
        self.key_id = _key_id(private_key.public_key())

    @classmethod
    def generate(cls, *, signer_id: bytes | str = _sm2.DEFAULT_ID) -> SM2Signer:
        """A new random key pair."""
        _sm2.require_self_test()
        return cls(_sm2.SM2PrivateKey.generate(), signer_id=signer_id)

    @classmethod
    def from_pem(cls, data: bytes, *, passphrase: bytes | None = None,
                 signer_id: bytes | str = _sm2.DEFAULT_ID) -> SM2Signer:
        """Load a PKCS#8 PEM private key (encrypted when ``passphrase`` is given)."""
        return cls(_sm2.SM2PrivateKey.from_pem(data, passphrase=passphrase),
                   signer_id=signer_id)

    @classmethod
    def load(cls, path: str | Path, *, passphrase: bytes | None = None,
             signer_id: bytes | str = _sm2.DEFAULT_ID) -> SM2Signer:
        """Read a private key file written by :meth:`save`."""
        pem = pem_bytes(path, "private key", allow_bytes=False)
        return cls.from_pem(pem, passphrase=passphrase, signer_id=signer_id)

    def private_key_pem(self, *, passphrase: bytes | None, unencrypted: bool = False) -> bytes:
        """The private key as PKCS#8 PEM, encrypted under ``passphrase``.

        Encryption is PBES2 (PBKDF2-HMAC-SHA256, SM4-CBC), as Tongsuo writes
        it; OpenSSL 3 reads it. ``passphrase=None`` requires
        ``unencrypted=True``.
        """
        _check_export(passphrase, unencrypted)
        return self._key.private_pem(passphrase)

    def sign(self, data: bytes) -> bytes:
        """SM2 signature (DER, 70-72 bytes) of ``data``."""
        return self._key.sign(data, signer_id=self.signer_id)

    def public_key_pem(self) -> bytes:
        """The public key, PEM (SubjectPublicKeyInfo)."""
        return self._key.public_key().public_pem()

    def verifier(self) -> SM2Verifier:
        """The matching verifier (same signer ID)."""
        return SM2Verifier(self.public_key_pem(), signer_id=self.signer_id)

    def verify(self, data: bytes, signature: bytes) -> bool:
        """True when ``signature`` is valid for ``data`` under this key's public half."""
        return self._key.public_key().verify(signature, data, signer_id=self.signer_id)

    def __repr__(self) -> str:
        return f"SM2Signer(key_id={self.key_id!r})"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("SM2Signer cannot be pickled; export it with save(passphrase=...).")
