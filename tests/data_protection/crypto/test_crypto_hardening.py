"""Finding 10 (cryptography): key bytes in tracebacks, shared key scopes, forged key state,
and keystore KDF settings that crash or burn CPU.

Before the fix: the raw data key sat in a local variable while values were validated (an
error reporter that records a traceback's locals recorded the key); ``("a/b", "c")`` and
``("a", "b/c")`` shared one key scope, so shredding one column destroyed the other; a
``WrappedKey``'s state could be changed (a retired key promoted to primary on workers); and
keystore KDF settings ``n=3`` / ``r=0`` gave tracebacks while a huge ``p`` burned CPU.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

from dfgov.data_protection.crypto import (
    BlindIndex,
    DeterministicEncryptor,
    FieldEncryptor,
    Keyring,
    KeyState,
    LocalKeyProvider,
    RecordMAC,
    field_scope,
)
from dfgov.errors import CryptoError, DecryptionError, DfgovError, InputFileError, KeyStateError
from tests.security_helpers import python

CTX = {"table": "customers", "column": "id_number"}


def _frames(tb: TracebackType | None) -> list[dict[str, Any]]:
    out = []
    while tb is not None:
        out.append(dict(tb.tb_frame.f_locals))
        tb = tb.tb_next
    return out


def _holds(value: Any, secret: bytes, depth: int = 0) -> bool:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return secret in bytes(value)
    if isinstance(value, str):
        return secret.hex() in value
    if depth < 2 and isinstance(value, (tuple, list, set, frozenset)):
        return any(_holds(v, secret, depth + 1) for v in value)
    if depth < 2 and isinstance(value, dict):
        return any(_holds(v, secret, depth + 1) for v in value.values())
    return False


def _key_bytes(kr: Keyring) -> list[bytes]:
    return [kr._decrypt_material(i.key_id)[1] for i in kr.keys()  # noqa: SIM118 - a Keyring
            if i.state is not KeyState.DESTROYED]


CALLS: list[tuple[str, Callable[[Keyring], Any]]] = [
    ("FieldEncryptor.encrypt",
     lambda kr: FieldEncryptor(kr, algorithm="SM4-GCM").encrypt(["ok", 12345], context=CTX)),
    ("DeterministicEncryptor.encrypt",
     lambda kr: DeterministicEncryptor(kr, domain="cid").encrypt(["ok", 12345])),
    ("BlindIndex.compute", lambda kr: BlindIndex(kr, domain="idx").compute(["ok", 12345])),
    ("RecordMAC.tag_many",
     lambda kr: RecordMAC(kr, domain="rows").tag_many([{"a": 1}, {"a": object()}])),
]


@pytest.mark.parametrize(("name", "call"), CALLS, ids=[c[0] for c in CALLS])
def test_no_key_bytes_in_the_locals_of_a_validation_error(
        name: str, call: Callable[[Keyring], Any]) -> None:
    kr = Keyring.in_memory()
    # create the keys first, so the failing call has a key to use
    FieldEncryptor(kr, algorithm="SM4-GCM").encrypt(["x"], context=CTX)
    DeterministicEncryptor(kr, domain="cid").encrypt(["x"])
    BlindIndex(kr, domain="idx").compute(["x"])
    RecordMAC(kr, domain="rows").tag_many([{"a": 1}])
    secrets = _key_bytes(kr)
    with pytest.raises(DfgovError) as info:
        call(kr)
    tb = info.value.__traceback__
    assert tb is not None
    for frame in _frames(tb.tb_next):  # dfgov's frames (the first one is this test's)
        for var, value in frame.items():
            assert not any(_holds(value, s) for s in secrets), (name, var)


def test_two_columns_never_share_a_key_scope() -> None:
    assert field_scope("a/b", "c") != field_scope("a", "b/c")
    assert field_scope("a%2Fb", "c") != field_scope("a/b", "c")
    assert field_scope("blind-index", "x") != "blind-index/x"
    kr = Keyring.in_memory()
    fe = FieldEncryptor(kr, algorithm="AES-256-GCM")
    left = {"table": "a/b", "column": "c"}
    right = {"table": "a", "column": "b/c"}
    ct_left = fe.encrypt(["left"], context=left)
    ct_right = fe.encrypt(["right"], context=right)
    kr.shred(field_scope("a/b", "c"))
    with pytest.raises(DecryptionError):
        fe.decrypt(ct_left, context=left)
    assert fe.decrypt(ct_right, context=right) == ["right"]  # the other column survives


def test_a_wrapped_keys_state_is_authenticated() -> None:
    provider = LocalKeyProvider()
    kr = Keyring.in_memory(provider=provider)
    fe = FieldEncryptor(kr, algorithm="SM4-GCM")
    old = fe.encrypt(["old"], context=CTX)
    kr.rotate(field_scope("customers", "id_number"), "SM4-GCM")  # the first key is retired
    exported = kr.export_wrapped(field_scope("customers", "id_number"))
    retired = next(k for k in exported if k.info.state is KeyState.DECRYPT_ONLY)
    # on the way to a worker, the retired key is relabelled primary and the primary dropped
    forged = replace(retired, info=replace(retired.info, state=KeyState.PRIMARY))
    worker = FieldEncryptor(Keyring.from_wrapped(provider, [forged]), algorithm="SM4-GCM")
    with pytest.raises((CryptoError, KeyStateError)):
        worker.encrypt(["new data under a retired key"], context=CTX)
    with pytest.raises((CryptoError, KeyStateError)):
        worker.decrypt(old, context=CTX)
    # untouched exports still work
    honest = FieldEncryptor(Keyring.from_wrapped(provider, exported), algorithm="SM4-GCM")
    assert honest.decrypt(old, context=CTX) == ["old"]


@pytest.mark.parametrize(("field", "value"), [("n", 3), ("n", 1), ("n", 2**40), ("r", 0),
                                              ("r", -1), ("p", 0), ("n", "big"),
                                              ("salt", "!!"), ("p", 2**30)])
def test_keystore_kdf_settings_out_of_bounds_are_refused_fast(
        tmp_path: Path, field: str, value: object) -> None:
    store = tmp_path / "keys.json"
    Keyring.open(store, passphrase="pw-pw-pw", create=True)
    doc = json.loads(store.read_text())
    doc["kdf"][field] = value
    store.write_text(json.dumps(doc))
    store.chmod(0o600)
    code = ("from dfgov.data_protection.crypto import Keyring\n"
            "from dfgov.errors import InputFileError\n"
            "try:\n"
            f"    Keyring.open({str(store)!r}, passphrase='pw-pw-pw')\n"
            "except InputFileError as exc:\n"
            "    print('refused:', exc)\n")
    start = time.monotonic()
    proc = python(code, timeout=30)
    assert time.monotonic() - start < 30
    assert proc.returncode == 0 and proc.stdout.startswith("refused:"), proc.stderr
    assert "Traceback" not in proc.stderr
    if field != "salt":
        assert "out of bounds" in proc.stdout
    with pytest.raises(InputFileError):  # in-process too, before any scrypt work
        Keyring.open(store, passphrase="pw-pw-pw")
