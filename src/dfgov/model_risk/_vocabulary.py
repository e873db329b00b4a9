"""The decision vocabulary in force: favourable label, score direction, threshold.

:class:`DecisionVocabulary` is read once from the policy's ``[model_risk]``
section (:meth:`DecisionVocabulary.from_policy`) and is the one place where
labels are mapped to "favourable" and scores to decisions. Every model-risk
control, and the composers that build on them (monitoring, review, reports),
use it instead of reading label or threshold keys themselves.

It never guesses: a favourable label the policy does not state, a label that is
not among the values found, more than two label values, or decisions that are
really scores are errors that name the key or argument and say what to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError, PolicyError
from dfgov.model_risk._policy import ModelRiskPolicy, ScoreDirection
from dfgov.policy import Policy, PolicySection

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["DecisionVocabulary", "describe_labels", "distinct_labels"]

_KEY = "[model_risk] favourable_label"
_DIRECTION_KEY = "[model_risk] score_direction"
_MAX_SHOWN = 10


def _as_1d(values: Any) -> np.ndarray:
    import numpy as np
    import pandas as pd

    if isinstance(values, pd.DataFrame):
        values = values.iloc[:, 0] if values.shape[1] == 1 else values.to_numpy()
    arr = values.to_numpy() if isinstance(values, pd.Series | pd.Index) else np.asarray(values)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    return arr


def distinct_labels(values: Any) -> list[Any]:
    """The distinct values of a label array (NaN/None left out), as Python scalars, sorted."""
    import pandas as pd

    arr = _as_1d(values)
    found: list[Any]
    if arr.dtype.kind == "b":  # no sort: two reductions
        found = [v for v, present in ((False, not bool(arr.all())), (True, bool(arr.any())))
                 if present and arr.size]
    elif arr.dtype.kind in "iu" and arr.size and int(arr.min()) >= 0 and int(arr.max()) <= 1:
        found = [x for x in (0, 1) if bool((arr == x).any())]
    else:
        found = [v.item() if hasattr(v, "item") else v for v in pd.unique(arr) if not pd.isna(v)]
    try:
        return sorted(found)
    except TypeError:
        return sorted(found, key=repr)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def describe_labels(arrays: Mapping[str, Any]) -> str:
    """"values found in 'y': 0 (700 rows), 1 (300 rows)" for each array (at most 10 values)."""
    import pandas as pd

    parts = []
    for name, values in arrays.items():
        if values is None:
            continue
        counts = pd.Series(_as_1d(values)).value_counts(dropna=False)
        with contextlib.suppress(TypeError):
            counts = counts.sort_index()
        shown = ", ".join(f"{_show(v.item() if hasattr(v, 'item') else v)} ({int(c):,} rows)"
                          for v, c in list(counts.items())[:_MAX_SHOWN])
        more = f" and {len(counts) - _MAX_SHOWN} more" if len(counts) > _MAX_SHOWN else ""
        parts.append(f"values found in {name!r}: {shown}{more}")
    return "; ".join(parts) if parts else "no labels were given"


@dataclass(frozen=True)
class DecisionVocabulary:
    """Which label is favourable, what a score means, and the one decision threshold.

    Parameters
    ----------
    favourable_label : int, bool or str, optional
        The label value favourable to the applicant (e.g. 0 when the target is
        ``default``). None means "not stated": anything that needs it raises.
    score_direction : {"higher_is_unfavourable", "higher_is_favourable"}, optional
        What a higher score means; a score is the probability of the outcome it
        points to. None means "not stated".
    decision_threshold : float, default 0.5
        A score ``>=`` the threshold decides for the outcome the score points to.
    one_vs_rest : bool, default False
        Judge a multi-class model as the favourable class against the rest (set
        by the assessment for a multi-class model; every finding then says so).

    Examples
    --------
    >>> import dfgov
    >>> from dfgov.model_risk import DecisionVocabulary
    >>> p = dfgov.Policy.loads(
    ...     '[model_risk]\\nfavourable_label = 0\\nscore_direction = "higher_is_unfavourable"\\n')
    >>> v = DecisionVocabulary.from_policy(p)
    >>> v.favourable([0, 1, 1]).tolist()
    [True, False, False]
    >>> v.decide([0.2, 0.7]).tolist()  # favourable decisions: a low probability of default
    [True, False]
    """

    favourable_label: Any = None
    score_direction: ScoreDirection | None = None
    decision_threshold: float = 0.5
    one_vs_rest: bool = False

    @classmethod
    def from_policy(cls, policy: Policy | PolicySection | None) -> DecisionVocabulary:
        """The vocabulary of ``policy``'s ``[model_risk]`` section (its defaults for None)."""
        sec = policy.section(ModelRiskPolicy) if isinstance(policy, Policy) else (
            policy if isinstance(policy, ModelRiskPolicy) else ModelRiskPolicy())
        return cls(favourable_label=sec.favourable_label, score_direction=sec.score_direction,
                   decision_threshold=sec.decision_threshold)

    @classmethod
    def resolve(cls, vocabulary: DecisionVocabulary | None, policy: Any) -> DecisionVocabulary:
        """For a control: the ``vocabulary`` it was given, else its policy's (when a Policy)."""
        if vocabulary is not None:
            return vocabulary
        return cls.from_policy(policy if isinstance(policy, Policy) else None)

    def with_favourable(self, label: Any) -> DecisionVocabulary:
        """A copy whose favourable label is ``label`` (e.g. True for already-mapped labels)."""
        return replace(self, favourable_label=label)

    # -- labels ---------------------------------------------------------
    def require_favourable(self, arrays: Mapping[str, Any], *, caller: str,
                           classes: Sequence[Any] | None = None) -> Any:
        """The favourable label; a PolicyError naming the key and the values found if unset."""
        if self.favourable_label is None:
            found = describe_labels(arrays)
            if classes is not None and not any(v is not None for v in arrays.values()):
                found = "the model's classes are " + ", ".join(_show(c) for c in classes)
            raise PolicyError(
                f"{caller} needs the favourable label: set {_KEY} (the label value favourable "
                f"to the applicant, e.g. 0 when the target is 'default'); dfgov never guesses "
                f"it. {found[0].upper() + found[1:]}.",
                path="model_risk.favourable_label",
            )
        return self.favourable_label

    def check_labels(self, arrays: Mapping[str, Any], *, caller: str,
                     classes: Sequence[Any] | None = None) -> list[Any]:
        """Check label arrays against the vocabulary; return the label values in use.

        ``arrays`` maps argument names to label arrays: first the true labels
        (``y``), then decisions (``y_pred``). ``classes`` are a model's labels.
        Raises, naming the argument or key and the rule, for: an unstated
        favourable label, missing values, "labels" that are scores, decisions
        outside the labels, more than two labels (unless ``one_vs_rest``), and a
        favourable label that is not among them.
        """
        import numpy as np
        import pandas as pd

        given = {k: v for k, v in arrays.items() if v is not None}
        fav = self.require_favourable(given, caller=caller, classes=classes)
        found: dict[str, list[Any]] = {}
        for name, values in given.items():
            arr = _as_1d(values)
            if arr.ndim != 1:
                raise InvalidInputError(
                    f"The {name!r} argument of {caller} must be one-dimensional.")
            if arr.dtype.kind in "fcO" and bool(pd.isna(arr).any()):
                raise InvalidInputError(
                    f"The {name!r} argument of {caller} must not contain missing values.")
            if arr.dtype.kind in "fc" and not bool(np.all(arr == np.round(arr))):
                raise InvalidInputError(
                    f"The {name!r} argument of {caller} holds values that are not labels "
                    f"(probabilities or scores?): decisions and outcomes must be label values. "
                    f"Pass scores as scores (y_score, --score-column) with {_DIRECTION_KEY} "
                    f"and [model_risk] decision_threshold stated, or map them to labels."
                )
            found[name] = distinct_labels(arr)
        names = list(found)
        if classes is not None:
            labels = list(classes)
            for name in names:
                outside = [v for v in found[name] if v not in labels]
                if outside:
                    raise InvalidInputError(
                        f"The {name!r} argument of {caller} holds labels the model does not "
                        f"predict; the model's classes are {', '.join(_show(c) for c in labels)}"
                        f". {describe_labels(given)}."
                    )
        else:
            labels = list(found[names[0]]) if names else []
            for name in names[1:]:
                outside = [v for v in found[name] if v not in labels]
                if outside and len(labels) + len(outside) <= 2 and len(labels) < 2:
                    labels = sorted([*labels, *outside], key=repr)
                elif outside:
                    raise InvalidInputError(
                        f"The {name!r} argument of {caller} holds values that are not among the "
                        f"labels of {names[0]!r}: decisions must use the same label values as "
                        f"the outcomes. {describe_labels(given)}."
                    )
        if len(labels) > 2 and not self.one_vs_rest:
            raise InvalidInputError(
                f"{caller} judges two outcomes, favourable and unfavourable; found "
                f"{len(labels)} label values. Map the labels to two values, or give a "
                f"multi-class model and name its favourable class in {_KEY} (judged "
                f"one-versus-rest). {describe_labels(given)}."
            )
        same_kind = not labels or all(isinstance(v, str) == isinstance(fav, str) for v in labels)
        if fav not in labels and (len(labels) >= 2 or classes is not None or not same_kind):
            hint = "" if same_kind else (" (the policy's value is text and the labels are not, "
                                         "or the other way round)")
            shown = describe_labels(given) if given else (
                "Model classes: " + ", ".join(_show(c) for c in labels))
            raise InvalidInputError(
                f"The {_KEY} {_show(fav)} is not one of the labels{hint}. {shown}."
            )
        return labels

    def favourable(self, labels: Any) -> npt.NDArray[np.bool_]:
        """True where ``labels`` equal the favourable label (the one mapping of labels)."""
        import numpy as np

        fav = self.require_favourable({"labels": labels}, caller="DecisionVocabulary")
        arr = _as_1d(labels)
        if arr.dtype.kind == "b" and isinstance(fav, bool | int):
            return arr if bool(fav) else ~arr
        return np.asarray(arr == fav, dtype=bool)

    # -- scores ---------------------------------------------------------
    def require_direction(self, *, caller: str) -> ScoreDirection:
        """The score direction; a PolicyError naming the key when it is not stated."""
        if self.score_direction is None:
            raise PolicyError(
                f"{caller} uses scores, so it needs {_DIRECTION_KEY}: "
                '"higher_is_unfavourable" when a score is the probability of the unfavourable '
                'label (e.g. of default), "higher_is_favourable" when it is the probability of '
                "the favourable one. dfgov never guesses it.",
                path="model_risk.score_direction",
            )
        return self.score_direction

    @property
    def score_is_favourable(self) -> bool:
        """Whether a score is the probability of the favourable outcome."""
        return self.require_direction(caller="DecisionVocabulary") == "higher_is_favourable"

    def favourable_score(self, score: Any) -> npt.NDArray[np.float64]:
        """The probability of the favourable outcome, from scores in the declared direction."""
        import numpy as np

        s = np.asarray(score, dtype=np.float64)
        return s if self.score_is_favourable else 1.0 - s

    def decide(self, score: Any) -> npt.NDArray[np.bool_]:
        """Favourable decisions: ``score >= threshold`` decides for the outcome it points to."""
        import numpy as np

        hit = np.asarray(score, dtype=np.float64) >= self.decision_threshold
        return hit if self.score_is_favourable else ~hit

    def event(self, labels: Any) -> npt.NDArray[np.int64]:
        """1 where the outcome is the one a score is the probability of, else 0."""
        import numpy as np

        fav = self.favourable(labels)
        return np.asarray(fav if self.score_is_favourable else ~fav, dtype=np.int64)

    def describe(self) -> dict[str, Any]:
        """The vocabulary as report metadata."""
        return {"favourable_label": self.favourable_label,
                "score_direction": self.score_direction,
                "decision_threshold": self.decision_threshold,
                "one_vs_rest": self.one_vs_rest}
