"""Field-encryption throughput: dfgov's FieldEncryptor beside bare pyca loops (and Tink).

Same fields for every contender: ``n`` values of 16-32 bytes from a seeded
generator, one associated-data string. The bare loops are the minimum a
correct caller writes: a fresh ``os.urandom(12)`` nonce per value, stored
with the ciphertext (``nonce || ciphertext || tag``); decryption slices that
blob back apart. Each figure is the best of ``--repeat`` runs.

Targets (issue 8): AES-256-GCM >= 0.7x the bare ``AESGCM`` loop, SM4-GCM >=
0.8x the bare ``Cipher(SM4, GCM)`` loop, for encryption and decryption.

Run: ``python benchmarks/crypto.py --n 1000000`` (default 200,000). Tink's
AES256_GCM figure is printed when ``/tmp/tink-venv/bin/python`` has ``tink``
(``python -m venv /tmp/tink-venv && /tmp/tink-venv/bin/pip install tink``).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dfgov.data_protection.crypto import FieldEncryptor, Keyring, encode_context

CTX = {"table": "customers", "column": "id_number"}
TINK_PY = Path("/tmp/tink-venv/bin/python")


def fields(n: int, seed: int = 0) -> list[bytes]:
    rng = random.Random(seed)
    return [rng.randbytes(rng.randint(16, 32)) for _ in range(n)]


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def paired(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int
) -> tuple[float, Any, float, Any]:
    """Best times of ``a`` and ``b``, run alternately (a shared machine drifts)."""
    ta, tb, ra, rb = [], [], None, None
    for _ in range(repeat):
        t = time.perf_counter()
        ra = a()
        ta.append(time.perf_counter() - t)
        t = time.perf_counter()
        rb = b()
        tb.append(time.perf_counter() - t)
    return min(ta), ra, min(tb), rb


def bare_aes(key: bytes, vals: list[bytes], aad: bytes) -> tuple[Callable[[], Any], Any]:
    aead = AESGCM(key)

    def enc() -> list[bytes]:
        out = []
        for v in vals:
            nonce = os.urandom(12)
            out.append(nonce + aead.encrypt(nonce, v, aad))
        return out

    def dec(blobs: list[bytes]) -> list[bytes]:
        return [aead.decrypt(b[:12], b[12:], aad) for b in blobs]

    return enc, dec


def bare_sm4(key: bytes, vals: list[bytes], aad: bytes) -> tuple[Callable[[], Any], Any]:
    alg = algorithms.SM4(key)

    def enc() -> list[bytes]:
        out = []
        for v in vals:
            nonce = os.urandom(12)
            e = Cipher(alg, modes.GCM(nonce)).encryptor()
            e.authenticate_additional_data(aad)
            out.append(nonce + e.update(v) + e.finalize() + e.tag)
        return out

    def dec(blobs: list[bytes]) -> list[bytes]:
        out = []
        for b in blobs:
            d = Cipher(alg, modes.GCM(b[:12], b[-16:])).decryptor()
            d.authenticate_additional_data(aad)
            out.append(d.update(b[12:-16]) + d.finalize())
        return out

    return enc, dec


TINK_SNIPPET = """
import random, sys, time
import tink
from tink import aead
aead.register()
n, repeat = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(0)
vals = [rng.randbytes(rng.randint(16, 32)) for _ in range(n)]
prim = tink.new_keyset_handle(aead.aead_key_templates.AES256_GCM).primitive(aead.Aead)
def run(fn):
    ts = []
    for _ in range(repeat):
        t = time.perf_counter(); out = fn(); ts.append(time.perf_counter() - t)
    return min(ts), out
te, cts = run(lambda: [prim.encrypt(v, b"ctx") for v in vals])
td, _ = run(lambda: [prim.decrypt(c, b"ctx") for c in cts])
print(te, td)
"""


def tink_figures(n: int, repeat: int) -> tuple[float, float] | None:
    if not TINK_PY.exists():
        return None
    try:
        res = subprocess.run([str(TINK_PY), "-c", TINK_SNIPPET, str(n), str(repeat)],
                             capture_output=True, text=True, timeout=600, check=True)
    except (subprocess.SubprocessError, OSError):
        return None
    te, td = (float(x) for x in res.stdout.split())
    return te, td


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200_000, help="fields (default 200,000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    ap.add_argument("--algorithms", default="AES-256-GCM,SM4-GCM",
                    help="comma-separated subset (default both)")
    ap.add_argument("--no-tink", action="store_true", help="skip the Tink figure")
    args = ap.parse_args(argv)
    n = args.n
    vals = fields(n)
    kr = Keyring.in_memory()
    print(f"{n:,} fields of 16-32 bytes, best of {args.repeat}; rate = fields/s")
    print(f"{'algorithm':<12} {'op':<8} {'bare pyca':>12} {'dfgov':>12} {'ratio':>7} target")
    ok = True
    chosen = set(args.algorithms.split(","))
    for alg, bare, target in (("AES-256-GCM", bare_aes, 0.7), ("SM4-GCM", bare_sm4, 0.8)):
        if alg not in chosen:
            continue
        fe = FieldEncryptor(kr, algorithm=alg)
        fe.encrypt(vals[:10], context=CTX)  # self-tests, key creation
        aad = b"\x01\x02\x00\x00\x00\x00" + encode_context(CTX)
        key = os.urandom(32 if alg == "AES-256-GCM" else 16)
        b_enc, b_dec = bare(key, vals, aad)
        tb_e, blobs, to_e, cts = paired(
            b_enc, lambda fe=fe: fe.encrypt(vals, context=CTX), args.repeat
        )
        tb_d, _, to_d, back = paired(
            lambda b_dec=b_dec, blobs=blobs: b_dec(blobs),
            lambda fe=fe, cts=cts: fe.decrypt(cts, context=CTX),
            args.repeat,
        )
        assert back == vals
        for op, tb, to in (("encrypt", tb_e, to_e), ("decrypt", tb_d, to_d)):
            ratio = tb / to
            ok &= ratio >= target
            mark = "ok" if ratio >= target else "BELOW"
            print(f"{alg:<12} {op:<8} {n / tb:>12,.0f} {n / to:>12,.0f} {ratio:>7.2f} "
                  f">= {target} {mark}")
        texts = [v.hex() for v in vals]
        tt_e, tcts = best(lambda fe=fe, texts=texts: fe.encrypt(texts, context=CTX), 1)
        tt_d, _ = best(lambda fe=fe, tcts=tcts: fe.decrypt(tcts, context=CTX), 1)
        print(f"{alg:<12} str/b64  {'':>12} {n / tt_e:>12,.0f} (encrypt, text form)  "
              f"{n / tt_d:,.0f} (decrypt)")
    tink = None if args.no_tink else tink_figures(n, args.repeat)
    if tink is None:
        print("Tink: skipped" if args.no_tink else "Tink: not available (/tmp/tink-venv)")
    else:
        print(f"Tink AES256_GCM: encrypt {n / tink[0]:,.0f}/s, decrypt {n / tink[1]:,.0f}/s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
