"""SM2 signatures (GB/T 32918.2): the published vector, OpenSSL 3 and gmssl agree with dfgov.

The published vector is GB/T 32918.5-2017 Annex A (identical to GM/T 0003.5-2012
Annex A), the signature example on the *recommended* curve: private key dA,
public key (xA, yA), ID "1234567812345678" (ENTL 0x0080), message "message digest",
random k, ZA, e and the signature (r, s). The same numbers are in OpenSSL's
test/sm2_internal_test.c ("From Annex A in both GM/T0003.5-2012 and GB/T
32918.5-2016"). They are typed in below on their own, not read from dfgov.
"""

from __future__ import annotations

import base64
import hashlib
import pickle
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from hypothesis import given
from hypothesis import strategies as st

from dfgov import _sm2
from dfgov.audit import (
    Ed25519Signer,
    SM2Signer,
    SM2Verifier,
    generate_signer,
    load_signer,
    load_verifier,
    signature_algorithm,
)
from dfgov.audit._signing import key_id_of
from dfgov.errors import (
    CryptoError,
    InvalidInputError,
    MissingDependencyError,
    SelfTestError,
    TamperError,
)
from tests.conftest import budget
from tests.sm2_oracles import (
    gmssl_digest,
    gmssl_sign,
    gmssl_verify,
    needs_openssl,
    openssl,
    openssl_sign,
    openssl_verify,
)

# -- GB/T 32918.5-2017 Annex A (GM/T 0003.5-2012 Annex A), recommended curve ------------
D_A = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
X_A = 0x09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020
Y_A = 0xCCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13
ID_A = b"1234567812345678"
MESSAGE = b"message digest"
K = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21"
Z_A = "B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3"
E = "F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640"
R = 0xF5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3
S = 0xB1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA
SIGNATURE = encode_dss_signature(R, S)
PASS = b"correct horse battery"


