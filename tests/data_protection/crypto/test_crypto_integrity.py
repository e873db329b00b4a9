"""Record MACs and record signatures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from dfgov.audit import Ed25519Signer
from dfgov.data_protection.crypto import Keyring, RecordMAC, sign_record, verify_record
from dfgov.data_protection.crypto._integrity import canonical_record
from dfgov.errors import InvalidInputError, TamperError
from tests.conftest import budget

KR = Keyring.in_memory()
scalars = st.none() | st.text(max_size=10) | st.integers() | st.booleans() | st.floats(
    allow_nan=False, allow_infinity=False
)
records = st.dictionaries(st.text(min_size=1, max_size=6), scalars, min_size=1, max_size=5)


@pytest.mark.parametrize("alg", ["HMAC-SM3", "HMAC-SHA256"])
@budget.medium
@given(rec=records)
def test_mac_verifies_and_detects_any_change(alg: str, rec: dict[str, object]) -> None:
    rm = RecordMAC(KR, domain="loans", algorithm=alg)
    tag = rm.tag(rec)
    rm.verify(dict(reversed(list(rec.items()))), tag)  # key order does not matter
    key = next(iter(rec))
    changed = dict(rec, **{key: "tampered" if rec[key] != "tampered" else "x"})
    with pytest.raises(TamperError, match="does not verify"):
        rm.verify(changed, tag)
    with pytest.raises(TamperError):
        rm.verify({**rec, "extra": 1}, tag)
    with pytest.raises(TamperError):
        RecordMAC(KR, domain="other", algorithm=alg).verify(rec, tag)


def test_mac_rotation_and_frames() -> None:
    kr = Keyring.in_memory()
    rm = RecordMAC(kr, domain="loans")
    df = pd.DataFrame({"id": [1, 2, 3], "amount": [5000.0, 7000.5, None],
                       "opened": [dt.date(2024, 1, 1)] * 3})
    tags = rm.tag_many(df)
    kr.rotate("record-mac/loans", "HMAC-SM3")
    assert rm.verify_many(df, tags) == []  # old tags verify under their (decrypt-only) key
    new_tags = rm.tag_many(df)
    assert all(t.split(":")[0] != o.split(":")[0] for t, o in zip(new_tags, tags, strict=True))
    df.loc[1, "amount"] = 7000.6
    assert rm.verify_many(df, tags) == [1]
    assert rm.verify_many(df, ["garbage", tags[1], "zz:00"]) == [0, 1, 2]
    kr.shred("record-mac/loans")
    assert rm.verify_many(df.iloc[[0]], tags[:1]) == [0]
    with pytest.raises(InvalidInputError, match="one tag per record"):
        rm.verify_many(df, tags[:1])


def test_canonical_record() -> None:
    assert canonical_record({"b": float("nan"), "a": b"\x00"}) == b'{"a":{"b64":"AA=="},"b":null}'
    with pytest.raises(InvalidInputError, match="Record field 'x'"):
        canonical_record({"x": object()})


class PluggedSM2:
    """Stands in for a bank's SM2 provider: only the Signer/Verifier members matter.

    (It signs with Ed25519 underneath; dfgov never implements SM2 itself.)
    """

    algorithm = "sm2-sm3"
    key_id = "hsm-slot-7"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)

    def verify(self, data: bytes, signature: bytes) -> bool:
        try:
            self._key.public_key().verify(signature, data)
        except InvalidSignature:
            return False
        return True


def test_record_signatures_with_the_audit_signer() -> None:
    signer = Ed25519Signer.generate()
    verifier = signer.verifier()
    rec = {"model": "scorecard-v3", "auc": 0.81}
    sig = sign_record(rec, signer)
    assert sig.startswith(f"ed25519:{signer.key_id}:")
    verify_record(rec, sig, verifier)
    verify_record(dict(reversed(list(rec.items()))), sig, signer)  # a signer verifies too
    bad = [
        ({**rec, "auc": 0.82}, sig, verifier),
        (rec, "sm2-sm3:" + sig.split(":", 1)[1], verifier),  # other algorithm
        (rec, sig.replace(signer.key_id, "0" * 16), verifier),  # other key id
        (rec, sig[:-4] + "AAA=", verifier),
        (rec, "ed25519:x:!!", verifier),
        (rec, sig, Ed25519Signer.generate().verifier()),  # another key
    ]
    for r, s, v in bad:
        with pytest.raises(TamperError, match="does not verify"):
            verify_record(r, s, v)
    with pytest.raises(InvalidInputError, match="'signer'"):
        sign_record(rec, object())  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'verifier'"):
        verify_record(rec, sig, object())  # type: ignore[arg-type]


def test_pluggable_sm2_provider() -> None:
    hsm = PluggedSM2()
    rec = {"customer": "C001", "limit": 50000}
    sig = sign_record(rec, hsm)
    assert sig.startswith("sm2-sm3:hsm-slot-7:")
    verify_record(rec, sig, hsm)
    with pytest.raises(TamperError):
        verify_record({**rec, "limit": 60000}, sig, hsm)
    with pytest.raises(TamperError):  # an Ed25519 verifier does not accept an SM2 signature
        verify_record(rec, sig, Ed25519Signer.generate().verifier())
