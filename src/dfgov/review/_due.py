"""What the review register has due: post-launch reviews, conditions, waiver expiries.

:func:`due_items` returns plain records, so a view over every store of a
database (``dfgov due``) can list them beside model validations,
data-security assessments and outsourcing reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dfgov.clock import now
from dfgov.i18n import LocalizedText, text
from dfgov.report import Finding, Status

if TYPE_CHECKING:
    import sqlalchemy as sa

    from dfgov.review._store import ReviewStore

__all__ = ["DueItem", "due_items"]

DueStatus = Literal["overdue", "due_soon", "scheduled"]
_CLAUSES = {
    "review.post_launch_review": ("AP-16", "JR/T 0221-2021 §6.5"),
    "review.condition": ("AP-16",),
    "waiver.expiry": ("AP-16", "SR 11-7 §VI"),
}
_STATUS = {"overdue": Status.FAIL, "due_soon": Status.WARN, "scheduled": Status.PASS}


@dataclass(frozen=True)
class DueItem:
    """One dated obligation of the review register.

    Attributes
    ----------
    kind : str
        ``review.post_launch_review``, ``review.condition`` or ``waiver.expiry``.
    subject : str
        The review id, ``<review id>/<condition id>``, or the waiver id.
    due : date
    status : {"overdue", "due_soon", "scheduled"}
        Overdue when ``due`` is before the day asked about (a waiver is never
        overdue: it simply stops holding).
    owner : str, optional
        Who must act (product owner, condition owner, waiver requester).
    message : LocalizedText
    clauses : tuple of str
    """

    kind: str
    subject: str
    due: date
    status: DueStatus
    owner: str | None
    message: LocalizedText
    clauses: tuple[str, ...]

    def to_finding(self, as_of: date) -> Finding:
        """A Finding: overdue fails, due soon warns, scheduled passes."""
        return Finding(control=self.kind, status=_STATUS[self.status], subject=self.subject,
                       message=self.message, metric="days_until_due",
                       value=float((self.due - as_of).days), clauses=self.clauses,
                       details={"due": self.due.isoformat(), "owner": self.owner})


def _status(due: date, day: date, soon: int) -> DueStatus:
    if due < day:
        return "overdue"
    return "due_soon" if (due - day).days <= soon else "scheduled"


def due_items(
    store: ReviewStore | str | Path | sa.Engine,
    as_of: date | None = None,
    *,
    within_days: int | None = None,
    include_scheduled: bool = False,
) -> list[DueItem]:
    """Dated obligations of the review register, soonest first.

    Parameters
    ----------
    store : ReviewStore, or its database (path, URL or Engine)
        A database without review tables has nothing due (nothing is created).
    as_of : date, optional
        The day asked about (default today).
    within_days : int, optional
        What counts as due soon (default ``[review] due_soon_days``).
    include_scheduled : bool, default False
        Also list obligations further away.
    """
    from dfgov.review._store import ReviewStore

    own: ReviewStore | None = None
    owns = False
    if not isinstance(store, ReviewStore):
        import sqlalchemy as sa

        from dfgov._sql import open_engine
        from dfgov.review._schema import PREFIX

        engine, owns = open_engine(store, "due_items", create=False)
        with engine.connect() as conn:
            present = sa.inspect(conn).has_table(PREFIX + "dossiers")
        if not present:
            if owns:
                engine.dispose()
            return []
        own = ReviewStore(engine)
        store = own
    try:
        return _collect(store, as_of or now(store.clock).date(), within_days, include_scheduled)
    finally:
        if own is not None:
            own.close()
            if owns:
                own.engine.dispose()


def _collect(store: ReviewStore, day: date, within_days: int | None,
             include_scheduled: bool) -> list[DueItem]:
    soon = store.settings.due_soon_days if within_days is None else within_days
    out: list[DueItem] = []

    def add(kind: str, subject: str, due: date, owner: str | None, message: Any,
            *, never_overdue: bool = False) -> None:
        status = _status(due, day, soon)
        if never_overdue and status == "overdue":
            return
        if status == "scheduled" and not include_scheduled:
            return
        out.append(DueItem(kind, subject, due, status, owner, message, _CLAUSES[kind]))

    for case in store.cases():
        d = case.dossier
        if case.state in ("launched", "post_launch_review_due") and case.next_review_due:
            add("review.post_launch_review", case.id, case.next_review_due, d.owner,
                text("review.due.post_launch", review=case.id, product=d.product))
        if case.state in ("withdrawn", "rejected"):
            continue
        for c in case.open_conditions():
            add("review.condition", f"{case.id}/{c.id}", c.deadline, c.owner,
                text("review.due.condition", review=case.id, id=c.id, text=c.text))
    for w in store.waivers.active(day):
        add("waiver.expiry", w.id, w.expires, w.requester,
            text("review.due.waiver", id=w.id, target=w.target, model=w.model,
                  version=w.version), never_overdue=True)
    return sorted(out, key=lambda i: (i.due, i.kind, i.subject))
