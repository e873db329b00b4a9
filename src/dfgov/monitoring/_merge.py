"""Combining statistics whose groups differ: a union of levels, then sums.

Used when a label batch is appended to a period's earlier outcomes, and to
check that a label batch fits the period's decisions.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import numpy.typing as npt

from dfgov.errors import InvalidInputError
from dfgov.monitoring._stats import Stats

__all__ = ["check_within", "merge_labels"]

_GROUPED = ("cells", "lhist", "lsum", "lsq", "cal", "pred", "hist", "hsum")


def _n_sens(st: Stats) -> int:
    return sum(1 for k in st.arrays if k.startswith("levels_"))


def _regroup(st: Stats, union: list[list[str]]) -> dict[str, npt.NDArray[Any]]:
    """Arrays with a leading group axis re-expressed on the union of levels."""
    old = [st.levels(i) for i in range(len(union))]
    maps = [np.array([u.index(v) for v in lv], dtype=np.intp) for lv, u in
            zip(old, union, strict=True)]
    new_code = np.zeros(int(np.prod([len(lv) for lv in old])), dtype=np.intp)
    for g, combo in enumerate(itertools.product(*[range(len(lv)) for lv in old])):
        code = 0
        for m, i, u in zip(maps, combo, union, strict=True):
            code = code * len(u) + int(m[i])
        new_code[g] = code
    size = int(np.prod([len(u) for u in union]))
    out: dict[str, npt.NDArray[Any]] = {}
    for key in _GROUPED:
        arr = st.get(key)
        if arr is None:
            continue
        full = np.zeros((size, *arr.shape[1:]), dtype=arr.dtype)
        np.add.at(full, new_code, arr)
        out[key] = full
    return out


def _union(a: Stats, b: Stats) -> list[list[str]]:
    return [sorted(set(a.levels(i)) | set(b.levels(i))) for i in range(_n_sens(a))]


def merge_labels(old: Stats, new: Stats) -> Stats:
    """The outcome statistics of two label batches of one period, added up."""
    union = _union(old, new)
    x, y = _regroup(old, union), _regroup(new, union)
    arrays: dict[str, npt.NDArray[Any]] = {f"levels_{i}": np.array(lv, dtype=str)
                                           for i, lv in enumerate(union)}
    for key in x:
        if key not in y:
            raise InvalidInputError(
                "A label batch with scores cannot be appended to one without them (or the "
                "other way round); record the period's labels again with mode='replace'."
            )
        arrays[key] = x[key] + y[key]
    for key in ("n", "mature"):
        arrays[key] = old[key] + new[key]
    arrays["dated"] = np.array([int(bool(old["dated"][0]) or bool(new["dated"][0]))],
                               dtype=np.int64)
    return Stats(arrays)


def check_within(decisions: Stats, labels: Stats, period: str) -> None:
    """Refuse outcomes with more rows in a (group, decision) cell than the period decided."""
    union = _union(decisions, labels)
    d = _regroup(decisions, union)["pred"]
    cells = _regroup(labels, union)["cells"]
    lab = np.stack([cells[:, 0] + cells[:, 2], cells[:, 1] + cells[:, 3]], axis=1)
    if bool((lab > d).any()):
        raise InvalidInputError(
            f"The outcomes given for period {period!r} hold more applications in some group "
            "and decision than the period's recorded decisions; labels must belong to the "
            "period's own applications (check the period, or record its decisions again)."
        )
