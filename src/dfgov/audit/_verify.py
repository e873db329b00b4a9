"""Verification of an audit chain: one streaming pass, raw tuples, one hash per event."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dfgov.audit import _messages  # noqa: F401  (registers texts)
from dfgov.audit._canonical import chain_function, genesis_hash, key_check
from dfgov.audit._event import VerifyResult
from dfgov.errors import InvalidInputError, KeyStateError
from dfgov.i18n import text

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dfgov.audit._store import Store

__all__ = ["check_anchor", "verify_chain"]

_HEX64 = re.compile(r"[0-9a-f]{64}")


def check_anchor(anchor: str | None) -> str | None:
    """Validate an anchor (64 hex digits, any case); return it lower-case."""
    if anchor is None:
        return None
    a = anchor.strip().lower() if isinstance(anchor, str) else ""
    if not _HEX64.fullmatch(a):
        raise InvalidInputError(
            "The 'anchor' argument must be a head hash of 64 hexadecimal digits "
            "(as returned by AuditLog.head())."
        )
    return a


def _record_seq(record: bytes) -> int | None:
    try:
        value = json.loads(record)["seq"]
    except (ValueError, KeyError, TypeError):
        return None
    return value if isinstance(value, int) else None


_TIME_KEY = b'"time":"'
_UTC = b"+00:00"


def _record_time(record: bytes) -> bytes | None:
    """The top-level ``time`` of a canonical record (its last key), as comparable UTC text.

    Keys are sorted, so ``"time"`` is the record's last key and its last
    unescaped occurrence. dfgov writes UTC stamps of one fixed shape (the
    verify loop reads those from the record's last 35 bytes without calling
    this); any other shape is parsed here, and None means unreadable.
    """
    at = record.rfind(_TIME_KEY)
    if at < 0 or not record.endswith(b'"}'):
        return None
    try:
        when = datetime.fromisoformat(record[at + len(_TIME_KEY):-2].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if when.tzinfo is None:
        return None
    return when.astimezone(UTC).replace(microsecond=0).isoformat().encode("ascii")


def verify_chain(
    store: Store, conn: sa.Connection, meta: dict[str, str], key: bytes | None,
    *, anchor: str | None = None,
) -> VerifyResult:
    """Verify every row of the log in ``store`` (see :meth:`AuditLog.verify`).

    Reads every row of the events table, whatever its sequence number: the
    rows must be numbered 1, 2, 3, ... without a gap, nothing before 1 or
    after the chain. Detects an edited field (any byte of a record or hash),
    a deleted event (a gap, or a missing first event), a row outside the
    chain, an inserted or reordered event (the chain breaks where it sits),
    an event dated before its predecessor (time going backwards) and — given
    ``anchor``, a head hash kept from earlier — a truncated tail. With an
    HMAC key, an attacker who rewrites the whole table cannot produce a
    chain that verifies; without one, the result says that it proves only
    consistency.
    """
    wanted = check_anchor(anchor)
    algorithm = meta.get("algorithm", "")
    if algorithm not in ("sha256", "sm3") or not meta.get("log_id"):
        raise InvalidInputError("The audit log's metadata is missing or unreadable.")
    log_id = meta["log_id"]
    keyed = meta.get("keyed") == "1"
    if keyed:
        if key is None:
            raise KeyStateError("This audit log is keyed: pass its 'hmac_key' to verify it.")
        if meta.get("key_check") != key_check(algorithm, key, log_id):
            raise KeyStateError("The 'hmac_key' is not the key this audit log was created with.")
    elif key is not None:
        return VerifyResult(ok=False, events=0, head=None, code="unkeyed",
                            message=text("audit.verify.unkeyed"))
    chain = chain_function(algorithm, key)
    genesis = genesis_hash(chain, log_id)

    prev = genesis.encode()
    expected = 1
    anchor_seq: int | None = None
    last_time = b""
    bad: tuple[str, int, object] | None = None  # code, seq, found
    # The plain SHA-256 chain calls hashlib directly (no wrapper call per event).
    sha = hashlib.sha256 if algorithm == "sha256" and key is None else None
    try:
        for batch in store.stream(conn, start=None):
            for seq, record, h in batch:
                if seq != expected:
                    if type(seq) is not int or seq < 1:
                        bad = ("outside", expected, seq)
                    else:
                        bad = ("start" if expected == 1 else "missing", expected, seq)
                    break
                hx = sha(prev + record).hexdigest() if sha is not None else chain(prev + record)
                if hx != h:
                    moved = _record_seq(record)
                    bad = ("hash", seq, None) if moved in (None, seq) else ("moved", seq, moved)
                    break
                # "time":"YYYY-MM-DDTHH:MM:SS+00:00"} ends every dfgov record: such stamps
                # compare correctly as bytes; anything else is parsed.
                if record[-35:-27] == _TIME_KEY and record[-8:-2] == _UTC:
                    stamp: bytes | None = record[-27:-2]
                else:
                    stamp = _record_time(record)
                if stamp is None or stamp < last_time:
                    bad = ("time", seq, last_time.decode() if stamp is not None else None)
                    break
                last_time = stamp
                if hx == wanted:
                    anchor_seq = seq
                prev = hx.encode()
                expected += 1
            if bad is not None:
                break
    except (TypeError, AttributeError):  # a NULL or non-text value where a record belongs
        bad = ("hash", expected, None)

    events = expected - 1
    head = prev.decode() if events else None
    if bad is not None:
        code, bad_seq, found = bad
        if code == "time" and found is None:
            code = "hash"  # a record without a readable time is not a dfgov record
        shown = bad_seq if code != "start" else found
        msg = text(f"audit.verify.{code}", seq=shown, found=found, prev=bad_seq - 1)
        return VerifyResult(ok=False, events=events, head=head, first_bad_seq=bad_seq,
                            code=code, message=msg, keyed=keyed)
    if wanted is not None and anchor_seq is None:
        return VerifyResult(ok=False, events=events, head=head, first_bad_seq=events + 1,
                            code="anchor", message=text("audit.verify.anchor", events=events),
                            keyed=keyed)
    if keyed:
        message = text("audit.verify.ok", events=events)
    elif anchor_seq is not None:
        message = text("audit.verify.ok_anchored", events=events, anchor=anchor_seq)
    else:
        message = text("audit.verify.ok_unkeyed", events=events)
    return VerifyResult(ok=True, events=events, head=head, anchor_seq=anchor_seq,
                        message=message, keyed=keyed)
