"""Signer / Verifier interface and the Ed25519 default."""

from __future__ import annotations

import pickle
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from hypothesis import given
from hypothesis import strategies as st

from dfgov.audit import Ed25519Signer, Ed25519Verifier, Signer, Verifier, load_verifier
from dfgov.audit._signing import register_verifier_loader
from dfgov.errors import CryptoError, InputFileError, InvalidInputError
from tests.conftest import budget

SIGNER = Ed25519Signer.generate()
PASS = b"correct horse battery"


@budget.medium
@given(data=st.binary(max_size=200), flip=st.integers(0, 10**6))
def test_sign_verify_and_any_change_fails(data: bytes, flip: int) -> None:
    sig = SIGNER.sign(data)
    v = SIGNER.verifier()
    assert v.verify(data, sig) and SIGNER.verify(data, sig)
    # peer check: pyca's own public key object accepts the signature
    peer = load_pem_public_key(SIGNER.public_key_pem())
    assert isinstance(peer, Ed25519PublicKey)
    peer.verify(sig, data)
    if data:
        i = flip % len(data)
        changed = data[:i] + bytes([data[i] ^ 1]) + data[i + 1:]
        assert not v.verify(changed, sig)
    bad_sig = bytes([sig[0] ^ 0x80]) + sig[1:]
    assert not v.verify(data, bad_sig)
    assert not Ed25519Signer.generate().verifier().verify(data, sig)


def test_protocols_and_key_ids() -> None:
    assert isinstance(SIGNER, Signer) and isinstance(SIGNER.verifier(), Verifier)
    assert SIGNER.algorithm == "ed25519" and len(SIGNER.key_id) == 16
    assert SIGNER.verifier().key_id == SIGNER.key_id
    assert load_verifier(SIGNER.public_key_pem()).key_id == SIGNER.key_id


def test_save_load_with_passphrase(tmp_path: Path) -> None:
    path = SIGNER.save(tmp_path / "key.pem", passphrase=PASS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert b"ENCRYPTED" in path.read_bytes()
    again = Ed25519Signer.load(path, passphrase=PASS)
    assert again.key_id == SIGNER.key_id
    with pytest.raises(CryptoError) as wrong:
        Ed25519Signer.load(path, passphrase=b"wrong passphrase")
    with pytest.raises(CryptoError):
        Ed25519Signer.load(path)
    assert PASS.decode() not in str(wrong.value)
    with pytest.raises(InvalidInputError, match="passphrase"):
        SIGNER.save(tmp_path / "clear.pem", passphrase=None)
    clear = SIGNER.save(tmp_path / "clear.pem", passphrase=None, unencrypted=True)
    assert Ed25519Signer.load(clear).key_id == SIGNER.key_id
    pub = SIGNER.save_public_key(tmp_path / "pub.pem")
    assert Ed25519Verifier.load(pub).key_id == SIGNER.key_id
    assert load_verifier(pub).key_id == load_verifier(str(pub)).key_id == SIGNER.key_id


def test_no_key_material_in_repr_or_pickle() -> None:
    pem = SIGNER.private_key_pem(passphrase=None, unencrypted=True)
    body = b"".join(pem.splitlines()[1:-1]).decode()
    assert body not in repr(SIGNER) and "key_id" in repr(SIGNER)
    with pytest.raises(TypeError, match="pickled"):
        pickle.dumps(SIGNER)


def test_bad_keys(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        Ed25519Verifier(b"not a key")
    with pytest.raises(InputFileError):
        load_verifier(tmp_path / "missing.pem")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    ec_pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(InvalidInputError, match="Ed25519"):
        load_verifier(ec_pem)


class _EcdsaVerifier:
    """A plug-in verifier, standing in for an SM2 provider."""

    algorithm = "ecdsa-p256-sha256"

    def __init__(self, pem: bytes) -> None:
        from cryptography.hazmat.primitives.asymmetric import ec

        key = load_pem_public_key(pem)
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise InvalidInputError("not an EC key")
        self._key = key
        self.key_id = "ec"

    def verify(self, data: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            self._key.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True


def test_pluggable_verifier_loader() -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    register_verifier_loader("test-ecdsa", _EcdsaVerifier)
    try:
        v = load_verifier(pem)
        assert v.algorithm == "ecdsa-p256-sha256" and isinstance(v, Verifier)
    finally:
        from dfgov.audit import _signing

        _signing._LOADERS.pop("test-ecdsa")
