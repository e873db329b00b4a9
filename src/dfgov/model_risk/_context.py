"""The inputs of one assessment: converted once, aligned by label and name, scored once.

:func:`build_context` turns what the caller passed into an
:class:`AssessmentContext`: frames converted at the boundary
(``dfgov._frames.to_pandas``), every row-wise input aligned on the index of the
first pandas input, ``X`` reduced to the columns the model was fitted on in its
order (sensitive columns never reach a model that was not fitted on them),
labels checked against the decision vocabulary, and the model called once for
the scores every control shares. Bad input raises a
:class:`~dfgov.errors.DfgovError` naming the argument; a model that raises when
called raises :class:`~dfgov.errors.ModelError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from dfgov.errors import ColumnError, InvalidInputError, ModelError
from dfgov.i18n import LocalizedText, text
from dfgov.model_risk._align import align_rows, has_columns, n_rows
from dfgov.model_risk._policy import ModelRiskPolicy
from dfgov.model_risk._vocabulary import DecisionVocabulary
from dfgov.policy import Policy
from dfgov.report import Finding, Status

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.model_risk._adapter import ModelAdapter
    from dfgov.model_risk._scoring import DecisionScorer

__all__ = ["AssessmentContext", "SkipControl", "build_context"]

_CALLER = "ModelRiskAssessment.run"


class SkipControl(Exception):
    """Raised by a control adapter when its inputs are missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class AssessmentContext:
    """Inputs of one assessment, aligned, with the model's scores computed once and shared.

    ``X`` (and ``X_reference``, ``X_train``) hold the columns the model was
    fitted on, in its order. ``y`` and ``y_pred`` are label values;
    ``favourable_true``/``favourable_pred`` the same rows mapped through the
    decision vocabulary (the one mapping); ``y_score`` the declared score.
    """

    policy: Policy
    model: Any = None
    X: pd.DataFrame | None = None
    y: np.ndarray | None = None
    sensitive: pd.DataFrame | None = None
    X_reference: pd.DataFrame | None = None
    y_reference: np.ndarray | None = None
    X_train: pd.DataFrame | None = None
    y_train: np.ndarray | None = None
    y_pred: np.ndarray | None = None
    y_score: np.ndarray | None = None
    sample_weight: np.ndarray | None = None
    model_format: str | None = None
    figures: bool = True
    metadata: dict[str, Any] = field(default_factory=dict)
    results: dict[str, list[Finding]] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    vocabulary: DecisionVocabulary = field(default_factory=DecisionVocabulary)
    adapter: ModelAdapter | None = None
    scorer: DecisionScorer | None = None
    favourable_true: np.ndarray | None = None
    favourable_pred: np.ndarray | None = None
    notes: list[Finding] = field(default_factory=list)
    clock: Clock | None = None

    @property
    def settings(self) -> ModelRiskPolicy:
        """The ``[model_risk]`` section."""
        return self.policy.section(ModelRiskPolicy)

    def require(self, *names: str) -> None:
        """Raise :class:`SkipControl` naming the first missing input."""
        reasons = {"model": "no_model", "X": "no_data", "y": "no_target",
                   "sensitive": "no_sensitive", "y_score": "no_score",
                   "X_reference": "no_reference", "X_train": "no_train",
                   "favourable_pred": "no_decisions"}
        for name in names:
            if getattr(self, name) is None:
                raise SkipControl(reasons.get(name, "no_data"))

    def scores_for(self, X: pd.DataFrame) -> np.ndarray | None:
        """The declared score of the model on ``X`` (None without a model)."""
        return None if self.scorer is None else self.scorer.score(X)

    def favourable(self, labels: Any) -> np.ndarray:
        """True where ``labels`` equal the favourable label (the vocabulary's one mapping)."""
        return self.vocabulary.favourable(labels)


def _has_index(value: Any) -> bool:
    import pandas as pd

    return isinstance(value, pd.DataFrame | pd.Series)


def _frame(value: Any, arg: str, columns: Sequence[str] | None = None) -> Any:
    from dfgov._frames import to_pandas

    if value is None:
        return None, False
    got = to_pandas(value, argument=arg, caller=_CALLER,
                    columns=None if has_columns(value) else columns)
    return got.frame, got.names_assumed


