"""Canonical event records and the chain hash (format ``dfgov-audit/1``).

An event's *record* is the canonical JSON of its fields — keys sorted,
compact separators, UTF-8, no NaN — exactly::

    {"action":A,"actor":B,"payload":P,"payload_digest":D,"seq":N,"subject":S,"time":T}

where ``P`` is the canonical JSON of the payload and ``D`` its plain
(never keyed) SHA-256 or SM3 digest. The chain
hash of event ``n`` is ``H(hex(hash[n-1]) || record[n])`` over the bytes of the
previous hash's lower-case hex text followed by the record's UTF-8 bytes;
``hash[0]`` (the genesis) is ``H("dfgov-audit/1 genesis " || log_id)``. ``H`` is
SHA-256 or SM3, or HMAC-SHA-256 / HMAC-SM3 under the log's key when it has one.
An auditor can re-implement verification from this paragraph alone.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, NamedTuple

from dfgov._hashing import digest, hmac_digest
from dfgov._pii import might_hold, redact, redact_text
from dfgov.errors import InvalidInputError

__all__ = [
    "FORMAT",
    "ChainFunction",
    "EventParts",
    "canonical_json",
    "chain_function",
    "genesis_hash",
    "key_check",
    "prepare_event",
]

FORMAT = "dfgov-audit/1"

ChainFunction = Callable[[bytes], str]

_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)
_dumps = _ENCODER.encode


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _fast_encoder() -> Callable[[Any], str]:
    """The C encoder built once (``JSONEncoder.encode`` builds one per call)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - pure-Python json
        return _dumps
    try:
        enc = make(None, _no_default, json.encoder.encode_basestring, None, ":", ",",
                   True, False, False)
    except TypeError:  # pragma: no cover - another signature in a future Python
        return _dumps

    def dumps(value: Any) -> str:
        if isinstance(value, str):
            return _dumps(value)
        return "".join(enc(value, 0))

    return dumps


_fast_dumps = _fast_encoder()
_quote: Callable[[str], str] = json.encoder.encode_basestring


def _plain(value: Any, depth: int = 0) -> Any:
    """JSON data from ``value``: numpy unwrapped, datetimes in ISO 8601, NaN/inf to None."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if depth > 64:
        raise ValueError("nested too deeply")
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise TypeError("keys must be strings")
            out[k] = _plain(v, depth + 1)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return _plain(value.tolist(), depth + 1)
    raise TypeError(f"{type(value).__name__} is not JSON data")


def _str_keys(value: Any) -> bool:
    """Whether every dict inside ``value`` has only string keys (json would convert others
    after sorting them as they are, which is not the canonical order)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if type(k) is not str:
                return False
            if isinstance(v, (dict, list, tuple)) and not _str_keys(v):
                return False
    elif isinstance(value, (list, tuple)):
        for v in value:
            if isinstance(v, (dict, list, tuple)) and not _str_keys(v):
                return False
    return True


def canonical_json(value: Any, *, what: str = "payload") -> str:
    """Canonical JSON text of ``value``: sorted keys, compact, UTF-8.

    Accepts JSON data (dicts with string keys, lists, tuples, str, int, float,
    bool, None), numpy scalars and arrays, and dates/datetimes (ISO 8601).
    Non-finite floats become ``null``. Anything else is an error rather than
    a silent ``str()``.
    """
    try:  # plain JSON data with string keys: one C-encoder pass
        if not _str_keys(value):
            raise TypeError("keys must be strings")
        text = _fast_dumps(value)
        if text.isascii():
            return text
        text.encode("utf-8")
        return text
    except (TypeError, ValueError, RecursionError):  # numpy, datetime, NaN, surrogates, cycles
        pass
    try:
        text = _dumps(_plain(value))
        text.encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:  # UnicodeEncodeError is a ValueError
        raise InvalidInputError(
            f"The '{what}' must be JSON data (string keys; text, numbers, lists, "
            f"dicts): {exc}."
        ) from None
    return text


