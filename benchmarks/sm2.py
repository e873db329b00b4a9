"""SM2 sign/verify rates beside ``openssl speed sm2``; key wrap/unwrap rates through SoftHSM2.

Signatures: dfgov's ``SM2Signer.sign`` / ``SM2Verifier.verify`` (Z over the
default ID, SM3, Tongsuo's SM2 through tongsuopy) on a ``--size``-byte message,
beside bare tongsuopy (``key.sign(data, ECDSA(SM3()))``, which hashes Z itself)
and ``openssl speed -elapsed sm2`` (OpenSSL 3's own loop over
``EVP_DigestSign``/``EVP_DigestVerify`` with SM2, in C). They run alternately,
``--repeat`` rounds of ``--seconds`` each, best round kept (the machine is
shared). Goal (issue 19): dfgov >= 0.5x OpenSSL's rate.

Key wrapping of 32-byte data keys (what ``Keyring.add_key``/``rotate_kek``
and a first decryption do): :class:`PKCS11KeyProvider` on a SoftHSM2 token
(AES-256 KEK in the token, RFC 5649), beside bare python-pkcs11
``C_WrapKey``/``C_UnwrapKey`` of the same object; :class:`SM2KeyProvider`;
and :class:`LocalKeyProvider` (AES-256-GCM in process) for scale. The token
comes from ``DFGOV_TEST_PKCS11_*`` or is made by ``.ci/softhsm.sh``.

Run: ``python benchmarks/sm2.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from dfgov.audit import SM2Signer
from dfgov.data_protection.crypto import LocalKeyProvider, PKCS11KeyProvider, SM2KeyProvider

ROOT = Path(__file__).resolve().parents[1]


def rate(fn: Callable[[], object], seconds: float) -> float:
    """Calls per second of ``fn`` over about ``seconds``."""
    n, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(20):
            fn()
        n += 20
        now = time.perf_counter()
        if now >= deadline:
            return n / (now - start)


def openssl_speed(seconds: int) -> tuple[float, float]:
    """(sign/s, verify/s) of ``openssl speed -elapsed -mr sm2``."""
    out = subprocess.run(["openssl", "speed", "-seconds", str(seconds), "-elapsed", "-mr",
                          "sm2"], capture_output=True, text=True, timeout=120, check=True).stdout
    m = re.search(r"^\+F7:\d+:256:CurveSM2:([\d.]+):([\d.]+)$", out, re.MULTILINE)
    if m is None:
        raise SystemExit("could not parse 'openssl speed sm2' output:\n" + out)
    return float(m.group(1)), float(m.group(2))


def signatures(args: argparse.Namespace) -> None:
    from tongsuopy.crypto import hashes
    from tongsuopy.crypto.asymciphers import ec

    signer = SM2Signer.generate()
    verifier = signer.verifier()
    data = os.urandom(args.size)
    sig = signer.sign(data)
    bare = signer._key._key  # the tongsuopy key object dfgov wraps
    algo = ec.ECDSA(hashes.SM3())
    bare_sig = bare.sign(data, algo)
    assert verifier.verify(data, bare_sig)  # tongsuopy's own Z uses the same default ID
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        o_sign, o_verify = openssl_speed(int(args.seconds))
        rounds = {
            "openssl sign": o_sign, "openssl verify": o_verify,
            "dfgov sign": rate(lambda: signer.sign(data), args.seconds),
            "dfgov verify": rate(lambda: verifier.verify(data, sig), args.seconds),
            "tongsuopy sign": rate(lambda: bare.sign(data, algo), args.seconds),
            "tongsuopy verify": rate(lambda: bare.public_key().verify(bare_sig, data, algo),
                                     args.seconds),
        }
        for k, v in rounds.items():
            best[k] = max(best.get(k, 0.0), v)
    print(f"\nSM2 signatures, {args.size}-byte message, best of {args.repeat} rounds "
          f"of {args.seconds:g} s")
    print("| op | openssl speed sm2 /s | dfgov /s | ratio | bare tongsuopy /s |")
    print("|---|---|---|---|---|")
    for op in ("sign", "verify"):
        o, d, t = best[f"openssl {op}"], best[f"dfgov {op}"], best[f"tongsuopy {op}"]
        print(f"| {op} | {o:,.0f} | {d:,.0f} | {d / o:.2f} | {t:,.0f} |")


def _token() -> dict[str, str]:
    if not os.environ.get("DFGOV_TEST_PKCS11_MODULE"):
        out = subprocess.run(["bash", str(ROOT / ".ci" / "softhsm.sh")], capture_output=True,
                             text=True, check=True, timeout=300).stdout
        for line in out.splitlines():
            key, _, value = line.partition("=")
            os.environ[key] = value
    return {"module": os.environ["DFGOV_TEST_PKCS11_MODULE"],
            "token": os.environ["DFGOV_TEST_PKCS11_TOKEN"],
            "pin": os.environ["DFGOV_TEST_PKCS11_PIN"]}


def wrapping(args: argparse.Namespace) -> None:
    import pkcs11

    t = _token()
    hsm = PKCS11KeyProvider(t["module"], pin=t["pin"], token_label=t["token"],
                            label_prefix=f"bench{os.getpid()}")
    key, aad = os.urandom(32), b"dfgov-dek\x00\x00\x00\x00\x01bench/col\x00SM4-GCM"
    A, OC, KT = pkcs11.Attribute, pkcs11.ObjectClass, pkcs11.KeyType
    mech = pkcs11.Mechanism.AES_KEY_WRAP_PAD
    try:
        kek = hsm._keks[hsm.primary_kek_id()]
        session = hsm._session
        tmp = session.create_object({A.CLASS: OC.SECRET_KEY, A.KEY_TYPE: KT.GENERIC_SECRET,
                                     A.TOKEN: False, A.VALUE: key + bytes(32),
                                     A.SENSITIVE: False, A.EXTRACTABLE: True})
        bare_wrapped = kek.wrap_key(tmp, mechanism=mech)

        def bare_unwrap() -> bytes:
            obj = kek.unwrap_key(OC.SECRET_KEY, KT.GENERIC_SECRET, bare_wrapped, mechanism=mech,
                                 store=False, template={A.SENSITIVE: False, A.EXTRACTABLE: True})
            value = bytes(obj[A.VALUE])
            obj.destroy()
            return value

        sm2 = SM2KeyProvider.generate()
        local = LocalKeyProvider(algorithm="AES-256-GCM")
        providers = {"PKCS11KeyProvider (SoftHSM2, AES-KWP)": hsm, "SM2KeyProvider": sm2,
                     "LocalKeyProvider (AES-256-GCM)": local}
        rows = []
        for name, p in providers.items():
            kid = p.primary_kek_id()
            w = p.wrap(kid, key, aad)
            rows.append((name, rate(lambda p=p, kid=kid: p.wrap(kid, key, aad), args.seconds),
                         rate(lambda p=p, kid=kid, w=w: p.unwrap(kid, w, aad), args.seconds)))
        rows.insert(1, ("bare python-pkcs11 C_WrapKey / C_UnwrapKey",
                        rate(lambda: kek.wrap_key(tmp, mechanism=mech), args.seconds),
                        rate(bare_unwrap, args.seconds)))
        tmp.destroy()
    finally:
        for kid in hsm.kek_ids()[:-1]:
            hsm.retire_kek(kid)
        hsm._keks[hsm.primary_kek_id()].destroy()
        hsm.close()
    print(f"\nData-key wrapping (32-byte keys), {args.seconds:g} s each")
    print("| provider | wrap /s | unwrap /s |")
    print("|---|---|---|")
    for name, w, u in rows:
        print(f"| {name} | {w:,.0f} | {u:,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--size", type=int, default=64, help="signed message size in bytes")
    args = ap.parse_args()
    print(subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip())
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    signatures(args)
    wrapping(args)
    print("\nload average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
