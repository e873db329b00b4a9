"""A model as every model-risk control scores it: adapter + decision vocabulary.

:class:`DecisionScorer` wraps a :class:`~dfgov.model_risk._adapter.ModelAdapter`
and a :class:`DecisionVocabulary`. Its :meth:`~DecisionScorer.score` is the
probability of the outcome the policy's ``score_direction`` points to (e.g. of
default), computed from the model's class probabilities through the adapter on
the columns the model was fitted on, in its order. It also speaks
scikit-learn's binary-classifier API (``classes_ = [0, 1]``, ``predict_proba``
whose column 1 is that score), so the perturbation, monotonicity, evasion and
membership routines judge every model family the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.model_risk._adapter import ModelAdapter, adapt
from dfgov.model_risk._align import has_columns
from dfgov.model_risk._vocabulary import DecisionVocabulary

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["DecisionScorer", "as_scorer"]


class DecisionScorer:
    """The declared score of a model: ``score(X)``, and ``predict_proba`` of [other, score].

    Parameters
    ----------
    adapter : ModelAdapter
    vocabulary : DecisionVocabulary
        Must state the favourable label (one of the model's classes) and the
        score direction. A model with more than two classes needs
        ``vocabulary.one_vs_rest``.
    caller : str
        Named in errors.
    """

    def __init__(self, adapter: ModelAdapter, vocabulary: DecisionVocabulary, *,
                 caller: str = "the model-risk controls") -> None:
        import numpy as np

        classes = list(adapter.classes)
        fav = vocabulary.require_favourable({}, caller=caller, classes=classes)
        vocabulary.require_direction(caller=caller)
        if fav not in classes:
            raise InvalidInputError(
                f"The [model_risk] favourable_label {fav!r} is not one of the model's classes "
                f"({', '.join(repr(c) for c in classes)})."
            )
        if len(classes) > 2 and not vocabulary.one_vs_rest:
            raise InvalidInputError(
                f"{caller} judges binary decisions; the model has {len(classes)} classes. "
                "ModelRiskAssessment judges a multi-class model one-versus-rest on the "
                "[model_risk] favourable_label."
            )
        self.adapter = adapter
        self.vocabulary = vocabulary
        self.classes_ = np.array([0, 1])
        self._column = classes.index(fav)

    @property
    def model(self) -> Any:
        """The wrapped model itself."""
        return self.adapter.model

    def score(self, X: Any) -> npt.NDArray[np.float64]:
        """The declared score of each row of ``X`` (the model's columns, in its order)."""
        import numpy as np

        Xm = self.adapter.select(X) if has_columns(X) else X
        p_fav = np.ascontiguousarray(self.adapter.predict_proba(Xm)[:, self._column])
        return p_fav if self.vocabulary.score_is_favourable else 1.0 - p_fav

    def predict_proba(self, X: Any) -> npt.NDArray[np.float64]:
        """Two columns: 1 - score and score (column 1 is the declared score)."""
        import numpy as np

        s = self.score(X)
        return np.column_stack([1.0 - s, s])

    def favourable(self, X: Any) -> npt.NDArray[np.bool_]:
        """Favourable decisions at the decision threshold."""
        return self.vocabulary.decide(self.score(X))


def as_scorer(model: Any, vocabulary: DecisionVocabulary, *, caller: str) -> DecisionScorer:
    """``model`` as a :class:`DecisionScorer` (a scorer is returned unchanged)."""
    if isinstance(model, DecisionScorer):
        return model
    return DecisionScorer(adapt(model), vocabulary, caller=caller)
