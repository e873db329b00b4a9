"""The decision vocabulary monitoring needs, read from the policy in one place.

Which label is favourable for the applicant, which label the score is the
probability of, and the decision threshold. Today they live in the
``[assessment]`` section; :func:`decision_vocabulary` is the only place that
reads them, so moving them to another section changes one function.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    from dfgov.policy import Policy

__all__ = ["Decisions", "decision_vocabulary"]


@dataclass(frozen=True)
class Decisions:
    """How labels, scores and decisions are read.

    Attributes
    ----------
    favourable_label : int or str
        The outcome (and decision) that is good for the applicant, e.g. 0
        (no default); selection rates count it.
    score_label : int or str
        The label whose probability the score is (e.g. 1, the default).
    decision_threshold : float
        A score at or above it decides ``score_label``.
    """

    favourable_label: Any
    score_label: Any
    decision_threshold: float

    def __post_init__(self) -> None:
        t = self.decision_threshold
        if isinstance(t, bool) or not isinstance(t, int | float) or not 0.0 <= float(t) <= 1.0:
            raise InvalidInputError(
                "The 'decision_threshold' of the decision vocabulary must be a number in [0, 1]."
            )

    @property
    def score_is_favourable(self) -> bool:
        """Whether the score is the probability of the favourable label."""
        return bool(self.score_label == self.favourable_label)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the stored baseline)."""
        return {"favourable_label": self.favourable_label, "score_label": self.score_label,
                "decision_threshold": float(self.decision_threshold)}


def decision_vocabulary(policy: Policy | None) -> Decisions:
    """The favourable label, score label and decision threshold in force under ``policy``."""
    from dfgov.model_risk import AssessmentPolicy
    from dfgov.policy import Policy

    pol = policy if policy is not None else Policy.default()
    sec = pol.section(AssessmentPolicy)
    return Decisions(favourable_label=sec.favourable_label, score_label=sec.positive_label,
                     decision_threshold=float(sec.decision_threshold))
