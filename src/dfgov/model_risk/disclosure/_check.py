"""DisclosureCheck: the disclosure-completeness control over an AlgorithmDisclosure."""

from __future__ import annotations

from typing import ClassVar

import dfgov.model_risk.disclosure._messages  # noqa: F401  (registers texts)
from dfgov.clock import Clock, now
from dfgov.errors import InvalidInputError
from dfgov.i18n import text
from dfgov.model_risk._disclosure_policy import DisclosurePolicy
from dfgov.model_risk.disclosure._model import CLAUSES, AlgorithmDisclosure
from dfgov.policy import Policy, resolve_section
from dfgov.report import Report

__all__ = ["DisclosureCheck"]


class DisclosureCheck:
    """Check an algorithm disclosure (JR/T 0287-2023) for completeness and freshness.

    The control of the disclosure area: the :class:`AlgorithmDisclosure` is the
    document (its metadata), passed to :meth:`run` like any control's input.

    Parameters
    ----------
    policy : Policy or DisclosurePolicy, optional
        The ``[disclosure]`` section in force (required fields, whether a missing
        one warns or fails, the largest assessment age); None uses its defaults.
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Examples
    --------
    >>> from dfgov.model_risk.disclosure import AlgorithmDisclosure, DisclosureCheck
    >>> doc = AlgorithmDisclosure(algorithm_id="credit-score-v3")
    >>> report = DisclosureCheck().run(doc)
    >>> report.status.value
    'fail'
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "disclosure"
    clauses: ClassVar[tuple[str, ...]] = CLAUSES

    def __init__(self, policy: Policy | DisclosurePolicy | None = None, *,
                 clock: Clock | None = None) -> None:
        self.section = resolve_section(policy, DisclosurePolicy, "DisclosureCheck")
        self.policy = policy
        self.clock = clock

    def run(self, disclosure: AlgorithmDisclosure) -> Report:
        """A Report with one finding per missing required field (or one that all are
        filled) and the assessment-age finding, in English and Chinese."""
        if not isinstance(disclosure, AlgorithmDisclosure):
            raise InvalidInputError(
                "The 'disclosure' argument of DisclosureCheck.run must be an "
                f"AlgorithmDisclosure. Got {type(disclosure).__name__}."
            )
        started = now(self.clock)
        return Report.build(
            disclosure.check(self.section, clock=self.clock), title=text("disclosure.title"),
            policy=self.policy if isinstance(self.policy, Policy) else None,
            started_at=started, clock=self.clock,
        )
