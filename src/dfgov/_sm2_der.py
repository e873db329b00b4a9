"""DER of SM2 ciphertexts and signatures (GM/T 0009-2012), and the raw GB/T 32918.4 form.

Pure byte handling, no cryptography: the SM2 primitive itself is in
:mod:`dfgov._sm2`. Ciphertexts are ``SEQUENCE { x INTEGER, y INTEGER, hash
OCTET STRING (C3, 32 bytes), ciphertext OCTET STRING (C2) }`` (C1C3C2), the
form OpenSSL 3 reads and writes; some cipher machines and ``gmssl`` use the raw
concatenation ``04 || x || y || C3 || C2`` instead.
"""

from __future__ import annotations

from dfgov.errors import InvalidInputError

__all__ = ["ciphertext_from_raw", "ciphertext_to_raw", "signature_der"]


def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _der(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + _der_len(len(content)) + content


def _der_int(value: int) -> bytes:
    raw = value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big")
    return _der(0x02, raw)


def _der_read(buf: bytes, pos: int, tag: int) -> tuple[bytes, int]:
    if pos + 2 > len(buf) or buf[pos] != tag:
        raise ValueError("tag")
    n, pos = buf[pos + 1], pos + 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or pos + k > len(buf) or buf[pos] == 0:
            raise ValueError("length")
        n, pos = int.from_bytes(buf[pos:pos + k], "big"), pos + k
        if n < 0x80:
            raise ValueError("length")
    if pos + n > len(buf):
        raise ValueError("length")
    return buf[pos:pos + n], pos + n


def ciphertext_to_raw(der: bytes) -> bytes:
    """DER C1C3C2 (GM/T 0009) -> raw ``04 || x || y || C3 || C2`` (GB/T 32918.4).

    Raises
    ------
    InvalidInputError
        ``der`` is not such a DER structure.
    """
    try:
        body, end = _der_read(der, 0, 0x30)
        if end != len(der):
            raise ValueError("trailing")
        x, p = _der_read(body, 0, 0x02)
        y, p = _der_read(body, p, 0x02)
        c3, p = _der_read(body, p, 0x04)
        c2, p = _der_read(body, p, 0x04)
        if p != len(body) or len(c3) != 32:
            raise ValueError("content")
        xs, ys = int.from_bytes(x, "big"), int.from_bytes(y, "big")
        if xs.bit_length() > 256 or ys.bit_length() > 256:
            raise ValueError("coordinate")
    except ValueError:
        raise InvalidInputError(
            "The SM2 ciphertext is not DER SEQUENCE {x, y, hash, ciphertext} (GM/T 0009)."
        ) from None
    return b"\x04" + xs.to_bytes(32, "big") + ys.to_bytes(32, "big") + c3 + c2


def ciphertext_from_raw(raw: bytes) -> bytes:
    """Raw ``04 || x || y || C3 || C2`` (GB/T 32918.4) -> DER C1C3C2 (GM/T 0009).

    Implementations that drop the point's ``04`` prefix (e.g. ``gmssl``) need
    it put back first.
    """
    if len(raw) < 98 or raw[0] != 0x04:
        raise InvalidInputError(
            "The raw SM2 ciphertext must be 04 || x (32 bytes) || y (32) || C3 (32) || C2 "
            f"(at least 1 byte). Got {len(raw)} bytes"
            + ("." if raw[:1] == b"\x04" else " not starting with 04.")
        )
    x, y = int.from_bytes(raw[1:33], "big"), int.from_bytes(raw[33:65], "big")
    body = _der_int(x) + _der_int(y) + _der(0x04, raw[65:97]) + _der(0x04, raw[97:])
    return _der(0x30, body)


def signature_der(r: int, s: int) -> bytes:
    """DER ``SEQUENCE { r INTEGER, s INTEGER }`` of an SM2 signature."""
    return _der(0x30, _der_int(r) + _der_int(s))
