"""Robustness of a scoring model: perturbation, monotonicity, missing and out-of-range inputs."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from dfgov._validate import check_int, check_range
from dfgov.errors import InvalidInputError
from dfgov.model_risk.validation._frame import Frame
from dfgov.model_risk.validation._inputs import predict_scores

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "EdgeBehaviour",
    "MonotonicityResult",
    "PerturbationResult",
    "edge_case_test",
    "monotonicity_test",
    "perturbation_test",
]



@dataclass(frozen=True)
class PerturbationResult:
    """Decision flips and score changes under bounded random perturbation."""

    flip_rate: float
    """Share of rows whose decision (``score >= threshold``) flips, averaged over rounds."""
    mean_abs_score_change: float
    max_abs_score_change: float
    flip_rate_by_round: tuple[float, ...]
    n_rows: int


def _check_prob(value: float, name: str, caller: str) -> None:
    check_range(value, 0.0, 1.0, caller=caller, parameter=name, closed=True)


def perturbation_test(
    model: Any,
    X: Any,
    *,
    noise: float = 0.1,
    swap_probability: float = 0.05,
    rounds: int = 3,
    threshold: float = 0.5,
    exclude: Sequence[str] = (),
    random_state: int | None = None,
) -> PerturbationResult:
    """Score ``X`` and ``rounds`` perturbed copies; measure flips and score changes.

    Numeric features get uniform noise in ``±noise × std`` of the feature
    (rounded for integer columns; NaN stays NaN). Categorical features swap,
    with probability ``swap_probability``, to another level observed in the
    column (uniformly). Features in ``exclude`` are left unchanged.
    """
    import numpy as np

    caller = "perturbation_test"
    check_range(noise, 0.0, math.inf, caller=caller, parameter="noise", closed=True)
    _check_prob(swap_probability, "swap_probability", caller)
    _check_prob(threshold, "threshold", caller)
    check_int(rounds, caller=caller, parameter="rounds")
    frame = Frame(X, caller=caller)
    frame.check(exclude, "'exclude' features")
    rng = np.random.default_rng(random_state)
    base = predict_scores(model, frame.data, caller=caller)
    plan: list[tuple[str, Any]] = []
    for name in frame.names:
        if name in exclude:
            continue
        if frame.kind(name) == "numeric":
            v = frame.numeric(name, "features")
            sd = float(np.nanstd(v)) if np.isfinite(v).any() else 0.0
            if sd > 0 and noise > 0:
                plan.append((name, ("num", v, sd * noise, frame.is_integer(name))))
        else:
            import pandas as pd

            codes, levels = pd.factorize(pd.Series(frame.values(name)), use_na_sentinel=True)
            if len(levels) >= 2 and swap_probability > 0:
                plan.append((name, ("cat", codes, np.asarray(levels, dtype=object))))
    flips, changes, worst = [], [], 0.0
    base_dec = base >= threshold
    for _ in range(rounds):
        Xp = frame.copy()
        for name, spec in plan:
            if spec[0] == "num":
                _, v, half, integer = spec
                new = v + rng.uniform(-half, half, v.shape[0])
                if integer:
                    new = np.round(new)
                    if not np.isnan(new).any():
                        new = new.astype(frame.values(name).dtype)
            else:
                _, codes, levels = spec
                k = levels.shape[0]
                swap = (rng.random(codes.shape[0]) < swap_probability) & (codes >= 0)
                new_codes = codes.copy()
                new_codes[swap] = (codes[swap] + rng.integers(1, k, int(swap.sum()))) % k
                new = np.where(new_codes >= 0, levels[np.maximum(new_codes, 0)], None)
                if frame.values(name).dtype.kind == "b":
                    new = np.asarray(new, dtype=bool)
            Xp = frame.assign(Xp, name, new)
        s = predict_scores(model, Xp, caller=caller)
        delta = np.abs(s - base)
        flips.append(float(np.mean((s >= threshold) != base_dec)))
        changes.append(float(delta.mean()))
        worst = max(worst, float(delta.max()))
    return PerturbationResult(
        flip_rate=float(np.mean(flips)), mean_abs_score_change=float(np.mean(changes)),
        max_abs_score_change=worst, flip_rate_by_round=tuple(flips), n_rows=len(frame),
    )


@dataclass(frozen=True)
class MonotonicityResult:
    """Violations of a declared monotone relationship between a feature and the score."""

    feature: str
    direction: Literal["increasing", "decreasing"]
    violation_share: float
    """Share of swept rows whose score moves against the declared direction at least once."""
    max_reversal: float
    """Largest score step against the declared direction."""
    n_rows: int
    n_grid: int


def monotonicity_test(
    model: Any,
    X: Any,
    features: Mapping[str, Literal["increasing", "decreasing"]],
    *,
    n_rows: int = 200,
    n_grid: int = 20,
    tol: float = 1e-9,
    random_state: int | None = None,
) -> list[MonotonicityResult]:
    """Sweep each declared monotone feature over its observed range for a sample of rows.

    For each of ``n_rows`` sampled rows the feature is set to ``n_grid``
    quantiles of its observed values (all other features kept); one
    ``predict_proba`` call per feature scores the whole sweep. A step that
    moves the score against the declared direction by more than ``tol`` is a
    violation.
    """
    import numpy as np

    caller = "monotonicity_test"
    frame = Frame(X, caller=caller)
    frame.check(list(features), "monotone constraints")
    bad = {k: v for k, v in features.items() if v not in ("increasing", "decreasing")}
    if bad:
        raise InvalidInputError(
            f"The monotone direction of {caller} must be 'increasing' or 'decreasing'; "
            f"features {sorted(bad)} have another value."
        )
    rng = np.random.default_rng(random_state)
    rows = rng.choice(len(frame), size=min(n_rows, len(frame)), replace=False)
    out = []
    for name, direction in features.items():
        v = frame.numeric(name, "monotone features")
        finite = v[np.isfinite(v)]
        grid = np.unique(np.quantile(finite, np.linspace(0, 1, n_grid)))
        if frame.is_integer(name):
            grid = np.unique(np.round(grid))
        g = grid.shape[0]
        if g < 2:
            raise InvalidInputError(
                f"Monotone feature {name!r} of {caller} is constant; it cannot be swept."
            )
        sweep = frame.take(np.repeat(rows, g))
        col = np.tile(grid, rows.shape[0])
        if frame.is_integer(name):
            col = col.astype(frame.values(name).dtype)
        sweep = frame.assign(sweep, name, col)
        s = predict_scores(model, sweep, caller=caller).reshape(rows.shape[0], g)
        steps = np.diff(s, axis=1) * (1.0 if direction == "increasing" else -1.0)
        against = steps < -tol
        out.append(MonotonicityResult(
            feature=name, direction=direction,
            violation_share=float(against.any(axis=1).mean()),
            max_reversal=float(max(0.0, -steps.min())), n_rows=int(rows.shape[0]), n_grid=g,
        ))
    return out


@dataclass(frozen=True)
class EdgeBehaviour:
    """What the model does when one feature is missing or outside its observed range."""

    feature: str
    case: Literal["missing", "out_of_range"]
    outcome: Literal["predicts", "raises", "non_finite"]
    error: str | None
    """Exception class name when the model raised."""
    mean_score_change: float | None


def _try_score(model: Any, data: Any, base: npt.NDArray[np.float64]) -> tuple[str, str | None,
                                                                          float | None]:
    import numpy as np

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            s = np.asarray(model.predict_proba(data), dtype=np.float64)[:, 1]
    except Exception as exc:  # the model's own refusal is the fact being measured
        return "raises", type(exc).__name__, None
    if not np.isfinite(s).all():
        return "non_finite", None, None
    return "predicts", None, float(np.mean(np.abs(s - base)))


def edge_case_test(
    model: Any,
    X: Any,
    *,
    features: Sequence[str] | None = None,
    n_rows: int = 50,
    random_state: int | None = None,
) -> list[EdgeBehaviour]:
    """For each feature: score rows with it missing, then outside its observed range.

    Numeric features go one observed span beyond each end (``max + span`` and
    ``min - span``, alternately); categorical features (and booleans) have no range, so
    only their missing case is tested (unseen categories are what the stability check's
    ``new_categories`` finding reports). The outcome is ``predicts`` (silently, for
    out-of-range: the model extrapolates), ``raises`` (the model refuses) or
    ``non_finite``.
    """
    import numpy as np

    caller = "edge_case_test"
    frame = Frame(X, caller=caller)
    names = list(features) if features is not None else frame.names
    frame.check(names, "'features'")
    rng = np.random.default_rng(random_state)
    rows = rng.choice(len(frame), size=min(n_rows, len(frame)), replace=False)
    sample = Frame(frame.take(rows), caller=caller)
    base = predict_scores(model, sample.data, caller=caller)
    out: list[EdgeBehaviour] = []
    n = rows.shape[0]
    for name in names:
        numeric = frame.kind(name) == "numeric"
        missing = np.full(n, np.nan) if numeric else np.full(n, None, dtype=object)
        outcome, err, change = _try_score(model, sample.assign(sample.copy(), name, missing),
                                          base)
        out.append(EdgeBehaviour(name, "missing", outcome, err, change))  # type: ignore[arg-type]
        if numeric:
            v = frame.numeric(name, "features")
            lo, hi = float(np.nanmin(v)), float(np.nanmax(v))
            span = max(hi - lo, 1.0)
            far = np.where(np.arange(n) % 2 == 0, hi + span, lo - span)
            if frame.is_integer(name):
                far = np.round(far).astype(frame.values(name).dtype)
        else:
            continue  # a category has no "outside its range": no out-of-range case
        outcome, err, change = _try_score(model, sample.assign(sample.copy(), name, far), base)
        out.append(EdgeBehaviour(name, "out_of_range", outcome, err,  # type: ignore[arg-type]
                                 change))
    return out
