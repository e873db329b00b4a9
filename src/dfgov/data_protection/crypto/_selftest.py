"""Known-answer self-tests, run once per process on first use of an algorithm.

A failing self-test disables the algorithm for the rest of the process:
every later use raises :class:`~dfgov.errors.SelfTestError`.

Vectors
-------
- SM4 block cipher: GB/T 32907-2016 Appendix A example 1.
- SM3: GB/T 32905-2016 Appendix A example 1 (``"abc"``).
- SM4-GCM: RFC 8998 Appendix A.1.
- AES-256-GCM: NIST CAVP ``gcmEncryptExtIV256.rsp`` ([Keylen = 256][IVlen = 96]
  [PTlen = 128][AADlen = 0], Count = 0).
- AES-SIV: RFC 5297 Appendix A.1.
- HMAC-SHA256: RFC 4231 test case 2. HMAC-SM3 relies on the SM3 vector.
- SM2: GB/T 32918.5-2017 Annexes A and C (signature and encryption on the
  recommended curve), run by :func:`dfgov._sm2.require_self_test`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as chmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV

from dfgov.errors import InvalidInputError, SelfTestError

__all__ = ["ALGORITHMS", "VECTORS", "require", "require_self_test", "reset", "self_test_status"]

_h = bytes.fromhex

#: Known-answer vectors, by name. Tests may patch them to simulate a failure.
VECTORS: dict[str, dict[str, bytes]] = {
    "SM4": {
        "key": _h("0123456789abcdeffedcba9876543210"),
        "plaintext": _h("0123456789abcdeffedcba9876543210"),
        "ciphertext": _h("681edf34d206965e86b3e94f536e4246"),
    },
    "SM3": {
        "message": b"abc",
        "digest": _h("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    },
    "SM4-GCM": {
        "key": _h("0123456789abcdeffedcba9876543210"),
        "nonce": _h("00001234567800000000abcd"),
        "aad": _h("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
        "plaintext": _h(
            "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
            "eeeeeeeeeeeeeeeeffffffffffffffffeeeeeeeeeeeeeeeeaaaaaaaaaaaaaaaa"
        ),
        "ciphertext": _h(
            "17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735"
            "d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d"
        ),
        "tag": _h("83de3541e4c2b58177e065a9bf7b62ec"),
    },
    "AES-256-GCM": {
        "key": _h("31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22"),
        "nonce": _h("0d18e06c7c725ac9e362e1ce"),
        "aad": b"",
        "plaintext": _h("2db5168e932556f8089a0622981d017d"),
        "ciphertext": _h("fa4362189661d163fcd6a56d8bf0405a"),
        "tag": _h("d636ac1bbedd5cc3ee727dc2ab4a9489"),
    },
    "AES-SIV": {
        "key": _h("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
        "aad": _h("101112131415161718191a1b1c1d1e1f2021222324252627"),
        "plaintext": _h("112233445566778899aabbccddee"),
        "output": _h("85632d07c6e8f37f950acd320a2ecc9340c02b9690c4dc04daef7f6afe5c"),
    },
    "HMAC-SHA256": {
        "key": b"Jefe",
        "message": b"what do ya want for nothing?",
        "mac": _h("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    },
}


def _sm4() -> bool:
    v = VECTORS["SM4"]
    enc = Cipher(algorithms.SM4(v["key"]), modes.ECB()).encryptor()
    if enc.update(v["plaintext"]) + enc.finalize() != v["ciphertext"]:
        return False
    dec = Cipher(algorithms.SM4(v["key"]), modes.ECB()).decryptor()
    return dec.update(v["ciphertext"]) + dec.finalize() == v["plaintext"]


def _sm3() -> bool:
    v = VECTORS["SM3"]
    h = hashes.Hash(hashes.SM3())
    h.update(v["message"])
    return h.finalize() == v["digest"]


def _sm4_gcm() -> bool:
    v = VECTORS["SM4-GCM"]
    enc = Cipher(algorithms.SM4(v["key"]), modes.GCM(v["nonce"])).encryptor()
    enc.authenticate_additional_data(v["aad"])
    ct = enc.update(v["plaintext"]) + enc.finalize()
    if ct != v["ciphertext"] or enc.tag != v["tag"]:
        return False
    dec = Cipher(algorithms.SM4(v["key"]), modes.GCM(v["nonce"], v["tag"])).decryptor()
    dec.authenticate_additional_data(v["aad"])
    return dec.update(ct) + dec.finalize() == v["plaintext"]


def _aes_gcm() -> bool:
    v = VECTORS["AES-256-GCM"]
    aead = AESGCM(v["key"])
    out = aead.encrypt(v["nonce"], v["plaintext"], v["aad"])
    if out != v["ciphertext"] + v["tag"]:
        return False
    return aead.decrypt(v["nonce"], out, v["aad"]) == v["plaintext"]


def _aes_siv() -> bool:
    v = VECTORS["AES-SIV"]
    out = AESSIV(v["key"]).encrypt(v["plaintext"], [v["aad"]])
    return out == v["output"]


def _hmac_sha256() -> bool:
    v = VECTORS["HMAC-SHA256"]
    mac = chmac.HMAC(v["key"], hashes.SHA256())
    mac.update(v["message"])
    return mac.finalize() == v["mac"]


def _sm2() -> bool:
    from dfgov import _sm2 as sm2

    sm2.require_self_test()  # raises when it failed
    return True


# Each algorithm's self-test is the conjunction of these named checks.
_CHECKS: dict[str, Callable[[], bool]] = {
    "SM4": _sm4,
    "SM3": _sm3,
    "SM4-GCM": _sm4_gcm,
    "AES-256-GCM": _aes_gcm,
    "AES-SIV": _aes_siv,
    "HMAC-SHA256": _hmac_sha256,
    "SM2": _sm2,
}

ALGORITHMS: dict[str, tuple[str, ...]] = {
    "SM4-GCM": ("SM4", "SM4-GCM"),
    "AES-256-GCM": ("AES-256-GCM",),
    "AES-SIV": ("AES-SIV",),
    "HMAC-SM3": ("SM3",),
    "HMAC-SHA256": ("HMAC-SHA256",),
    "SM3": ("SM3",),
    "SM4": ("SM4",),
    "SM2": ("SM2",),
}

_results: dict[str, bool] = {}
_lock = threading.Lock()


def _run(check: str) -> bool:
    try:
        return bool(_CHECKS[check]())
    except Exception:  # an unsupported primitive is a failed self-test
        return False


def require_self_test(algorithm: str) -> None:
    """Run ``algorithm``'s known-answer tests once in this process; raise if they ever failed.

    Every dfgov primitive calls it before first use; a caller that ships work
    elsewhere (e.g. :func:`dfgov.spark.encrypt_columns`) calls it to fail early.

    Parameters
    ----------
    algorithm : str
        ``"SM4-GCM"``, ``"AES-256-GCM"``, ``"AES-SIV"``, ... (an unknown name is an
        :class:`~dfgov.errors.InvalidInputError`).

    Raises
    ------
    SelfTestError
        The algorithm failed its self-test and is disabled in this process.
    """
    checks = ALGORITHMS.get(algorithm)
    if checks is None:
        raise InvalidInputError(
            f"Unknown algorithm {algorithm!r}; known: {', '.join(sorted(ALGORITHMS))}."
        )
    if all(_results.get(c) for c in checks):
        return
    with _lock:
        for c in checks:
            if c not in _results:
                _results[c] = _run(c)
    failed = [c for c in checks if not _results[c]]
    if failed:
        raise SelfTestError(
            f"The known-answer self-test of {', '.join(failed)} failed; "
            f"{algorithm} is disabled in this process."
        )


require = require_self_test
"""The name the crypto modules use."""


def self_test_status() -> dict[str, bool | None]:
    """Result of each known-answer test so far (``None``: not run yet)."""
    return {c: _results.get(c) for c in _CHECKS}


def reset() -> None:
    """Forget every result, so the next use re-runs the tests (for tests only)."""
    from dfgov import _sm2 as sm2

    with _lock:
        _results.clear()
    sm2._reset_self_test()
