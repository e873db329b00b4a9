"""What a component needs of an audit log (:class:`AuditSink`), and an in-memory one.

Every component that records consequential acts (assessments, key rotations, vendor
transitions, disclosures, inventory and review steps) takes an ``AuditSink``:
:class:`dfgov.audit.AuditLog` is the durable, hash-chained one; :class:`MemoryAuditLog`
keeps events in a list (tests, dry runs, a bank's own forwarding adapter to start from).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol, runtime_checkable

__all__ = ["AuditSink", "MemoryAuditLog"]


@runtime_checkable
class AuditSink(Protocol):
    """Anything with :meth:`dfgov.audit.AuditLog.append`'s keyword signature."""

    def append(self, *, action: str, actor: str | None = None, subject: str | None = None,
               payload: Mapping[str, Any] | None = None) -> Any:
        """Record one event: what happened, who did it, to what, with which details."""
        ...


class MemoryAuditLog:
    """An audit sink that keeps every event in memory, in order (nothing is chained or stored).

    Examples
    --------
    >>> log = MemoryAuditLog()
    >>> _ = log.append(action="key.rotate", actor="ops", subject="customers/phone")
    >>> log.actions(), len(log)
    (['key.rotate'], 1)
    >>> log.events[0]["subject"]
    'customers/phone'
    """

    def __init__(self) -> None:
        #: The events appended so far: dicts with ``action``, ``actor``, ``subject``, ``payload``.
        self.events: list[dict[str, Any]] = []

    def append(self, *, action: str, actor: str | None = None, subject: str | None = None,
               payload: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Record one event and return it."""
        event = {"action": action, "actor": actor, "subject": subject,
                 "payload": dict(payload) if payload is not None else None}
        self.events.append(event)
        return event

    def actions(self) -> list[str]:
        """The actions of the events, in order."""
        return [e["action"] for e in self.events]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.events)

    def __repr__(self) -> str:
        return f"MemoryAuditLog({len(self.events)} events)"
