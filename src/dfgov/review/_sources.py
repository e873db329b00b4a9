"""Where the checklist reads its evidence: stored artefacts, the outsourcing register, the log."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dfgov.errors import IntegrityError, InvalidInputError
from dfgov.policy import Policy
from dfgov.review._evidence import decode_artefact

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["StoreSources"]


class StoreSources:
    """The evidence behind a review store's database (an ``EvidenceSource``).

    Parameters
    ----------
    engine : sqlalchemy.Engine
        The database of the review store, the outsourcing register and the audit log.
    artefacts : sqlalchemy.Table
        The table of stored evidence, by digest.
    audit_log : AuditLog
        Where disclosures are published (``disclosure.launch`` events).
    policy : Policy
        Its ``[disclosure] required_fields``.
    """

    def __init__(self, engine: sa.Engine, artefacts: sa.Table, audit_log: Any,
                 policy: Policy) -> None:
        self.engine = engine
        self.table = artefacts
        self.audit_log = audit_log
        self.policy = policy
        self._cache: dict[str, Any] = {}

    def artefact(self, digest: str) -> Any:
        """The stored evidence with ``digest``, or None; IntegrityError if it was altered."""
        import sqlalchemy as sa

        if digest in self._cache:
            return self._cache[digest]
        t = self.table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(t.c.kind, t.c.data).where(t.c.digest == digest)).first()
        if row is None:
            return None
        obj, again = decode_artefact(row.kind, row.data)
        if again != digest:
            raise IntegrityError(
                f"The stored evidence {digest[:16]}… no longer has its digest; it was altered.")
        self._cache[digest] = obj
        return obj

    def store_artefact(self, kind: str, text: str, digest: str) -> None:
        """Keep evidence under its digest (a second copy of the same digest is not written)."""
        import sqlalchemy as sa

        t = self.table
        try:
            with self.engine.begin() as conn:
                if conn.execute(sa.select(t.c.digest).where(t.c.digest == digest)).first() \
                        is None:
                    conn.execute(sa.insert(t).values(digest=digest, kind=kind, data=text))
        except sa.exc.IntegrityError:  # stored concurrently: same digest, same content
            pass

    def arrangement(self, arrangement_id: str) -> tuple[str, bool] | None:
        """``(state, important)`` of an arrangement in the outsourcing register, or None."""
        import sqlalchemy as sa

        from dfgov.outsourcing import OutsourcingRegistry

        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("dfgov_outsourcing_arrangements"):
                return None
        reg = OutsourcingRegistry(self.engine)
        try:
            case = reg.case(arrangement_id)
        except InvalidInputError:
            return None
        return case.status, bool(case.arrangement.important)

    def published(self, digest: str) -> bool | None:
        """Whether the audit log holds a launch/major-change event of this disclosure digest.

        None when the audit log cannot be read back (an append-only sink): then
        publication cannot be shown, and the checklist fails it.
        """
        events = getattr(self.audit_log, "events", None)
        if not callable(events):
            return None
        for action in ("disclosure.launch", "disclosure.major_change"):
            for e in events(action=action):
                try:
                    if json.loads(e.payload_json).get("digest") == digest:
                        return True
                except (ValueError, AttributeError):
                    continue
        return False

    def required_disclosure_fields(self) -> list[str]:
        """The ``[disclosure] required_fields`` of the policy."""
        from dfgov.model_risk.disclosure import DisclosurePolicy

        return list(self.policy.section(DisclosurePolicy).required_fields)