def _flip_bits(data: bytes):  # type: ignore[no-untyped-def]
    for i in range(len(data) * 8):
        yield data[: i // 8] + bytes([data[i // 8] ^ (0x80 >> (i % 8))]) + data[i // 8 + 1:]


def test_published_vector_verifies_and_every_one_bit_change_fails() -> None:
    pub = _sm2.SM2PublicKey.from_point(X_A, Y_A)
    assert _sm2.z_digest(ID_A, X_A, Y_A).hex().upper() == Z_A
    assert _sm2.message_digest(MESSAGE, ID_A, X_A, Y_A).hex().upper() == E
    verifier = SM2Verifier(pub.public_pem(), signer_id=ID_A)
    assert verifier.verify(MESSAGE, SIGNATURE)
    assert not any(verifier.verify(m, SIGNATURE) for m in _flip_bits(MESSAGE))
    assert not any(SM2Verifier(pub.public_pem(), signer_id=i).verify(MESSAGE, SIGNATURE)
                   for i in _flip_bits(ID_A))
    assert not any(verifier.verify(MESSAGE, s) for s in _flip_bits(SIGNATURE))
    # the private key of the example derives the example's public key
    assert _sm2.SM2PrivateKey._from_int(D_A).public_key().point == (X_A, Y_A)


def test_published_vector_is_reproduced_by_gmssl_with_the_published_k() -> None:
    # gmssl signs deterministically given k: it must reproduce (r, s) exactly
    assert gmssl_sign(MESSAGE, ID_A, X_A, Y_A, D_A, k=K) == SIGNATURE
    assert gmssl_verify(SIGNATURE, MESSAGE, ID_A, X_A, Y_A)


@needs_openssl
def test_published_vector_verifies_with_openssl(tmp_path: Path) -> None:
    (tmp_path / "pub.pem").write_bytes(_sm2.SM2PublicKey.from_point(X_A, Y_A).public_pem())
    (tmp_path / "msg").write_bytes(MESSAGE)
    (tmp_path / "sig").write_bytes(SIGNATURE)
    assert openssl_verify(tmp_path / "pub.pem", tmp_path / "msg", tmp_path / "sig", ID_A)
    (tmp_path / "msg").write_bytes(MESSAGE + b"!")
    assert not openssl_verify(tmp_path / "pub.pem", tmp_path / "msg", tmp_path / "sig", ID_A)


SIGNER = SM2Signer.generate()
OTHER_ID_SIGNER = SM2Signer(SIGNER._key, signer_id="alice@bank.example")


@needs_openssl
@budget.heavy
@given(message=st.binary(max_size=300),
       signer_id=st.one_of(st.just(ID_A), st.binary(min_size=1, max_size=40)))
def test_dfgov_and_openssl_verify_each_other(tmp_path_factory: pytest.TempPathFactory,
                                             message: bytes, signer_id: bytes) -> None:
    d = tmp_path_factory.mktemp("ossl")
    signer = SM2Signer(SIGNER._key, signer_id=signer_id)
    (d / "pub.pem").write_bytes(signer.public_key_pem())
    (d / "key.pem").write_bytes(signer.private_key_pem(passphrase=None, unencrypted=True))
    (d / "msg").write_bytes(message)
    (d / "sig").write_bytes(signer.sign(message))
    assert openssl_verify(d / "pub.pem", d / "msg", d / "sig", signer_id)
    theirs = openssl_sign(d / "key.pem", d / "msg", signer_id)
    assert signer.verifier().verify(message, theirs)
    assert not signer.verifier().verify(message + b"x", theirs)
    if signer_id != ID_A:  # the ID is bound: the default one does not verify
        assert not SM2Verifier(signer.public_key_pem()).verify(message, theirs)


@budget.medium
@given(message=st.binary(max_size=300),
       signer_id=st.one_of(st.just(ID_A), st.binary(min_size=1, max_size=40)))
def test_dfgov_and_gmssl_verify_each_other(message: bytes, signer_id: bytes) -> None:
    signer = SM2Signer(SIGNER._key, signer_id=signer_id)
    x, y = SIGNER._key.public_key().point
    d = SIGNER._key._key.private_numbers().private_value
    assert gmssl_verify(signer.sign(message), message, signer_id, x, y)
    theirs = gmssl_sign(message, signer_id, x, y, d)
    assert signer.verifier().verify(message, theirs)
    assert not signer.verifier().verify(message + b"x", theirs)


@budget.medium
@given(message=st.binary(max_size=500), signer_id=st.binary(min_size=0, max_size=100))
def test_digest_equals_gmssl(message: bytes, signer_id: bytes) -> None:
    # e = SM3(Z || M): dfgov (pyca's SM3) equals gmssl's pure-Python SM3 over the same layout
    x, y = SIGNER._key.public_key().point
    assert _sm2.message_digest(message, signer_id, x, y) == gmssl_digest(message, signer_id, x, y)


@needs_openssl
def test_key_files_interoperate_with_openssl(tmp_path: Path) -> None:
    # dfgov's encrypted PKCS#8 (PBES2, SM4-CBC) opens in OpenSSL; OpenSSL's keys open in dfgov
    SIGNER.save(tmp_path / "dfgov.pem", passphrase=PASS)
    out = openssl("pkey", "-in", str(tmp_path / "dfgov.pem"), "-passin", f"pass:{PASS.decode()}",
                  "-pubout")
    assert out.returncode == 0, out.stderr
    assert out.stdout == SIGNER.public_key_pem()
    der = openssl("pkey", "-pubin", "-in", "/dev/stdin", "-outform", "DER",
                  data=SIGNER.public_key_pem()).stdout
    assert SIGNER.key_id == hashlib.sha256(der).hexdigest()[:16] == \
        key_id_of(SIGNER.public_key_pem())

    gen = openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2",
                  "-aes-256-cbc", "-pass", f"pass:{PASS.decode()}")
    assert gen.returncode == 0, gen.stderr
    theirs = load_signer(gen.stdout, passphrase=PASS)  # AES-encrypted: tried as each algorithm
    assert isinstance(theirs, SM2Signer)
    plain = openssl("pkey", "-in", "/dev/stdin", "-passin", f"pass:{PASS.decode()}",
                    data=gen.stdout).stdout
    assert load_signer(plain).key_id == theirs.key_id
    with pytest.raises(CryptoError, match="passphrase"):
        load_signer(gen.stdout, passphrase=b"wrong passphrase")


def test_algorithm_is_told_from_the_key() -> None:
    ed = Ed25519Signer.generate()
    for signer in (SIGNER, ed):
        for pem in (signer.private_key_pem(passphrase=PASS),
                    signer.private_key_pem(passphrase=None, unencrypted=True)):
            loaded = load_signer(pem, passphrase=PASS if b"ENCRYPTED" in pem else None)
            assert (loaded.algorithm, loaded.key_id) == (signer.algorithm, signer.key_id)
        verifier = load_verifier(signer.public_key_pem())
        assert (verifier.algorithm, verifier.key_id) == (signer.algorithm, signer.key_id)
    assert isinstance(generate_signer("sm2"), SM2Signer)
    assert signature_algorithm("SM2") == "sm2-sm3" == signature_algorithm("sm2-sm3")
    with pytest.raises(InvalidInputError, match="Unknown signature algorithm 'rsa'"):
        signature_algorithm("rsa")
    with pytest.raises(InvalidInputError, match="not an SM2 public key"):
        SM2Verifier(ed.public_key_pem())


