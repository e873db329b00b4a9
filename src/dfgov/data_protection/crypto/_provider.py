"""A conformance check for :class:`KeyProvider` implementations (HSM, KMS, cipher machine).

A bank that plugs its own key custody behind the keyring — a cloud KMS, a
GM/T 0018 cipher machine (密码机), an HSM dfgov has not met — runs
:func:`check_key_provider` against it once, in a test environment, before
trusting it with data keys. It exercises exactly what the keyring relies on.
"""

from __future__ import annotations

import os

from dfgov.data_protection.crypto._keys import KeyProvider
from dfgov.errors import DfgovError

__all__ = ["check_key_provider"]


def _unwrap_refused(provider: KeyProvider, kek_id: str, wrapped: bytes, ad: bytes,
                    what: str, problems: list[str]) -> None:
    try:
        provider.unwrap(kek_id, wrapped, ad)
    except DfgovError:
        return
    except Exception as exc:  # a foreign exception type: the keyring cannot handle it
        problems.append(f"unwrap of {what} raised {type(exc).__name__}, not a "
                        "dfgov CryptoError/KeyStateError.")
        return
    problems.append(f"unwrap accepted {what}.")


def check_key_provider(provider: object, *, rotate: bool = False) -> list[str]:
    """Check that ``provider`` behaves as the keyring needs; return the problems found.

    Checks: the four methods exist; ``wrap`` then ``unwrap`` returns 16-,
    32- and 64-byte keys unchanged; wrapped bytes do not contain the key;
    ``unwrap`` refuses
    (with a :class:`~dfgov.errors.DfgovError`, e.g. ``CryptoError``) other
    associated data, a flipped byte, a truncated value and an unknown KEK id.
    With ``rotate=True`` also: ``rotate_kek`` returns a new primary id and
    keys wrapped under the old KEK still unwrap (this creates a KEK in the
    provider).

    Parameters
    ----------
    provider : KeyProvider
    rotate : bool
        Also exercise :meth:`KeyProvider.rotate_kek`.

    Returns
    -------
    list of str
        English descriptions of each failed check; empty when the provider
        conforms.
    """
    if not isinstance(provider, KeyProvider):
        return ["the provider lacks primary_kek_id, wrap, unwrap or rotate_kek."]
    problems: list[str] = []
    try:
        kek_id = provider.primary_kek_id()
    except Exception as exc:
        return [f"primary_kek_id raised {type(exc).__name__}."]
    if not isinstance(kek_id, str) or not kek_id:
        return ["primary_kek_id did not return a non-empty string."]
    ad = b"dfgov-dek\x00\x00\x00\x00\x01conformance/check\x00SM4-GCM"
    samples: list[tuple[bytes, bytes]] = []
    for size in (16, 32, 64):
        key = os.urandom(size)
        try:
            wrapped = provider.wrap(kek_id, key, ad)
            back = provider.unwrap(kek_id, wrapped, ad)
        except Exception as exc:
            problems.append(f"wrap/unwrap of a {size}-byte key raised {type(exc).__name__}.")
            continue
        if not isinstance(wrapped, bytes) or back != key:
            problems.append(f"unwrap(wrap(k)) did not return the {size}-byte key k.")
            continue
        if key in wrapped:
            problems.append(f"the wrapped form of a {size}-byte key contains the key.")
        samples.append((key, wrapped))
    if not samples:
        return problems
    key, wrapped = samples[-1]
    _unwrap_refused(provider, kek_id, wrapped, ad + b"x", "other associated data", problems)
    flipped = bytearray(wrapped)
    flipped[len(flipped) // 2] ^= 0x01
    _unwrap_refused(provider, kek_id, bytes(flipped), ad, "a flipped byte", problems)
    _unwrap_refused(provider, kek_id, wrapped[:-8], ad, "a truncated value", problems)
    _unwrap_refused(provider, kek_id + "-unknown", wrapped, ad, "an unknown KEK id", problems)
    if rotate:
        try:
            new = provider.rotate_kek()
        except Exception as exc:
            problems.append(f"rotate_kek raised {type(exc).__name__}.")
            return problems
        if new == kek_id or provider.primary_kek_id() != new:
            problems.append("rotate_kek did not make a new KEK primary.")
        try:
            if provider.unwrap(kek_id, wrapped, ad) != key:
                problems.append("after rotate_kek, a key wrapped under the old KEK changed.")
        except Exception as exc:
            problems.append(f"after rotate_kek, the old KEK no longer unwraps "
                            f"({type(exc).__name__}).")
    return problems