def _text_field(value: object, name: str, *, optional: bool = False) -> str | None:
    if type(value) is str and 0 < len(value) <= 1000 and value.isascii():
        return value
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value:
        kind = "a non-empty string or None" if optional else "a non-empty string"
        raise InvalidInputError(
            f"The '{name}' field of an audit event must be {kind}. Got {type(value).__name__}."
        )
    if len(value) > 1000:
        raise InvalidInputError(
            f"The '{name}' field of an audit event must be at most 1000 characters. "
            f"Got {len(value)}."
        )
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInputError(
            f"The '{name}' field of an audit event must be valid Unicode text."
        ) from None
    return value


class EventParts(NamedTuple):
    """An event validated and canonicalised before its sequence number is known.

    The record of event ``seq`` at time ``T`` (JSON text) is
    ``f'{head}{seq},"subject":{subject_json},"time":{T}}}'``: everything except
    the sequence number and time is serialised once, outside the write lock.
    """

    head: str
    subject_json: str
    action: str
    actor: str
    subject: str | None
    payload_json: str
    payload_digest: str

    def record(self, seq: int, time_json: str) -> str:
        """The canonical record of this event as event ``seq`` at ``time_json``."""
        return f'{self.head}{seq},"subject":{self.subject_json},"time":{time_json}}}'


def _ok(value: object) -> bool:
    return type(value) is str and 0 < len(value) <= 1000 and value.isascii()


def prepare_event(
    *, action: object, actor: object, subject: object, payload: object, algorithm: str
) -> EventParts:
    """Validate one event's fields and serialise them canonically."""
    act = action if _ok(action) else _text_field(action, "action")
    who = actor if _ok(actor) else _text_field(actor, "actor")
    subj = subject if subject is None or _ok(subject) else _text_field(
        subject, "subject", optional=True)
    if subj is not None:
        subj = redact_text(str(subj))
    if payload is None:
        payload = {}
    if type(payload) is not dict and not isinstance(payload, Mapping):
        raise InvalidInputError(
            "The 'payload' of an audit event must be a mapping (dict) or None. "
            f"Got {type(payload).__name__}."
        )
    payload_json = canonical_json(payload)
    if might_hold(payload_json, serialised=True):
        # no personal identifier enters the log (an actor's e-mail under "actor" may)
        payload_json = canonical_json(redact(json.loads(payload_json)))
    data = payload_json.encode("utf-8")
    payload_digest = (
        hashlib.sha256(data).hexdigest() if algorithm == "sha256" else digest(data, algorithm)
    )
    act_s, who_s = str(act), str(who)
    head = (f'{{"action":{_quote(act_s)},"actor":{_quote(who_s)},"payload":{payload_json},'
            f'"payload_digest":"{payload_digest}","seq":')
    return EventParts(head, "null" if subj is None else _quote(str(subj)), act_s, who_s,
                      None if subj is None else str(subj), payload_json, payload_digest)


def _hmac_sha256(key: bytes) -> ChainFunction:
    """HMAC-SHA-256 with the key pads hashed once (RFC 2104), for speed on long chains."""
    block = hashlib.sha256(key).digest() if len(key) > 64 else key
    block = block.ljust(64, b"\x00")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def mac(data: bytes) -> str:
        i = inner.copy()
        i.update(data)
        o = outer.copy()
        o.update(i.digest())
        return o.hexdigest()

    return mac


def chain_function(algorithm: str, key: bytes | None) -> ChainFunction:
    """The function ``bytes -> hex`` that hashes chain input (keyed when ``key`` is set)."""
    if algorithm == "sha256":
        if key is None:
            sha = hashlib.sha256
            return lambda data: sha(data).hexdigest()
        return _hmac_sha256(key)
    if key is None:
        return lambda data: digest(data, "sm3")
    sm3_key = key
    return lambda data: hmac_digest(sm3_key, data, "sm3")


def genesis_hash(fn: ChainFunction, log_id: str) -> str:
    """``hash[0]``: the chain value before the first event."""
    return fn(f"{FORMAT} genesis {log_id}".encode())


def key_check(algorithm: str, key: bytes, log_id: str) -> str:
    """A value that tells whether a key is the log's key without revealing it."""
    return hmac_digest(key, f"{FORMAT} key check {log_id}".encode(), algorithm)
