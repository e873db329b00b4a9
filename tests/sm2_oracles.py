"""Independent SM2 implementations the SM2 tests compare dfgov with.

- OpenSSL 3's command line (``openssl pkeyutl``), Debian's libcrypto: not
  Tongsuo, so a different code base from the one dfgov signs with.
- ``gmssl`` 3.2 (pure Python, its own curve arithmetic and SM3), test-only.
  Its quirks, handled here: signatures and ciphertexts are raw (``r || s``;
  ``C1 || C3 || C2`` without the point's ``04``), its signing helper knows
  only the default ID (for others we hash Z ourselves with gmssl's own SM3),
  its decryption does not check C3 (we check it), and its constructor strips
  every leading ``0``/``4`` hex digit of a public key whose hex starts with
  ``04`` — even without the prefix, when x happens to start so (we set the
  key after construction).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

OPENSSL = shutil.which("openssl")

needs_openssl = pytest.mark.skipif(OPENSSL is None, reason="the openssl command is not installed")

# GB/T 32918.5-2017 §4 recommended-curve parameters, as gmssl wants them (hex).
_A = "FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC"
_B = "28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93"
_G = ("32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7"
      "BC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0")


def openssl(*args: str, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run ``openssl`` (OpenSSL 3), return the completed process."""
    assert OPENSSL is not None
    return subprocess.run([OPENSSL, *args], input=data, capture_output=True, timeout=60,
                          check=False)


def openssl_version() -> str:
    return openssl("version").stdout.decode().strip()


def openssl_sign(key_pem: Path, message: Path, signer_id: bytes) -> bytes:
    out = openssl("pkeyutl", "-sign", "-inkey", str(key_pem), "-rawin", "-digest", "sm3",
                  "-pkeyopt", f"hexdistid:{signer_id.hex()}", "-in", str(message))
    assert out.returncode == 0, out.stderr
    return out.stdout


def openssl_verify(pub_pem: Path, message: Path, signature: Path, signer_id: bytes) -> bool:
    out = openssl("pkeyutl", "-verify", "-pubin", "-inkey", str(pub_pem), "-rawin",
                  "-digest", "sm3", "-pkeyopt", f"hexdistid:{signer_id.hex()}",
                  "-in", str(message), "-sigfile", str(signature))
    return out.returncode == 0 and b"Signature Verified Successfully" in out.stdout


def gmssl_key(x: int, y: int, d: int | None = None):  # type: ignore[no-untyped-def]
    from gmssl import sm2

    key = sm2.CryptSM2(private_key="" if d is None else f"{d:064x}", public_key="", mode=1)
    key.public_key = f"{x:064x}{y:064x}"  # set directly: the constructor's lstrip("04")
    return key                              # mangles an x whose hex starts with 0 or 4


def gmssl_sm3(data: bytes) -> bytes:
    from gmssl import sm3

    return bytes.fromhex(sm3.sm3_hash(list(data)))


def gmssl_digest(message: bytes, signer_id: bytes, x: int, y: int) -> bytes:
    """``e = SM3(Z || M)`` computed with gmssl's SM3 (not pyca's)."""
    z_input = ((8 * len(signer_id)).to_bytes(2, "big") + signer_id + bytes.fromhex(_A + _B + _G)
               + x.to_bytes(32, "big") + y.to_bytes(32, "big"))
    return gmssl_sm3(gmssl_sm3(z_input) + message)


def gmssl_verify(der_signature: bytes, message: bytes, signer_id: bytes, x: int, y: int) -> bool:
    try:
        r, s = decode_dss_signature(der_signature)
    except ValueError:
        return False
    return bool(gmssl_key(x, y).verify(f"{r:064x}{s:064x}",
                                       gmssl_digest(message, signer_id, x, y)))


def gmssl_sign(message: bytes, signer_id: bytes, x: int, y: int, d: int,
               k: str | None = None) -> bytes:
    """DER signature made by gmssl (with nonce ``k`` in hex when given)."""
    from gmssl import func

    raw = gmssl_key(x, y, d).sign(gmssl_digest(message, signer_id, x, y),
                                  k or func.random_hex(64))
    return encode_dss_signature(int(raw[:64], 16), int(raw[64:], 16))


def gmssl_encrypt(plaintext: bytes, x: int, y: int) -> bytes:
    """Raw ``C1 || C3 || C2`` (without ``04``) made by gmssl."""
    out = gmssl_key(x, y).encrypt(plaintext)
    assert isinstance(out, bytes)
    return out


def gmssl_decrypt(raw: bytes, x: int, y: int, d: int) -> bytes:
    """gmssl's decryption of raw ``C1 || C3 || C2``, with C3 checked here (gmssl does not)."""
    plain = gmssl_key(x, y, d).decrypt(raw)
    assert isinstance(plain, bytes)
    c1, c3 = raw[:64], raw[64:96]
    x2y2 = _gmssl_shared_point(c1, d)
    assert gmssl_sm3(x2y2[:32] + plain + x2y2[32:]) == c3, "C3 does not match"
    return plain


def _gmssl_shared_point(c1: bytes, d: int) -> bytes:
    return bytes.fromhex(gmssl_key(0, 0, d)._kg(d, c1.hex()))
