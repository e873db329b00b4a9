"""Model security assessment (JR/T 0221-2021 §6): membership inference, evasion, dependencies."""

from __future__ import annotations

import functools
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Any, Literal

from dfgov._validate import check_choice, check_int, param_error
from dfgov.errors import InvalidInputError
from dfgov.model_risk.validation._frame import Frame
from dfgov.model_risk.validation._inputs import as_binary, predict_scores

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "EvasionResult",
    "MembershipInference",
    "dependency_inventory",
    "evasion_test",
    "membership_inference",
    "version_below",
]


@dataclass(frozen=True)
class MembershipInference:
    """A confidence-threshold membership-inference attack and how well it separates the rows.

    ``auc`` is the ROC AUC of the attack score (the model's probability for
    each row's true label) between training rows (members) and holdout rows;
    0.5 means the model leaks nothing this attack can use. ``advantage`` is
    the best threshold's TPR − FPR.
    """

    auc: float
    advantage: float
    n_members: int
    n_nonmembers: int
    mean_confidence_members: float
    mean_confidence_nonmembers: float


def membership_inference(
    model: Any,
    X_train: Any,
    y_train: Any,
    X_holdout: Any,
    y_holdout: Any,
    *,
    max_rows: int = 2000,
    random_state: int | None = None,
) -> MembershipInference:
    """Run the attack on at most ``max_rows`` training and as many holdout rows (balanced)."""
    import numpy as np

    from dfgov.model_risk.validation._metrics import ks_statistic, roc_auc

    caller = "membership_inference"
    ft, fh = Frame(X_train, caller=caller, name="X_train"), Frame(X_holdout, caller=caller,
                                                                  name="X_holdout")
    yt = as_binary(y_train, name="y_train", caller=caller)
    yh = as_binary(y_holdout, name="y_holdout", caller=caller)
    if yt.shape[0] != len(ft) or yh.shape[0] != len(fh):
        raise InvalidInputError(
            f"The labels of {caller} must have one value per row of X_train and X_holdout."
        )
    rng = np.random.default_rng(random_state)
    m = min(len(ft), len(fh), max_rows)
    it = rng.choice(len(ft), m, replace=False)
    ih = rng.choice(len(fh), m, replace=False)
    pt = predict_scores(model, ft.take(it), caller=caller)
    ph = predict_scores(model, fh.take(ih), caller=caller)
    conf_t = np.where(yt[it] == 1, pt, 1 - pt)
    conf_h = np.where(yh[ih] == 1, ph, 1 - ph)
    scores = np.r_[conf_t, conf_h]
    member = np.r_[np.ones(m, dtype=np.int64), np.zeros(m, dtype=np.int64)]
    return MembershipInference(
        auc=roc_auc(member, scores), advantage=ks_statistic(member, scores),
        n_members=m, n_nonmembers=m, mean_confidence_members=float(conf_t.mean()),
        mean_confidence_nonmembers=float(conf_h.mean()),
    )


@dataclass(frozen=True)
class EvasionResult:
    """How many declined rows one bounded change of an actionable feature turns into approvals."""

    n_declined: int
    n_sampled: int
    flippable_share: float | None
    """Share of sampled declined rows flipped within the budget (None if none were declined)."""
    median_change: float | None
    """Median smallest flipping change, in standard deviations of the feature changed."""
    by_feature: dict[str, int] = field(default_factory=dict)
    """For each feature, the rows whose smallest flipping change uses it."""


