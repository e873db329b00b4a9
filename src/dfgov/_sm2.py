"""SM2 (GB/T 32918) through tongsuopy: the one module where dfgov touches SM2.

dfgov does no elliptic-curve arithmetic of its own. Keys, signatures and
encryption come from `tongsuopy <https://pypi.org/project/tongsuopy/>`_, the
Python binding of Tongsuo (an OpenSSL fork maintained for the SM suite), the
documented exception to "cryptography only through pyca/cryptography": pyca
has no SM2. This module is the only one that imports tongsuopy; the audit
area's :class:`~dfgov.audit.SM2Signer` and the crypto area's
:class:`~dfgov.data_protection.crypto.SM2KeyProvider` sit on top of it.

What dfgov computes itself is hashing, never curve arithmetic: the signer's
identity digest ``Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)``
(GB/T 32918.2-2016 §5.5) and ``e = SM3(Z || M)``, through pyca's SM3. The
digest ``e`` is then signed and verified by Tongsuo's SM2 primitive
(``EVP_PKEY_sign``/``EVP_PKEY_verify`` on an SM2 key, which sign a given
digest), so any signer ID works, not only the default ``1234567812345678``.

Formats
-------
- Signatures: DER ``SEQUENCE { r INTEGER, s INTEGER }`` (GM/T 0009-2012 §7.3);
  verification accepts strict DER only.
- Ciphertexts: DER ``SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING(32),
  ciphertext OCTET STRING }`` (C1C3C2, GM/T 0009-2012 §7.2), as OpenSSL 3
  ``pkeyutl -encrypt`` writes; :func:`ciphertext_to_raw` /
  :func:`ciphertext_from_raw` convert to and from the raw GB/T 32918.4 form
  ``04 || x || y || C3 || C2``.
- Keys: PKCS#8 / SubjectPublicKeyInfo PEM with ``id-ecPublicKey`` and the SM2
  curve OID ``1.2.156.10197.1.301``. Tongsuo encrypts private keys with PBES2
  (PBKDF2-HMAC-SHA256, SM4-CBC).

Known-answer self-tests (:func:`require_self_test`) run once per process at
first use; a failure disables SM2 in the process (``SelfTestError``).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import threading
from typing import TYPE_CHECKING, Any

from dfgov._sm2_der import ciphertext_from_raw, ciphertext_to_raw, signature_der
from dfgov.errors import (
    CryptoError,
    InvalidInputError,
    MissingDependencyError,
    SelfTestError,
)

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "ALGORITHM",
    "CURVE_OID",
    "DEFAULT_ID",
    "SM2PrivateKey",
    "SM2PublicKey",
    "ciphertext_from_raw",
    "ciphertext_to_raw",
    "message_digest",
    "pem_algorithm",
    "require_self_test",
    "self_test_status",
    "z_digest",
]

#: dfgov's name of the signature scheme: SM2 signatures over SM3 (GB/T 32918.2).
ALGORITHM = "sm2-sm3"
#: The SM2 recommended curve (GB/T 32918.5-2017), OID 1.2.156.10197.1.301.
CURVE_OID = "1.2.156.10197.1.301"
#: Default signer ID, GM/T 0009-2012 §10 (and GB/T 35276-2017 §9).
DEFAULT_ID = b"1234567812345678"

# Parameters of the recommended curve (GB/T 32918.5-2017 §4), used only to hash Z.
_A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
_GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
_GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0
_CURVE_Z_PREFIX = b"".join(v.to_bytes(32, "big") for v in (_A, _B, _GX, _GY))

# DER of the OIDs that identify a key's algorithm (searched in the key's header).
_OID_SM2_CURVE = bytes.fromhex("06082a811ccf5501822d")
_OID_ED25519 = bytes.fromhex("06032b6570")
_PEM = re.compile(rb"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.DOTALL)

_MAX_ID = 8191  # ENTL is a 16-bit bit count


def _tongsuo() -> tuple[Any, Any, Any]:
    """``(backend, ffi, lib)`` of tongsuopy, or the error naming the extra."""
    try:
        from tongsuopy.backends.tongsuo.backend import backend
    except ImportError:
        raise MissingDependencyError("tongsuopy", "sm2", purpose="SM2 (GB/T 32918)") from None
    return backend, backend._ffi, backend._lib


# -- hashing (GB/T 32918.2 §5.5, §6.1) -------------------------------------------------


def _check_id(signer_id: bytes) -> bytes:
    if not isinstance(signer_id, bytes):
        raise InvalidInputError(
            f"The SM2 signer 'id' must be bytes. Got {type(signer_id).__name__}."
        )
    if len(signer_id) > _MAX_ID:
        raise InvalidInputError(
            f"The SM2 signer 'id' must be at most {_MAX_ID} bytes (ENTL is 16 bits). "
            f"Got {len(signer_id)} bytes."
        )
    return signer_id


def z_digest(signer_id: bytes, x: int, y: int) -> bytes:
    """``Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`` for public key ``(x, y)``."""
    from cryptography.hazmat.primitives import hashes

    signer_id = _check_id(signer_id)
    h = hashes.Hash(hashes.SM3())
    h.update((8 * len(signer_id)).to_bytes(2, "big") + signer_id + _CURVE_Z_PREFIX
             + x.to_bytes(32, "big") + y.to_bytes(32, "big"))
    return h.finalize()


def message_digest(data: bytes, signer_id: bytes, x: int, y: int) -> bytes:
    """``e = SM3(Z || M)``: what an SM2 signature of ``data`` signs."""
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(z_digest(signer_id, x, y))
    h.update(data)
    return h.finalize()


# -- PEM ------------------------------------------------------------------------------


def _pem_blocks(data: bytes) -> list[tuple[str, bytes]]:
    out = []
    for label, body in _PEM.findall(data):
        try:
            out.append((label.decode("ascii"), base64.b64decode(b"".join(body.split()),
                                                              validate=True)))
        except (binascii.Error, ValueError):
            continue
    return out


def pem_algorithm(data: bytes) -> str | None:
    """Signature algorithm of a PEM key by its OID: ``"sm2-sm3"``, ``"ed25519"`` or ``None``.

    ``None`` also for an encrypted private key, whose algorithm is only
    known once decrypted.
    """
    for label, der in _pem_blocks(data):
        if label not in ("PUBLIC KEY", "PRIVATE KEY"):
            continue
        head = der[:32]  # the AlgorithmIdentifier precedes the key material
        if _OID_SM2_CURVE in head:
            return ALGORITHM
        if _OID_ED25519 in head:
            return "ed25519"
    return None


# -- keys ----------------------------------------------------------------------------


def _call_size(fn: Callable[..., int], ctx: Any, data: bytes, what: str) -> bytes:
    """Run an OpenSSL ``EVP_PKEY_{sign,encrypt,decrypt}`` (size query, then the call)."""
    backend, ffi, _lib = _tongsuo()
    size = ffi.new("size_t *")
    if fn(ctx, ffi.NULL, size, data, len(data)) != 1:
        backend._consume_errors()
        raise CryptoError(f"SM2 {what} failed.")
    buf = ffi.new("unsigned char[]", size[0])
    if fn(ctx, buf, size, data, len(data)) != 1:
        backend._consume_errors()
        raise CryptoError(f"SM2 {what} failed.")
    return bytes(ffi.buffer(buf)[: size[0]])


def _pkey_ctx(evp_pkey: Any, init: str) -> Any:
    backend, ffi, lib = _tongsuo()
    ctx = lib.EVP_PKEY_CTX_new(evp_pkey, ffi.NULL)
    if ctx == ffi.NULL:  # pragma: no cover - allocation failure
        backend._consume_errors()
        raise CryptoError("SM2: cannot create a key context.")
    ctx = ffi.gc(ctx, lib.EVP_PKEY_CTX_free)
    if getattr(lib, init)(ctx) != 1:
        backend._consume_errors()
        raise CryptoError("SM2: the key cannot be used for this operation.")
    return ctx


def _is_sm2(key: Any) -> bool:
    from tongsuopy.crypto.asymciphers import ec

    return isinstance(getattr(key, "curve", None), ec.SM2)


class SM2PublicKey:
    """An SM2 public key: verifies signatures and encrypts (wraps) short secrets."""

    __slots__ = ("_key", "_xy", "_z")

    def __init__(self, key: Any) -> None:
        if not _is_sm2(key):
            raise InvalidInputError("The public key is not an SM2 key.")
        self._key = key
        nums = key.public_numbers()
        self._xy: tuple[int, int] = (nums.x, nums.y)
        self._z: dict[bytes, bytes] = {}  # Z depends only on the ID and this key

    def digest(self, data: bytes, signer_id: bytes = DEFAULT_ID) -> bytes:
        """``e = SM3(Z || M)`` for this key (Z cached per signer ID)."""
        from cryptography.hazmat.primitives import hashes

        z = self._z.get(signer_id)
        if z is None:
            z = z_digest(signer_id, *self._xy)
            if len(self._z) < 16:
                self._z[signer_id] = z
        h = hashes.Hash(hashes.SM3())
        h.update(z)
        h.update(data)
        return h.finalize()

    @classmethod
    def from_pem(cls, data: bytes) -> SM2PublicKey:
        """Load a SubjectPublicKeyInfo PEM with the SM2 curve OID."""
        if pem_algorithm(data) != ALGORITHM:
            raise InvalidInputError("The public key is not an SM2 (curve OID "
                                    f"{CURVE_OID}) SubjectPublicKeyInfo PEM.")
        _tongsuo()
        from tongsuopy.crypto import serialization

        try:
            key = serialization.load_pem_public_key(data)
        except Exception:  # tongsuopy raises ValueError, TypeError or UnsupportedAlgorithm
            raise InvalidInputError("The SM2 public key PEM cannot be parsed.") from None
        return cls(key)

    @classmethod
    def from_point(cls, x: int, y: int) -> SM2PublicKey:
        """The key at affine point ``(x, y)`` (checked to be on the curve)."""
        _tongsuo()
        from tongsuopy.crypto.asymciphers import ec

        try:
            key = ec.EllipticCurvePublicNumbers(x, y, ec.SM2()).public_key()
        except Exception:
            raise InvalidInputError("The point is not on the SM2 curve.") from None
        return cls(key)

    @property
    def point(self) -> tuple[int, int]:
        """Affine coordinates ``(x, y)``."""
        return self._xy

    def public_pem(self) -> bytes:
        """SubjectPublicKeyInfo PEM."""
        from tongsuopy.crypto import serialization

        out: bytes = self._key.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        return out

    def public_der(self) -> bytes:
        """SubjectPublicKeyInfo DER."""
        from tongsuopy.crypto import serialization

        out: bytes = self._key.public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        return out

    def verify(self, signature: bytes, data: bytes, *, signer_id: bytes = DEFAULT_ID) -> bool:
        """True when ``signature`` (strict DER) is valid for ``data`` and ``signer_id``."""
        return self.verify_digest(signature, self.digest(data, signer_id))

    def verify_digest(self, signature: bytes, digest: bytes) -> bool:
        """True when ``signature`` is valid for the precomputed ``e = SM3(Z || M)``."""
        backend, _ffi, lib = _tongsuo()
        if not isinstance(signature, bytes) or not 8 <= len(signature) <= 80:
            return False
        ctx = _pkey_ctx(self._key._evp_pkey, "EVP_PKEY_verify_init")
        ok = lib.EVP_PKEY_verify(ctx, signature, len(signature), digest, len(digest))
        if ok != 1:
            backend._consume_errors()
        return bool(ok == 1)

    def encrypt(self, plaintext: bytes) -> bytes:
        """SM2 encryption (GB/T 32918.4, SM3 KDF and hash): DER C1C3C2."""
        if not plaintext:
            raise InvalidInputError("SM2 cannot encrypt an empty plaintext.")
        _b, _ffi, lib = _tongsuo()
        ctx = _pkey_ctx(self._key._evp_pkey, "EVP_PKEY_encrypt_init")
        return _call_size(lib.EVP_PKEY_encrypt, ctx, plaintext, "encryption")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SM2PublicKey) and other._xy == self._xy

    def __hash__(self) -> int:
        return hash(self._xy)

    def __repr__(self) -> str:
        return "SM2PublicKey()"


class SM2PrivateKey:
    """An SM2 private key held by Tongsuo: signs and decrypts. Never shown or pickled."""

    __slots__ = ("_key", "_public")

    def __init__(self, key: Any) -> None:
        if not _is_sm2(key) or not hasattr(key, "private_numbers"):
            raise InvalidInputError("The private key is not an SM2 private key.")
        self._key = key
        self._public = SM2PublicKey(key.public_key())

    @classmethod
    def generate(cls) -> SM2PrivateKey:
        """A new random key pair (Tongsuo's DRBG)."""
        _tongsuo()
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.generate_private_key(ec.SM2()))

    @classmethod
    def from_pem(cls, data: bytes, *, passphrase: bytes | None = None) -> SM2PrivateKey:
        """Load a PKCS#8 PEM (encrypted when ``passphrase`` is given).

        Raises
        ------
        CryptoError
            Not a PEM private key, or the passphrase is wrong or missing (one
            message for all, so nothing is learnt about the key).
        InvalidInputError
            A valid private key of another algorithm.
        """
        _tongsuo()
        from tongsuopy.crypto import serialization

        try:
            key = serialization.load_pem_private_key(data, passphrase)
        except Exception:  # ValueError, TypeError, UnsupportedAlgorithm: one message
            if pem_algorithm(data) == "ed25519":
                raise InvalidInputError("The private key is not an SM2 key.") from None
            raise CryptoError(
                "The private key cannot be loaded: not a PEM SM2 private key, or the "
                "'passphrase' is wrong or missing."
            ) from None
        return cls(key)

    @classmethod
    def _from_int(cls, d: int) -> SM2PrivateKey:
        """The key with scalar ``d`` (known-answer tests only)."""
        _tongsuo()
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.derive_private_key(d, ec.SM2()))

    def public_key(self) -> SM2PublicKey:
        """The public half."""
        return self._public

    def private_pem(self, passphrase: bytes | None) -> bytes:
        """PKCS#8 PEM, encrypted under ``passphrase`` (PBES2: PBKDF2-HMAC-SHA256, SM4-CBC)."""
        from tongsuopy.crypto import serialization

        enc: Any = (serialization.NoEncryption() if passphrase is None
                    else serialization.BestAvailableEncryption(passphrase))
        out: bytes = self._key.private_bytes(serialization.Encoding.PEM,
                                             serialization.PrivateFormat.PKCS8, enc)
        return out

    def sign(self, data: bytes, *, signer_id: bytes = DEFAULT_ID) -> bytes:
        """SM2 signature (DER) of ``data`` under ``signer_id`` (GB/T 32918.2 §6.1)."""
        return self.sign_digest(self._public.digest(data, signer_id))

    def sign_digest(self, digest: bytes) -> bytes:
        """SM2 signature (DER) of a precomputed ``e = SM3(Z || M)`` (32 bytes)."""
        if len(digest) != 32:
            raise InvalidInputError("The SM2 digest must be 32 bytes (SM3).")
        _b, _ffi, lib = _tongsuo()
        ctx = _pkey_ctx(self._key._evp_pkey, "EVP_PKEY_sign_init")
        return _call_size(lib.EVP_PKEY_sign, ctx, digest, "signing")

    def decrypt(self, ciphertext: bytes) -> bytes:
        """Inverse of :meth:`SM2PublicKey.encrypt`; ``CryptoError`` when it does not verify."""
        _b, _ffi, lib = _tongsuo()
        if not isinstance(ciphertext, bytes) or len(ciphertext) < 100:
            raise CryptoError("SM2 decryption failed.")
        ctx = _pkey_ctx(self._key._evp_pkey, "EVP_PKEY_decrypt_init")
        return _call_size(lib.EVP_PKEY_decrypt, ctx, ciphertext, "decryption")

    def __repr__(self) -> str:
        return "SM2PrivateKey(<redacted>)"

    __str__ = __repr__

    def __reduce__(self) -> tuple[object, ...]:
        raise CryptoError("An SM2 private key cannot be pickled.")


