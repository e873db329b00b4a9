"""Exact path-dependent TreeSHAP for trees with categorical (bitset) splits.

shap's TreeExplainer reads scikit-learn's HistGradientBoosting trees as threshold
splits only, so on a model fitted with native categorical features its values do
not add up (a categorical split sends a *set* of categories left). This module runs
Algorithm 2 of Lundberg, Erion and Lee (2018), "Consistent Individualized Feature
Attribution for Tree Ensembles", on the trees as they are: the algorithm needs, per
node, only the feature, the child each row follows and the training cover of each
child, so categorical splits are exact. The recursion over a tree's nodes is the same
for every row; the "one fractions" along the path are arrays over rows, so the work
is vectorised across rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["HistTrees", "hist_trees", "tree_shap"]


@dataclass(frozen=True)
class _Tree:
    left: np.ndarray
    right: np.ndarray
    feature: np.ndarray
    cover: np.ndarray
    value: np.ndarray
    is_leaf: np.ndarray


@dataclass(frozen=True)
class HistTrees:
    """The trees of a fitted HistGradientBoostingClassifier, and how rows go down them."""

    model: Any
    trees: list[Any]
    columns: list[str]
    """Names of the model's internal (preprocessed) columns, in node feature order."""
    baseline: float

    def encode(self, X: pd.DataFrame) -> np.ndarray:
        """The rows as the trees see them (categories as codes, columns in internal order)."""
        pre = getattr(self.model, "_preprocessor", None)
        Z = pre.transform(X) if pre is not None else X.to_numpy(dtype=np.float64)
        return np.asarray(Z, dtype=np.float64)

    def goes_left(self, predictor: Any, Z: np.ndarray) -> np.ndarray:
        """Boolean (n_rows, n_nodes): whether each row goes to the left child of each node."""
        nodes = predictor.nodes
        n = Z.shape[0]
        out = np.zeros((n, len(nodes)), dtype=bool)
        bitsets: Any = getattr(predictor, "raw_left_cat_bitsets", None)
        for k in np.flatnonzero(~nodes["is_leaf"].astype(bool)):
            x = Z[:, int(nodes["feature_idx"][k])]
            missing = np.isnan(x)
            if bool(nodes["is_categorical"][k]):
                bits = bitsets[int(nodes["bitset_idx"][k])]
                code = np.where(missing, 0, x).astype(np.int64)
                valid = (code >= 0) & (code < 32 * len(bits))
                word = bits[np.clip(code // 32, 0, len(bits) - 1)].astype(np.int64)
                left = valid & (((word >> (code % 32)) & 1) == 1)
            else:
                left = x <= nodes["num_threshold"][k]
            out[:, k] = np.where(missing, bool(nodes["missing_go_to_left"][k]), left)
        return out


def hist_trees(model: Any) -> HistTrees | None:
    """The trees of a binary HistGradientBoostingClassifier, or None for another model."""
    predictors = getattr(model, "_predictors", None)
    if type(model).__name__ != "HistGradientBoostingClassifier" or predictors is None:
        return None
    if any(len(it) != 1 for it in predictors):
        return None  # multi-class: one tree per class and iteration
    pre = getattr(model, "_preprocessor", None)
    names = [str(c) for c in model.feature_names_in_]
    if pre is not None:  # categorical columns first, then numeric (each in input order)
        columns = []
        for _, trans, cols in pre.transformers_:
            if isinstance(trans, str) and trans == "drop":
                continue
            mask = np.asarray(cols)
            idx = np.flatnonzero(mask) if mask.dtype == bool else mask.astype(np.int64)
            columns += [names[int(i)] for i in idx]
    else:
        columns = names
    baseline = float(np.asarray(model._baseline_prediction).reshape(-1)[0])
    return HistTrees(model, [it[0] for it in predictors], columns, baseline)


def _tree(predictor: Any) -> _Tree:
    nodes = predictor.nodes
    return _Tree(nodes["left"].astype(np.int64), nodes["right"].astype(np.int64),
                 nodes["feature_idx"].astype(np.int64), nodes["count"].astype(np.float64),
                 nodes["value"].astype(np.float64), nodes["is_leaf"].astype(bool))


def _extend(path: list[tuple[int, float, np.ndarray, np.ndarray]], pz: float,
            po: np.ndarray, pi: int, n: int) -> list[tuple[int, float, np.ndarray, np.ndarray]]:
    """shap's ``extend_path``, its loop over the path written as two array operations."""
    length = len(path)
    if length == 0:
        return [(pi, pz, po, np.ones(n))]
    old = np.stack([w for _, _, _, w in path])  # (length, n)
    k = np.arange(length + 1, dtype=np.float64)[:, None]
    new = np.zeros((length + 1, n))
    new[:length] = pz * old * ((length - k[:length]) / (length + 1))
    new[1:] += po * old * (k[1:] / (length + 1))
    return [(d, z, o, new[i]) for i, (d, z, o, _) in enumerate(path)] + [(pi, pz, po, new[-1])]


def _leaf(path: list[tuple[int, float, np.ndarray, np.ndarray]], value: float,
          phi: np.ndarray) -> None:
    """Add a leaf's share to ``phi``: every path element unwound at once (UnwoundPathSum).

    One fractions are 0 or 1 (products of "the row goes this way"), so the two branches
    of shap's ``unwound_path_sum`` are chosen per row with a mask.
    """
    depth = len(path) - 1
    if depth == 0:
        return
    Z = np.array([path[i][1] for i in range(1, depth + 1)])[:, None]
    one = np.stack([path[i][2] for i in range(1, depth + 1)]) != 0
    W = [path[j][3] for j in range(depth + 1)]
    nxt = np.broadcast_to(W[depth], one.shape).copy()
    total = np.zeros(one.shape)
    zsafe = np.where(Z != 0, Z, 1.0)
    for j in range(depth - 1, -1, -1):
        tmp = nxt * ((depth + 1) / (j + 1))
        zero_branch = np.where(Z != 0, W[j] * ((depth + 1) / (depth - j)) / zsafe, 0.0)
        total += np.where(one, tmp, zero_branch)
        nxt = np.where(one, W[j] - tmp * Z * ((depth - j) / (depth + 1)), nxt)
    contrib = total * (one - Z) * value
    for i in range(depth):
        phi[:, path[i + 1][0]] += contrib[i]


def _unwind(path: list[tuple[int, float, np.ndarray, np.ndarray]], i: int
            ) -> list[tuple[int, float, np.ndarray, np.ndarray]]:
    length = len(path) - 1
    _, z, o, _ = path[i]
    one = o != 0
    safe_o = np.where(one, o, 1.0)
    ws = [w.copy() for _, _, _, w in path]
    nxt = ws[length].copy()
    for j in range(length - 1, -1, -1):
        tmp = ws[j].copy()
        w_one = nxt * (length + 1) / ((j + 1) * safe_o)
        w_zero = ws[j] * (length + 1) / (z * (length - j)) if z != 0 else np.zeros_like(tmp)
        ws[j] = np.where(one, w_one, w_zero)
        nxt = np.where(one, tmp - ws[j] * z * ((length - j) / (length + 1)), nxt)
    kept = [e for k, e in enumerate(path) if k != i]
    return [(d, zz, oo, ws[k]) for k, (d, zz, oo, _) in enumerate(kept)]


def tree_shap(tree: _Tree, left: np.ndarray, n_features: int) -> tuple[np.ndarray, float]:
    """Path-dependent SHAP values (n_rows, n_features) of one tree and its expected value.

    ``left[r, k]`` says whether row ``r`` goes to the left child of node ``k``.
    """
    n = left.shape[0]
    phi = np.zeros((n, n_features))

    def recurse(j: int, path: list[tuple[int, float, np.ndarray, np.ndarray]], pz: float,
                po: np.ndarray, pi: int) -> None:
        path = _extend(path, pz, po, pi, n)
        if tree.is_leaf[j]:
            _leaf(path, float(tree.value[j]), phi)
            return
        d = int(tree.feature[j])
        iz, io = 1.0, np.ones(n)
        k = next((k for k in range(1, len(path)) if path[k][0] == d), None)
        if k is not None:
            iz, io = path[k][1], path[k][2]
            path = _unwind(path, k)
        goes = left[:, j]
        for child, hot in ((int(tree.left[j]), goes), (int(tree.right[j]), ~goes)):
            recurse(child, path, iz * tree.cover[child] / tree.cover[j], io * hot, d)

    recurse(0, [], 1.0, np.ones(n), -1)
    leaves = tree.is_leaf
    expected = float(np.sum(tree.value[leaves] * tree.cover[leaves]) / tree.cover[0])
    return phi, expected


def explain_hist(trees: HistTrees, X: pd.DataFrame, names: list[str]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """``(values (n, p), base (n,))`` on the raw (log-odds) scale, columns as ``names``."""
    Z = trees.encode(X)
    p_internal = Z.shape[1]
    total = np.zeros((Z.shape[0], p_internal))
    base = trees.baseline
    for predictor in trees.trees:
        phi, expected = tree_shap(_tree(predictor), trees.goes_left(predictor, Z), p_internal)
        total += phi
        base += expected
    index = {n: j for j, n in enumerate(names)}
    out = np.zeros((Z.shape[0], len(names)))
    for k, col in enumerate(trees.columns):
        out[:, index[col]] += total[:, k]
    return out, np.full(Z.shape[0], base)
