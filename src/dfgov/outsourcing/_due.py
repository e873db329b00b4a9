"""Due dates of the outsourcing register's recurring work, as plain records.

The same rules as :class:`~dfgov.outsourcing.OutsourcingReview` (which turns
the overdue ones into findings), but with the date each piece of work falls
due, so a cross-area view (``dfgov due``) can list what is overdue and what
is soon due: assessments (141 Art.35), exit-plan tests (Art.31), audits of
important outsourcing (Art.36) and contract ends net of the notice period
(Art.29).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dfgov._validate import param_error
from dfgov.outsourcing._policy import OutsourcingPolicy
from dfgov.outsourcing._records import RUNNING
from dfgov.policy import resolve_section

if TYPE_CHECKING:
    from dfgov.outsourcing._frames import Portfolio
    from dfgov.outsourcing._store import OutsourcingRegistry
    from dfgov.policy import Policy

__all__ = ["due_items"]



def due_items(
    data: OutsourcingRegistry | Portfolio,
    *,
    policy: Policy | OutsourcingPolicy | None = None,
) -> list[dict[str, Any]]:
    """The recurring work of every running arrangement and the date it falls due.

    Parameters
    ----------
    data : OutsourcingRegistry or Portfolio
        The register (its :meth:`~OutsourcingRegistry.portfolio` is read) or a portfolio.
    policy : Policy or OutsourcingPolicy, optional
        Frequencies (``assessment_months_important``, ``assessment_months_other``,
        ``exit_test_months``, ``audit_months_important``).

    Returns
    -------
    list of dict
        One record per piece of work: ``area`` ("outsourcing"), ``kind``
        ("assessment", "exit_test", "exit_plan", "audit" or "contract_end"),
        ``subject`` (arrangement id), ``due`` (a date, or None when it was never
        done and is due now), ``last`` (date of the last one, or None) and
        ``clauses``.

    Examples
    --------
    >>> from dfgov.outsourcing import OutsourcingRegistry
    >>> due_items(OutsourcingRegistry("sqlite://"))
    []
    """
    import pandas as pd

    from dfgov.outsourcing._frames import Portfolio

    pol = resolve_section(policy, OutsourcingPolicy, "due_items")
    if isinstance(data, Portfolio):
        port = data
    elif callable(getattr(data, "portfolio", None)):
        port = data.portfolio()
    else:
        raise param_error("due_items", "data", "must be an OutsourcingRegistry or a Portfolio",
                          got_text=f"type {type(data).__name__}")
    arr = port.arrangements
    out: list[dict[str, Any]] = []

    def day(value: Any) -> date | None:
        return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

    def plus(base: date | None, months: int) -> date | None:
        return None if base is None else (pd.Timestamp(base) + pd.DateOffset(months=months)
                                          ).date()

    for row in arr.to_dict("records"):
        if row["status"] not in RUNNING:
            continue
        important = bool(row["important"])
        start = day(row["contract_start"])
        subject = str(row["arrangement_id"])

        def item(kind: str, last: date | None, due: date | None,
                 clauses: tuple[str, ...], subject: str = subject) -> None:
            out.append({"area": "outsourcing", "kind": kind, "subject": subject, "due": due,
                        "last": last, "clauses": ("AP-16", *clauses)})

        months = pol.assessment_months_important if important else pol.assessment_months_other
        last = day(row["last_assessment"])
        item("assessment", last, plus(last or start, months),
             ("CBIRC-2021-141 Art.35", "DORA Art.28"))
        if important:
            if not bool(row["exit_plan"]):
                item("exit_plan", None, None, ("CBIRC-2021-141 Art.31", "DORA Art.28"))
            else:
                last = day(row["last_exit_test"])
                item("exit_test", last, plus(last or start, pol.exit_test_months),
                     ("CBIRC-2021-141 Art.31", "DORA Art.28"))
            last = day(row["last_audit"])
            item("audit", last, plus(last or start, pol.audit_months_important),
                 ("CBIRC-2021-141 Art.36",))
        end = day(row["contract_end"])
        if end is not None:
            notice = 0 if pd.isna(row["notice_days"]) else int(row["notice_days"])
            item("contract_end", None,
                 (pd.Timestamp(end) - pd.Timedelta(days=notice)).date(),
                 ("CBIRC-2021-141 Art.29", "EBA/GL/2019/02 ¶54"))
    return out