def test_signatures_of_one_algorithm_never_verify_under_the_other() -> None:
    ed = Ed25519Signer.generate()
    assert not SIGNER.verifier().verify(b"m", ed.sign(b"m"))
    assert not ed.verifier().verify(b"m", SIGNER.sign(b"m"))


def test_signer_id_rules() -> None:
    with pytest.raises(InvalidInputError, match="signer_id"):
        SM2Signer(SIGNER._key, signer_id=b"")
    with pytest.raises(InvalidInputError, match="at most 8191 bytes"):
        SM2Signer(SIGNER._key, signer_id=b"x" * 8192)
    assert OTHER_ID_SIGNER.verifier().verify(b"m", OTHER_ID_SIGNER.sign(b"m"))
    assert not SIGNER.verifier().verify(b"m", OTHER_ID_SIGNER.sign(b"m"))


def test_no_key_material_in_repr_or_pickle(tmp_path: Path) -> None:
    d = SIGNER._key._key.private_numbers().private_value
    secrets = {f"{d:x}", f"{d:064x}", f"{d:064X}", str(d),
               base64.b64encode(d.to_bytes(32, "big")).decode()}
    shown = repr(SIGNER) + str(SIGNER) + repr(SIGNER._key) + repr(SIGNER.verifier())
    assert not any(s in shown for s in secrets)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(SIGNER)
    with pytest.raises(CryptoError, match="cannot be pickled"):
        pickle.dumps(SIGNER._key)
    path = SIGNER.save(tmp_path / "k.pem", passphrase=PASS)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(InvalidInputError, match="passphrase"):
        SIGNER.private_key_pem(passphrase=None)
    with pytest.raises(CryptoError, match="passphrase"):
        SM2Signer.load(path, passphrase=b"wrong passphrase")
    assert SM2Signer.load(path, passphrase=PASS).key_id == SIGNER.key_id


def test_self_test_failure_disables_sm2(monkeypatch: pytest.MonkeyPatch) -> None:
    _sm2._reset_self_test()
    try:
        monkeypatch.setitem(_sm2.VECTORS, "s", _sm2.VECTORS["s"] ^ 1)
        with pytest.raises(SelfTestError, match="SM2 is disabled"):
            SM2Signer.generate()
        monkeypatch.undo()  # stays disabled in this process
        with pytest.raises(SelfTestError):
            SM2Verifier(SIGNER.public_key_pem())
        assert _sm2.self_test_status() is False
    finally:
        _sm2._reset_self_test()
    _sm2.require_self_test()
    assert _sm2.self_test_status() is True


def test_missing_tongsuopy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m.startswith("tongsuopy")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "tongsuopy", None)
    _sm2._reset_self_test()
    try:
        with pytest.raises(MissingDependencyError, match=r'dfgov\[sm2\]'):
            SM2Signer.generate()
    finally:
        _sm2._reset_self_test()


def test_ciphertext_form_conversions() -> None:
    raw = b"\x04" + bytes(range(64)) + bytes(32) + b"secret"
    der = _sm2.ciphertext_from_raw(raw)
    assert _sm2.ciphertext_to_raw(der) == raw
    for bad in (der + b"\x00", der[:-1], b"\x30\x00", b""):
        with pytest.raises(InvalidInputError, match="GM/T 0009"):
            _sm2.ciphertext_to_raw(bad)
    with pytest.raises(InvalidInputError, match="not starting with 04"):
        _sm2.ciphertext_from_raw(raw[1:] + b"\x00")


def test_record_signatures_with_sm2() -> None:
    from dfgov.data_protection.crypto import sign_record, verify_record

    record = {"model": "scorecard-v3", "auc": 0.81}
    sig = sign_record(record, SIGNER)
    assert sig.startswith(f"sm2-sm3:{SIGNER.key_id}:")
    verify_record(record, sig, SIGNER.verifier())  # raises unless it verifies
    with pytest.raises(TamperError):
        verify_record({**record, "auc": 0.82}, sig, SIGNER.verifier())
    with pytest.raises(TamperError):
        verify_record(record, sig, Ed25519Signer.generate().verifier())