def evasion_test(
    model: Any,
    X: Any,
    actionable: Mapping[str, float],
    *,
    threshold: float = 0.5,
    declined_when: Literal["high", "low"] = "high",
    n_rows: int = 200,
    n_steps: int = 10,
    random_state: int | None = None,
) -> EvasionResult:
    """Search, for sampled declined rows, the smallest single-feature change that approves them.

    A row is declined when its score is ``>= threshold`` (``declined_when="high"``,
    scores such as a probability of default) or ``< threshold``
    (``declined_when="low"``, scores of the favourable outcome). Each actionable
    feature ``f`` may move up or down by at most ``actionable[f]`` standard
    deviations, in ``n_steps`` equal steps per direction (rounded for
    integer columns); every candidate is scored in one ``predict_proba`` call.
    The result is evasion exposure (how easily the decision is gamed) and,
    read the other way, recourse (how many applicants have a reachable path).
    """
    import numpy as np

    caller = "evasion_test"
    frame = Frame(X, caller=caller)
    frame.check(list(actionable), "actionable features")
    if not actionable:
        raise InvalidInputError(f"The 'actionable' argument of {caller} must name a feature.")
    for name, budget in actionable.items():
        if isinstance(budget, bool) or not isinstance(budget, int | float) or not budget > 0:
            raise param_error(caller, "actionable", f"must give feature {name!r} a positive "
                              "budget in standard deviations", got=budget)
    check_int(n_steps, caller=caller, parameter="n_steps")
    check_choice(declined_when, ("high", "low"), caller=caller, parameter="declined_when")

    def is_declined(s: np.ndarray) -> np.ndarray:
        out: np.ndarray = s >= threshold if declined_when == "high" else s < threshold
        return out

    score = predict_scores(model, frame.data, caller=caller)
    declined = np.flatnonzero(is_declined(score))
    if declined.shape[0] == 0:
        return EvasionResult(0, 0, None, None, {})
    rng = np.random.default_rng(random_state)
    rows = np.sort(rng.choice(declined, size=min(n_rows, declined.shape[0]), replace=False))
    r = rows.shape[0]
    fractions = np.r_[np.arange(1, n_steps + 1), -np.arange(1, n_steps + 1)] / n_steps
    k = fractions.shape[0]
    best = np.full(r, np.inf)
    best_feature = np.full(r, -1)
    names = list(actionable)
    for j, name in enumerate(names):
        v = frame.numeric(name, "actionable features")
        sd = float(np.nanstd(v))
        if sd == 0:
            continue
        cand = frame.take(np.repeat(rows, k))
        sd_units = np.tile(fractions * actionable[name], r)
        new = np.repeat(v[rows], k) + sd_units * sd
        if frame.is_integer(name):
            new = np.round(new)
            sd_units = (new - np.repeat(v[rows], k)) / sd
            new = new.astype(frame.values(name).dtype)
        cand = frame.assign(cand, name, new)
        s = predict_scores(model, cand, caller=caller).reshape(r, k)
        size = np.where(~is_declined(s), np.abs(sd_units.reshape(r, k)), np.inf)
        size = np.where(size == 0, np.inf, size)
        smallest = size.min(axis=1)
        better = smallest < best
        best[better], best_feature[better] = smallest[better], j
    ok = np.isfinite(best)
    counts = {names[j]: int(np.sum(best_feature[ok] == j)) for j in range(len(names))}
    return EvasionResult(
        n_declined=int(declined.shape[0]), n_sampled=r, flippable_share=float(ok.mean()),
        median_change=float(np.median(best[ok])) if ok.any() else None, by_feature=counts,
    )


def _top_modules(model: Any) -> set[str]:
    mods = {type(model).__module__.split(".")[0]}
    get_params = getattr(model, "get_params", None)
    if callable(get_params):
        try:
            params = get_params(deep=True)
        except Exception:
            params = {}
        for value in params.values():
            values = value if isinstance(value, (list, tuple)) else [value]
            for v in values:
                for x in (v if isinstance(v, tuple) else (v,)):
                    if not isinstance(x, (str, int, float, bool, type(None))):
                        mods.add(type(x).__module__.split(".")[0])
    return mods - {"builtins", "__main__"}


@functools.lru_cache(maxsize=1)
def _distributions() -> Mapping[str, list[str]]:
    """Top-level module -> distributions (a scan of every installed package; done once)."""
    return metadata.packages_distributions()


def dependency_inventory(model: Any) -> dict[str, str]:
    """Versions of the libraries a model's classes come from, plus numpy, scipy and Python.

    Found without importing anything: the top-level modules of the model's
    class and of every nested estimator (``get_params(deep=True)``) are
    mapped to their distributions through :func:`importlib.metadata`.
    """
    dists = _distributions()
    out: dict[str, str] = {"python": sys.version.split()[0]}
    for mod in sorted(_top_modules(model) | {"numpy", "scipy"}):
        for dist in dists.get(mod, []):
            try:
                out[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                continue
    return dict(sorted(out.items()))


def _release(version: str) -> tuple[int, ...]:
    parts: list[int] = []
    for piece in version.split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) != len(piece):
            break
    return tuple(parts)


def version_below(version: str, minimum: str) -> bool:
    """Whether release ``version`` is below ``minimum``, comparing numeric parts (1.10 > 1.9).

    Pre-release and local suffixes are ignored: ``1.5.0rc1`` counts as ``1.5.0``.
    """
    a, b = _release(version), _release(minimum)
    width = max(len(a), len(b))
    return a + (0,) * (width - len(a)) < b + (0,) * (width - len(b))
