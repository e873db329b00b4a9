"""SM2 key wrapping: data keys encrypted to an SM2 public key (GB/T 32918.4).

An edge system (a branch server, a data-collection job) holds only the
public key: it creates data keys, encrypts fields and stores the data keys
SM2-wrapped; only the system holding the private key (a central keystore, a
cipher machine) can unwrap them.

Wrapped form: the DER ``SM2Cipher`` (C1C3C2, GM/T 0009-2012 §7.2) of
``key || SM3(associated_data)``. The SM3 digest binds the wrapped key to
its key id, scope and algorithm (the keyring's associated data): SM2's C3
hash authenticates the whole plaintext, so a wrapped key moved to another
id, scope or algorithm does not unwrap. OpenSSL 3 unwraps it with
``openssl pkeyutl -decrypt -inkey kek.pem -in wrapped.der`` (the last 32
bytes of the output are the digest, the rest is the key).
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from dfgov import _sm2
from dfgov._keyfile import pem_bytes
from dfgov.errors import CryptoError, InvalidInputError, KeyStateError

__all__ = ["SM2KeyProvider"]

_DIGEST = 32


def _sm3(data: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _kek_id(public: _sm2.SM2PublicKey) -> str:
    return "sm2-" + hashlib.sha256(public.public_der()).hexdigest()[:16]


class SM2KeyProvider:
    """A :class:`KeyProvider` whose key-encryption keys are SM2 key pairs.

    ``wrap`` needs only the public key; ``unwrap`` needs the private key.
    Build it with :meth:`from_public_key` on an edge system and with
    :meth:`from_private_key` (or :meth:`generate`) where data keys are
    unwrapped. It can hold several key pairs (``add_kek``): the primary one
    wraps new data keys, older ones still unwrap, staged ones wait for
    :meth:`rotate_kek`. KEK ids are ``"sm2-"`` and the first 16 hex digits of
    SHA-256 over the public key's DER.

    Examples
    --------
    >>> central = SM2KeyProvider.generate()
    >>> edge = SM2KeyProvider.from_public_key(central.public_key_pem())
    >>> wrapped = edge.wrap(edge.primary_kek_id(), bytes(16), b"ad")
    >>> central.unwrap(central.primary_kek_id(), wrapped, b"ad") == bytes(16)
    True
    """

    def __init__(self) -> None:
        _sm2.require_self_test()
        self._public: dict[str, _sm2.SM2PublicKey] = {}
        self._private: dict[str, _sm2.SM2PrivateKey] = {}
        self._staged: list[str] = []
        self._primary = ""

    # -- construction -------------------------------------------------------
    @classmethod
    def generate(cls) -> SM2KeyProvider:
        """A provider holding a new random SM2 key pair (export it with :meth:`private_key_pem`)."""
        self = cls()
        pair = _sm2.SM2PrivateKey.generate()
        self._add(pair.public_key(), pair)
        return self

    @classmethod
    def from_public_key(cls, public_key: bytes | str | Path) -> SM2KeyProvider:
        """Wrap-only provider from an SM2 public key (PEM bytes or file)."""
        self = cls()
        self.add_kek(public_key)
        return self

    @classmethod
    def from_private_key(cls, private_key: bytes | str | Path, *,
                         passphrase: bytes | None = None) -> SM2KeyProvider:
        """Wrap-and-unwrap provider from an SM2 private key (PKCS#8 PEM bytes or file)."""
        self = cls()
        self.add_kek(private_key=private_key, passphrase=passphrase)
        return self

    def add_kek(self, public_key: bytes | str | Path | None = None, *,
                private_key: bytes | str | Path | None = None,
                passphrase: bytes | None = None, primary: bool = True) -> str:
        """Add a key pair (or only its public key); return its KEK id.

        Give ``private_key`` to unwrap with it (its public half is derived);
        a ``public_key`` given as well must match it. With ``primary=False``
        the pair is *staged*: it unwraps but does not wrap until
        :meth:`rotate_kek` (or ``Keyring.rotate_kek``, or a crypto-shred)
        promotes it.
        """
        pair = None
        if private_key is not None:
            pair = _sm2.SM2PrivateKey.from_pem(pem_bytes(private_key, "SM2 private key"),
                                               passphrase=passphrase)
        if public_key is not None:
            public = _sm2.SM2PublicKey.from_pem(pem_bytes(public_key, "SM2 public key"))
            if pair is not None and pair.public_key() != public:
                raise InvalidInputError("The SM2 'public_key' does not match the 'private_key'.")
        elif pair is not None:
            public = pair.public_key()
        else:
            raise InvalidInputError("SM2KeyProvider.add_kek needs a 'public_key' or a "
                                    "'private_key'.")
        return self._add(public, pair, primary=primary)

    def _add(self, public: _sm2.SM2PublicKey, pair: _sm2.SM2PrivateKey | None, *,
             primary: bool = True) -> str:
        kek_id = _kek_id(public)
        if kek_id == self._primary and not primary:
            raise KeyStateError(f"The key pair {kek_id!r} is already primary.")
        self._public.pop(kek_id, None)  # re-adding moves it to the end
        self._public[kek_id] = public
        if pair is not None:
            self._private[kek_id] = pair
        if kek_id in self._staged:
            self._staged.remove(kek_id)
        if primary:
            self._primary = kek_id
        else:
            self._staged.append(kek_id)
        return kek_id

    # -- the KeyProvider protocol -----------------------------------------------
    def primary_kek_id(self) -> str:
        """Id of the key pair that wraps new data keys."""
        return self._primary

    def kek_ids(self) -> list[str]:
        """Every KEK id held, oldest first."""
        return list(self._public)

    def can_unwrap(self, kek_id: str) -> bool:
        """Whether this provider holds the private key of ``kek_id``."""
        return kek_id in self._private

    def wrap(self, kek_id: str, key: bytes, associated_data: bytes) -> bytes:
        """SM2-encrypt ``key || SM3(associated_data)`` to KEK ``kek_id``'s public key (DER)."""
        public = self._public.get(kek_id)
        if public is None:
            raise KeyStateError(f"The key-encryption key {kek_id!r} is unknown to this provider.")
        return public.encrypt(bytes(key) + _sm3(associated_data))

    def unwrap(self, kek_id: str, wrapped: bytes, associated_data: bytes) -> bytes:
        """Inverse of :meth:`wrap` with KEK ``kek_id``'s private key.

        Raises
        ------
        KeyStateError
            This provider holds only the public key of ``kek_id`` (an edge system).
        CryptoError
            The wrapped key does not decrypt, or is bound to other associated data.
        """
        pair = self._private.get(kek_id)
        if pair is None:
            if kek_id in self._public:
                raise KeyStateError(
                    f"This SM2KeyProvider holds only the public key of {kek_id!r}: data keys "
                    "wrapped under it unwrap only where its private key is."
                )
            raise KeyStateError(f"The key-encryption key {kek_id!r} is unknown to this provider.")
        try:
            plain = pair.decrypt(bytes(wrapped))
        except CryptoError:
            raise CryptoError("A wrapped data key did not verify under its KEK.") from None
        if len(plain) <= _DIGEST or not hmac.compare_digest(plain[-_DIGEST:],
                                                             _sm3(associated_data)):
            raise CryptoError("A wrapped data key did not verify under its KEK.")
        return plain[:-_DIGEST]

    def rotate_kek(self) -> str:
        """Promote the key pair staged first with ``add_kek(..., primary=False)``; return its id.

        It never generates a pair itself: a private key that existed only in
        this process would die with it, and so would every data key wrapped
        under it. Generate the next pair where its private key is kept
        (a cipher machine, ``openssl genpkey -algorithm EC -pkeyopt
        ec_paramgen_curve:SM2``, or :meth:`generate` and
        :meth:`private_key_pem`), stage it, then rotate. A wrap-only (edge)
        provider stages the new public key the same way.

        Raises
        ------
        KeyStateError
            No key pair is staged.
        """
        if not self._staged:
            raise KeyStateError(
                "SM2KeyProvider.rotate_kek promotes a key pair staged with "
                "add_kek(..., primary=False), and none is staged: generate the next SM2 pair "
                "where its private key is kept, stage it, then rotate."
            )
        self._primary = self._staged.pop(0)
        return self._primary

    def retire_kek(self, kek_id: str) -> None:
        """Forget a non-primary key pair (after every data key was re-wrapped)."""
        if kek_id == self._primary:
            raise KeyStateError(f"The primary key-encryption key {kek_id!r} cannot be retired.")
        if kek_id in self._staged:
            self._staged.remove(kek_id)
        self._public.pop(kek_id, None)
        self._private.pop(kek_id, None)

    # -- export of the public (and, on request, private) keys ---------------------
    def public_key_pem(self, kek_id: str | None = None) -> bytes:
        """The public key (SubjectPublicKeyInfo PEM) of ``kek_id`` (default: the primary)."""
        public = self._public.get(kek_id or self._primary)
        if public is None:
            raise KeyStateError(f"The key-encryption key {kek_id!r} is unknown to this provider.")
        return public.public_pem()

    def private_key_pem(self, kek_id: str | None = None, *, passphrase: bytes) -> bytes:
        """The private key of ``kek_id`` (default: the primary) as encrypted PKCS#8 PEM."""
        pair = self._private.get(kek_id or self._primary)
        if pair is None:
            raise KeyStateError(f"This provider holds no private key for {kek_id!r}.")
        if not isinstance(passphrase, bytes) or len(passphrase) < 8:
            raise InvalidInputError("The 'passphrase' must be bytes of length at least 8.")
        return pair.private_pem(passphrase)

    def __repr__(self) -> str:
        return (f"SM2KeyProvider(keks={len(self._public)}, private={len(self._private)}, "
                f"primary={self._primary!r})")

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("An SM2KeyProvider may hold private keys and cannot be pickled.")
