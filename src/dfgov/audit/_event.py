"""Plain result types of the audit log: :class:`AuditEvent` and :class:`VerifyResult`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from dfgov._report_model import Finding
    from dfgov.i18n import LocalizedText

__all__ = ["AuditEvent", "VerifyResult"]


class AuditEvent(NamedTuple):
    """One event of an audit log, as stored (immutable).

    Attributes
    ----------
    seq : int
        Sequence number, 1 for the first event, without gaps.
    time : str
        UTC wall-clock time of the append, ISO 8601, whole seconds. Never
        pinned: ``SOURCE_DATE_EPOCH`` and ``--fixed-time`` pin report times
        only, so an event cannot be backdated.
    actor, action : str
        Who did what.
    subject : str or None
        What it concerns (a model, a vendor, a key id).
    payload_digest : str
        Hex digest of the payload's canonical JSON.
    payload_json : str
        The payload's canonical JSON text; :attr:`payload` parses it.
    prev_hash, hash : str
        Chain value before and after this event (hex).
    """

    seq: int
    time: str
    actor: str
    action: str
    subject: str | None
    payload_digest: str
    payload_json: str
    prev_hash: str
    hash: str

    def __repr__(self) -> str:
        return (f"AuditEvent(seq={self.seq}, time={self.time!r}, actor={self.actor!r}, "
                f"action={self.action!r}, subject={self.subject!r}, hash={self.hash!r})")

    @property
    def payload(self) -> dict[str, Any]:
        """The payload as a dict (parsed from :attr:`payload_json`)."""
        value: dict[str, Any] = json.loads(self.payload_json)
        return value

    @property
    def timestamp(self) -> datetime:
        """:attr:`time` as an aware datetime."""
        return datetime.fromisoformat(self.time)

    @classmethod
    def from_record(cls, record: str | bytes, prev_hash: str, hash: str) -> AuditEvent:
        """Build an event from its stored canonical record."""
        from dfgov.audit._canonical import canonical_json

        data = json.loads(record)
        return cls(
            seq=int(data["seq"]), time=str(data["time"]), actor=str(data["actor"]),
            action=str(data["action"]), subject=data["subject"],
            payload_digest=str(data["payload_digest"]),
            payload_json=canonical_json(data["payload"]), prev_hash=prev_hash, hash=hash,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-compatible dict of every field, payload parsed."""
        return {
            "seq": self.seq, "time": self.time, "actor": self.actor, "action": self.action,
            "subject": self.subject, "payload": self.payload,
            "payload_digest": self.payload_digest, "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """Outcome of :meth:`dfgov.audit.AuditLog.verify`.

    Attributes
    ----------
    ok : bool
        True when the chain is intact (and reaches the anchor, when one was given).
    events : int
        Number of events that verified before the first problem (all of them when ok).
    head : str or None
        Chain hash of the last verified event (None for an empty log).
    first_bad_seq : int or None
        Sequence number of the first event that does not verify: the edited,
        missing or displaced event, or for a truncated log the first one past
        the remaining events.
    reason : str or None
        What is wrong, in English (:attr:`message` has both languages).
    code : str or None
        Machine-readable kind: ``missing``, ``start``, ``outside`` (a row
        numbered below 1), ``hash``, ``moved``, ``time`` (an event dated
        before its predecessor), ``anchor``, ``unkeyed``.
    anchor_seq : int or None
        Where the anchor was found.
    keyed : bool
        Whether the chain was checked with the log's HMAC key. Only then does
        ``ok`` prove that nobody without the key changed the log; for an
        unkeyed log, ``ok`` proves consistency (and, with an anchor, that the
        events up to ``anchor_seq`` are unchanged) — :attr:`proves` says which.
    """

    ok: bool
    events: int
    head: str | None
    first_bad_seq: int | None = None
    code: str | None = None
    message: LocalizedText | None = field(default=None, repr=False)
    anchor_seq: int | None = None
    keyed: bool = False

    @property
    def proves(self) -> str:
        """What an ok result proves: ``"keyed"`` (nobody without the key changed
        the log), ``"anchor"`` (the events up to the anchor are unchanged) or
        ``"consistency"`` (only that the chain is internally consistent);
        ``"nothing"`` when not ok."""
        if not self.ok:
            return "nothing"
        if self.keyed:
            return "keyed"
        return "anchor" if self.anchor_seq is not None else "consistency"

    @property
    def reason(self) -> str | None:
        """English text of :attr:`message`."""
        return None if self.message is None else self.message.en

    def __bool__(self) -> bool:
        return self.ok

    def raise_if_tampered(self) -> VerifyResult:
        """Raise :class:`dfgov.errors.TamperError` unless ok; return self."""
        from dfgov.errors import TamperError

        if not self.ok:
            raise TamperError(f"The audit log does not verify: {self.reason}")
        return self

    def to_finding(self) -> Finding:
        """A :class:`dfgov.report.Finding` (control ``audit.chain``) for reports."""
        from dfgov._report_model import Finding, Status
        from dfgov.audit import _messages  # noqa: F401  (registers texts)
        from dfgov.i18n import text

        message = self.message or text(
            "audit.verify.ok" if self.keyed else "audit.verify.ok_unkeyed", events=self.events)
        return Finding(
            control="audit.chain",
            status=Status.PASS if self.ok else Status.FAIL,
            message=message,
            metric="events_verified",
            value=float(self.events),
            subject=self.head,
            clauses=("AP-16", "JR/T 0221-2021 §6.4", "EU AI Act Art.12"),
            details={"first_bad_seq": self.first_bad_seq, "code": self.code,
                     "proves": self.proves},
        )