# -- known-answer self-tests -------------------------------------------------------------

_h = bytes.fromhex

#: GB/T 32918.5-2017 Annex A (= GM/T 0003.5-2012 Annex A): signature on the recommended
#: curve; Annex C: encryption with the same key. Tests may patch these to simulate a failure.
VECTORS: dict[str, Any] = {
    "d": 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8,
    "x": 0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020,
    "y": 0xCCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13,
    "id": b"1234567812345678",
    "z": _h("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3"),
    "message": b"message digest",
    "e": _h("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640"),
    "r": 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3,
    "s": 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA,
    "plaintext": b"encryption standard",
    "c1": _h("04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
             "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"),
    "c3": _h("59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"),
    "c2": _h("21886CA989CA9C7D58087307CA93092D651EFA"),
}


def _known_answers() -> bool:
    v = VECTORS
    if not hmac.compare_digest(z_digest(v["id"], v["x"], v["y"]), v["z"]):
        return False
    if message_digest(v["message"], v["id"], v["x"], v["y"]) != v["e"]:
        return False
    key = SM2PrivateKey._from_int(v["d"])
    if key.public_key().point != (v["x"], v["y"]):
        return False
    pub = SM2PublicKey.from_point(v["x"], v["y"])
    sig = signature_der(v["r"], v["s"])
    if not pub.verify(sig, v["message"], signer_id=v["id"]):
        return False
    if pub.verify(signature_der(v["r"], v["s"] ^ 1), v["message"], signer_id=v["id"]):
        return False
    # pairwise consistency of the signing path (SM2 signing is randomised)
    if not pub.verify(key.sign(v["message"], signer_id=v["id"]), v["message"],
                      signer_id=v["id"]):
        return False
    ct = ciphertext_from_raw(b"\x04" + v["c1"] + v["c3"] + v["c2"])
    if key.decrypt(ct) != v["plaintext"]:
        return False
    return bool(key.decrypt(pub.encrypt(v["plaintext"])) == v["plaintext"])


_result: dict[str, bool] = {}
_lock = threading.Lock()


def require_self_test() -> None:
    """Run SM2's known-answer tests once per process; raise if they ever failed.

    Raises
    ------
    MissingDependencyError
        tongsuopy is not installed (``pip install "dfgov[sm2]"``).
    SelfTestError
        A known answer did not match; SM2 is disabled in this process.
    """
    if _result.get("SM2"):
        return
    _tongsuo()
    with _lock:
        if "SM2" not in _result:
            try:
                _result["SM2"] = bool(_known_answers())
            except Exception:  # any failure of the primitive is a failed self-test
                _result["SM2"] = False
    if not _result["SM2"]:
        raise SelfTestError(
            "The known-answer self-test of SM2 failed; SM2 is disabled in this process."
        )


def self_test_status() -> bool | None:
    """Result of SM2's self-test so far (``None``: not run yet)."""
    return _result.get("SM2")


def _reset_self_test() -> None:
    """Forget the result (tests only)."""
    with _lock:
        _result.clear()