def _sensitive(value: Any, X: pd.DataFrame | None) -> tuple[pd.DataFrame | None, list[str]]:
    """The sensitive frame, and the column names taken from ``X`` (when given by name)."""
    import numpy as np
    import pandas as pd

    from dfgov._frames import to_pandas

    if value is None:
        return None, []
    if isinstance(value, str) or (
        isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value)
    ):
        names = [value] if isinstance(value, str) else list(value)
        if X is None:
            raise InvalidInputError(f"The 'sensitive_features' argument of {_CALLER} names "
                                    "columns, but no X was given.")
        missing = [c for c in names if c not in X.columns]
        if missing:
            raise ColumnError(
                f"The 'sensitive_features' columns {missing} are not in X "
                f"(columns: {list(map(str, X.columns))[:20]})."
            )
        return X[names], names
    if isinstance(value, pd.Series):
        return value.to_frame(name=value.name if value.name is not None
                              else "sensitive_feature_0"), []
    if not has_columns(value) and not isinstance(value, Mapping):
        arr = np.asarray(value)
        if arr.ndim == 1:
            return pd.DataFrame({"sensitive_feature_0": arr}), []
    return to_pandas(value, argument="sensitive_features", caller=_CALLER).frame, []


def _check_sensitive(sens: pd.DataFrame, policy: Policy) -> None:
    """Missing sensitive values are bad input (exit 2), found before any control runs."""
    from dfgov.model_risk.fairness import FairnessPolicy

    rule = policy.section(FairnessPolicy).missing
    for c in sens.columns:
        na = sens[c].isna().to_numpy()
        if len(na) and bool(na.all()):
            raise ColumnError(f"The sensitive feature column {str(c)!r} has no values (every "
                              "row is missing).")
        if rule == "error" and bool(na.any()):
            raise ColumnError(
                f"The sensitive feature column {str(c)!r} has {int(na.sum()):,} missing "
                "value(s); they are not allowed unless the policy sets [fairness] missing = "
                '"group".'
            )


def _values(value: Any, arg: str) -> np.ndarray | None:
    import numpy as np

    if value is None:
        return None
    arr = value.to_numpy() if hasattr(value, "to_numpy") else np.asarray(value)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise InvalidInputError(
            f"The {arg!r} argument of {_CALLER} must be one-dimensional. Got shape {arr.shape}."
        )
    return arr


def _inputs(adapter: ModelAdapter | None, X: pd.DataFrame | None, arg: str,
            sensitive: Sequence[str]) -> tuple[pd.DataFrame | None, list[str]]:
    """The model's columns of ``X`` in its order; for a model recording no names, ``X``
    without the sensitive columns (returned as the second item when any were dropped)."""
    if X is None or adapter is None:
        return X, []
    if adapter.feature_names is not None:
        return adapter.select(X, argument=arg, caller=_CALLER), []
    dropped = [c for c in X.columns if c in set(sensitive)]
    return (X.drop(columns=dropped) if dropped else X), dropped


def _probabilities(values: np.ndarray) -> np.ndarray:
    """Scores as floats in [0, 1] (a probability of the outcome they point to)."""
    import numpy as np

    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInputError(f"The 'y_score' argument of {_CALLER} must be numeric.") from None
    if not bool(np.isfinite(arr).all()):
        raise InvalidInputError(f"The 'y_score' argument of {_CALLER} must be finite (no NaN "
                                "or inf).")
    if arr.size and (float(arr.min()) < 0.0 or float(arr.max()) > 1.0):
        raise InvalidInputError(f"The 'y_score' argument of {_CALLER} must hold probabilities "
                                "in [0, 1].")
    return arr


#: Below this balanced accuracy (0.5 is chance), decisions look coded the other way round.
INVERTED_BELOW = 0.45


def _inverted_note(fav_true: np.ndarray, fav_pred: np.ndarray) -> Finding | None:
    """A warning when decisions agree with the outcomes clearly less often than chance."""
    import numpy as np

    pos, neg = int(fav_true.sum()), int((~fav_true).sum())
    if min(pos, neg) < 30:
        return None
    ba = 0.5 * (float(np.count_nonzero(fav_pred & fav_true)) / pos
                + float(np.count_nonzero(~fav_pred & ~fav_true)) / neg)
    if ba >= INVERTED_BELOW:
        return None
    return Finding(
        control="model_risk.inputs", status=Status.WARN, metric="balanced_accuracy",
        value=ba, threshold=INVERTED_BELOW,
        message=text("assessment.inverted", value=f"{ba:.3f}"),
        details={"balanced_accuracy": ba},
    )


def _call(what: str, fn: Any) -> Any:
    try:
        return fn()
    except Exception as exc:  # a model raising is a failure to call it, not a finding
        msg = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise ModelError(f"The model raised {type(exc).__name__} when scoring {what}"
                         f"{': ' + msg if msg else ''}.") from exc


