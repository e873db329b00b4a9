"""The decision vocabulary monitoring needs, read from the policy in one place.

Which label is favourable for the applicant, whether a score is the
probability of that outcome or of the other one, and the decision threshold:
the policy's ``[model_risk]`` section, read through the model-risk area's
public :class:`~dfgov.model_risk.DecisionVocabulary` by :func:`decision_vocabulary`
(the only place monitoring reads them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dfgov._validate import check_range

if TYPE_CHECKING:
    from dfgov.policy import Policy

__all__ = ["Decisions", "decision_vocabulary"]


@dataclass(frozen=True)
class Decisions:
    """How labels, scores and decisions are read.

    Attributes
    ----------
    favourable_label : int, bool or str
        The outcome (and decision) that is good for the applicant, e.g. 0
        (no default); selection rates count it.
    score_is_favourable : bool
        Whether a score is the probability of the favourable outcome (else of
        the other one, e.g. of default).
    decision_threshold : float
        A score at or above it decides for the outcome it is the probability of.
    """

    favourable_label: Any
    score_is_favourable: bool
    decision_threshold: float

    def __post_init__(self) -> None:
        t = self.decision_threshold
        check_range(t, 0.0, 1.0, caller="the decision vocabulary", parameter="decision_threshold",
                    closed=True)

    @property
    def other_label(self) -> Any:
        """The other label of 0/1 (or boolean) labels; None for text labels (any one other)."""
        fav = self.favourable_label
        if isinstance(fav, bool):
            return not fav
        if isinstance(fav, int) and fav in (0, 1):
            return 1 - fav
        return None

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for the stored baseline)."""
        return {"favourable_label": self.favourable_label,
                "score_direction": "higher_is_favourable" if self.score_is_favourable
                else "higher_is_unfavourable",
                "decision_threshold": float(self.decision_threshold)}


def decision_vocabulary(policy: Policy | None) -> Decisions:
    """The favourable label, score direction and decision threshold in force under ``policy``.

    Raises
    ------
    PolicyError
        ``[model_risk] favourable_label`` or ``score_direction`` is not stated
        (dfgov never guesses them); the message names the key.
    """
    from dfgov.model_risk import DecisionVocabulary

    voc = DecisionVocabulary.from_policy(policy)
    caller = "dfgov.monitoring"
    fav = voc.require_favourable({}, caller=caller)
    direction = voc.require_direction(caller=caller)
    return Decisions(favourable_label=fav,
                     score_is_favourable=direction == "higher_is_favourable",
                     decision_threshold=float(voc.decision_threshold))