def _column_note(X: pd.DataFrame, dropped: list[str]) -> Finding:
    shown = ", ".join(map(str, list(X.columns)[:12])) + (" ..." if X.shape[1] > 12 else "")
    extra = text("assessment.column_order.dropped", columns=", ".join(dropped)) if dropped \
        else LocalizedText.same("")
    return Finding(
        control="model_risk.inputs", status=Status.WARN,
        message=text("assessment.column_order", columns=shown, dropped=extra.en,
                     dropped_zh=extra.zh_cn),
        details={"column_order_assumed": [str(c) for c in X.columns],
                 "sensitive_dropped": dropped},
    )


def build_context(policy: Policy, *, model: Any, X: Any, y: Any, sensitive_features: Any,
                  X_reference: Any, y_reference: Any, X_train: Any, y_train: Any, y_pred: Any,
                  y_score: Any, sample_weight: Any, model_format: str | None,
                  metadata: Mapping[str, Any] | None, figures: bool) -> AssessmentContext:
    """Check, convert, align and score the inputs of one assessment (see the module doc)."""
    from dfgov.model_risk._adapter import adapt
    from dfgov.model_risk._scoring import DecisionScorer

    voc = DecisionVocabulary.from_policy(policy)
    adapter = adapt(model) if model is not None else None
    names = adapter.feature_names if adapter is not None else None
    Xf, assumed = _frame(X, "X", names)
    sens, sens_names = _sensitive(sensitive_features, Xf)
    # frames made from objects without an index (polars, pyarrow, arrays) are positional
    positional = [name for name, given in (("X", X), ("sensitive_features",
                                                      sensitive_features if not sens_names
                                                      else X))
                  if given is not None and not _has_index(given)]
    got = align_rows({"X": Xf, "y": y, "y_pred": y_pred, "y_score": y_score,
                      "sensitive_features": sens, "sample_weight": sample_weight},
                     caller=_CALLER, positional=positional)
    present = [k for k, v in got.items() if v is not None]
    if present and n_rows(got[present[0]]) == 0:
        raise InvalidInputError(f"No rows: the {present[0]!r} argument of {_CALLER} is empty.")
    ref = align_rows({"X_reference": _frame(X_reference, "X_reference", names)[0],
                      "y_reference": y_reference}, caller=_CALLER,
                     positional=() if _has_index(X_reference) else ("X_reference",))
    train = align_rows({"X_train": _frame(X_train, "X_train", names)[0], "y_train": y_train},
                       caller=_CALLER, positional=() if _has_index(X_train) else ("X_train",))
    Xf = got["X"]
    if Xf is not None:
        Xf = Xf.reset_index(drop=True)
    sens = got["sensitive_features"]
    if sens is not None:
        sens = sens.reset_index(drop=True)
        _check_sensitive(sens, policy)
    notes: list[Finding] = []
    X_in, dropped = _inputs(adapter, Xf, "X", sens_names)
    if adapter is not None and X_in is not None and names is None and (
            not assumed or dropped):
        notes.append(_column_note(X_in, dropped))
    X_ref = _inputs(adapter, ref["X_reference"], "X_reference", sens_names)[0]
    X_tr = _inputs(adapter, train["X_train"], "X_train", sens_names)[0]
    classes = list(adapter.classes) if adapter is not None else None
    if classes is not None and len(classes) > 2:
        voc = replace(voc, one_vs_rest=True)
    yv, pv = _values(got["y"], "y"), _values(got["y_pred"], "y_pred")
    if yv is not None or pv is not None or adapter is not None:
        voc.check_labels({"y": yv, "y_pred": pv}, caller=_CALLER, classes=classes)
    scorer = DecisionScorer(adapter, voc, caller=_CALLER) if adapter is not None else None
    sv = _values(got["y_score"], "y_score")
    if sv is not None:
        voc.require_direction(caller=_CALLER)
        sv = _probabilities(sv)
    elif scorer is not None and X_in is not None:
        sv = _call("'X'", lambda: scorer.score(X_in))
    if pv is not None:
        fav_pred = voc.favourable(pv)
    elif sv is not None:
        fav_pred = voc.decide(sv)
    else:
        fav_pred = None
    fav_true = voc.favourable(yv) if yv is not None else None
    if fav_true is not None and fav_pred is not None:
        note = _inverted_note(fav_true, fav_pred)
        if note is not None:
            notes.append(note)
    return AssessmentContext(
        policy=policy, model=model, X=X_in, y=yv, sensitive=sens,
        X_reference=X_ref, y_reference=_values(ref["y_reference"], "y_reference"),
        X_train=X_tr, y_train=_values(train["y_train"], "y_train"), y_pred=pv, y_score=sv,
        sample_weight=_values(got["sample_weight"], "sample_weight"),
        model_format=model_format, figures=figures, metadata=dict(metadata or {}),
        vocabulary=voc, adapter=adapter, scorer=scorer,
        favourable_true=fav_true, favourable_pred=fav_pred, notes=notes,
    )
