"""Sufficient statistics of one period, from its rows in one pass.

What is kept (never a row, never an identifier):

* group codes over the sensitive columns (their levels, as text);
* decisions per group (favourable or not) and, with outcomes, the confusion
  cells per group (TN, FP, FN, TP with the favourable label as positive);
* per group, a histogram of the score on ``score_resolution`` equal-width
  bins of [0, 1] (row counts and score sums; split by outcome once known),
  the sums of scores and squared scores by outcome, and
  ``calibration_bins`` coarse bins with rows, score sums and events;
* per feature, counts on the reference bins (numeric: the reference
  quantiles of :mod:`dfgov.model_risk.validation`; categorical: one bin per
  level) plus a bin of missing values, and the same for the score.

Arrays have fixed shapes given the groups and bins, so a period's stored
size does not depend on its number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.monitoring._vocabulary import Decisions

__all__ = [
    "MISSING",
    "FeatureBins",
    "Stats",
    "decision_stats",
    "encode_groups",
    "feature_bins",
    "label_bits",
    "label_stats",
    "score_bins",
]

MISSING = "missing"
"""Level given to missing values of a sensitive or categorical column."""

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@dataclass(frozen=True)
class FeatureBins:
    """How one feature is binned: numeric cut points from the reference, or levels."""

    name: str
    kind: Literal["numeric", "categorical"]
    edges: tuple[float, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """Plain data (stored with the baseline)."""
        return {"name": self.name, "kind": self.kind, "edges": list(self.edges)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeatureBins:
        """Read :meth:`as_dict` back."""
        return cls(str(data["name"]), data["kind"], tuple(float(e) for e in data["edges"]))


@dataclass
class Stats:
    """Named numpy arrays, stored as one blob (see :meth:`to_bytes`)."""

    arrays: dict[str, npt.NDArray[Any]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> npt.NDArray[Any]:
        return self.arrays[key]

    def get(self, key: str) -> npt.NDArray[Any] | None:
        """The array ``key``, or None."""
        return self.arrays.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self.arrays

    def levels(self, i: int) -> list[str]:
        """Levels of sensitive column ``i``."""
        return [str(v) for v in self.arrays[f"levels_{i}"].tolist()]

    def to_bytes(self) -> bytes:
        """One blob: a JSON header (names, dtypes, shapes; text arrays inline), then raw data.

        Shapes are fixed given the groups and bins, so the size does not depend
        on the number of rows. Reading needs no pickle and no code.
        """
        import json

        head: dict[str, Any] = {"format": "dfgov-stats-1", "arrays": [], "text": {}}
        chunks: list[bytes] = []
        offset = 0
        for name in sorted(self.arrays):
            arr = np.asarray(self.arrays[name])
            if arr.dtype.kind == "U":
                head["text"][name] = [str(v) for v in arr.tolist()]
                continue
            data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<"),
                                                    copy=False).tobytes()
            head["arrays"].append([name, arr.dtype.newbyteorder("<").str, list(arr.shape),
                                   offset, len(data)])
            chunks.append(data)
            offset += len(data)
        header = json.dumps(head, sort_keys=True, separators=(",", ":")).encode("utf-8")
        return len(header).to_bytes(8, "little") + header + b"".join(chunks)

    @classmethod
    def from_bytes(cls, blob: bytes) -> Stats:
        """Read :meth:`to_bytes`."""
        import json

        size = int.from_bytes(blob[:8], "little")
        head = json.loads(blob[8: 8 + size].decode("utf-8"))
        if head.get("format") != "dfgov-stats-1":
            raise InvalidInputError("Stored statistics of an unknown format.")
        body = memoryview(blob)[8 + size:]
        arrays: dict[str, npt.NDArray[Any]] = {
            name: np.array(text, dtype=str) for name, text in head["text"].items()}
        for name, dtype, shape, offset, nbytes in head["arrays"]:
            arrays[name] = np.frombuffer(body[offset: offset + nbytes],
                                         dtype=np.dtype(dtype)).reshape(shape)
        return cls(arrays)


def _text_levels(uniques: Sequence[Any]) -> tuple[list[str], npt.NDArray[np.intp]]:
    """Sorted text levels and the map from ``uniques`` positions to them."""
    texts = [str(u) for u in uniques]
    levels = sorted(set(texts))
    pos = {t: i for i, t in enumerate(levels)}
    return levels, np.array([pos[t] for t in texts], dtype=np.intp)


def _codes(col: pd.Series, name: str, arg: str, max_levels: int) -> tuple[
        npt.NDArray[np.intp], list[str]]:
    """Codes and text levels of one categorical column (missing values form a level)."""
    import pandas as pd

    if isinstance(col.dtype, pd.CategoricalDtype):
        raw = col.cat.codes.to_numpy().astype(np.intp)
        uniques: Sequence[Any] = list(col.cat.categories)
    else:
        raw, uniq = pd.factorize(col, sort=False)
        raw = raw.astype(np.intp)
        uniques = list(uniq)
    levels, lut = _text_levels(uniques)
    codes = lut[raw] if len(lut) else np.zeros(len(raw), dtype=np.intp)
    missing = raw < 0
    if bool(missing.any()):
        if MISSING in levels:
            codes = np.where(missing, levels.index(MISSING), codes)
        else:
            codes = np.where(missing, len(levels), codes)
            levels.append(MISSING)
    if len(levels) > max_levels:
        raise ColumnError(
            f"The {arg} column {name!r} has {len(levels)} levels; at most {max_levels} (the "
            "policy's 'monitoring.max_levels') are kept, so identifiers never reach the store. "
            "Band or group it first."
        )
    return np.asarray(codes, dtype=np.intp), levels


def encode_groups(frame: pd.DataFrame, names: Sequence[str], max_levels: int) -> tuple[
        npt.NDArray[np.intp], list[list[str]]]:
    """Joint group codes over ``names`` (row-major over their levels) and the levels."""
    codes = np.zeros(len(frame), dtype=np.intp)
    levels: list[list[str]] = []
    for name in names:
        c, lv = _codes(frame[name], name, "sensitive", max_levels)
        codes = codes * len(lv) + c
        levels.append(lv)
    return codes, levels


def label_bits(values: Any, dec: Decisions, arg: str) -> tuple[
        npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """(favourable?, score label?) bits of labels or decisions; more than two labels is an error."""
    import pandas as pd

    arr = values.to_numpy() if isinstance(values, pd.Series) else np.asarray(values)
    if arr.ndim != 1:
        raise InvalidInputError(f"The {arg!r} argument must be one-dimensional.")
    if bool(pd.isna(arr).any()):
        raise InvalidInputError(f"The {arg!r} argument must not contain missing values.")
    fav = np.asarray(arr == dec.favourable_label, dtype=np.uint8)
    other = pd.unique(arr[fav == 0])
    expected = dec.other_label
    if len(other) > 1 or (len(other) == 1 and expected is not None and other[0] != expected):
        raise InvalidInputError(
            f"The {arg!r} argument holds labels other than the favourable label of "
            f"[model_risk] and {'one other' if expected is None else repr(expected)}; "
            "monitoring needs binary outcomes and decisions."
        )
    return fav, (fav if dec.score_is_favourable else 1 - fav)



def score_bins(scores: F64, resolution: int) -> npt.NDArray[np.intp]:
    """Fine bin of each score: ``min(floor(s * resolution), resolution - 1)``."""
    return np.minimum((scores * resolution).astype(np.intp), resolution - 1)


def check_scores(values: Any, arg: str = "y_score") -> F64:
    """Scores as float64 in [0, 1] without missing values."""
    s = np.asarray(values, dtype=np.float64)
    if s.ndim != 1:
        raise InvalidInputError(f"The {arg!r} argument must be one-dimensional.")
    if bool(np.isnan(s).any()) or bool(((s < 0) | (s > 1)).any()):
        raise InvalidInputError(
            f"The {arg!r} argument must hold probabilities in [0, 1] without missing values."
        )
    return s


def _kind(col: pd.Series) -> Literal["numeric", "categorical"]:
    import pandas as pd

    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return "categorical"
    if getattr(dtype, "kind", "O") in "iuf":
        return "numeric"
    if pd.api.types.is_numeric_dtype(dtype):  # nullable Int64/Float64
        return "numeric"
    return "categorical"


def _floats(col: pd.Series) -> F64:
    return np.asarray(col.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)


def feature_bins(reference: pd.DataFrame, names: Sequence[str], bins: int) -> tuple[
        list[FeatureBins], list[str]]:
    """Bins of each feature from the reference sample; features constant there are left out."""
    out: list[FeatureBins] = []
    constant: list[str] = []
    for name in names:
        col = reference[name]
        if _kind(col) == "numeric":
            r = _floats(col)
            r = r[~np.isnan(r)]
            if r.size == 0 or r.min() == r.max():
                constant.append(name)
                continue
            if not np.isfinite(r).all():
                raise InvalidInputError(f"Feature {name!r} holds infinite values.")
            edges = np.unique(np.quantile(r, np.arange(1, bins) / bins))
            out.append(FeatureBins(name, "numeric", tuple(float(e) for e in edges)))
        else:
            if col.nunique(dropna=True) < 2:
                constant.append(name)
                continue
            out.append(FeatureBins(name, "categorical"))
    return out, constant


def bin_counts(col: pd.Series, spec: FeatureBins, max_levels: int) -> tuple[I64, list[str]]:
    """Counts of ``col`` on ``spec``'s bins (numeric: bins then missing; categorical: levels)."""
    kind = _kind(col)
    if kind != spec.kind:
        raise ColumnError(
            f"Column {spec.name!r} is {spec.kind} in the reference sample but {kind} now."
        )
    if spec.kind == "numeric":
        return numeric_counts(_floats(col), spec.edges), []
    codes, levels = _codes(col, spec.name, "feature", max_levels)
    return np.bincount(codes, minlength=len(levels)).astype(np.int64), levels


_BLOCK = 1 << 16


def numeric_counts(x: F64, edges: Sequence[float]) -> I64:
    """Counts in the bins ``edge[i-1] <= x < edge[i]`` (open outer bins), then missing.

    Counts ``x >= edge`` per edge block by block (a cache-sized block is
    compared with every edge), which reads the data once and beats a binary
    search per value.
    """
    e = np.asarray(edges, dtype=np.float64)
    ge = np.zeros(e.shape[0], dtype=np.int64)
    nan = 0
    for start in range(0, x.shape[0], _BLOCK):
        block = x[start: start + _BLOCK]
        nan += int(np.count_nonzero(block != block))
        for j, edge in enumerate(e):
            ge[j] += int(np.count_nonzero(block >= edge))
    valid = x.shape[0] - nan
    return np.array([valid - ge[0], *(ge[:-1] - ge[1:]), ge[-1], nan], dtype=np.int64)


def decision_stats(
    *, groups: npt.NDArray[np.intp], levels: list[list[str]], pred_fav: npt.NDArray[np.uint8],
    scores: F64 | None, features: pd.DataFrame, specs: Sequence[FeatureBins],
    score_spec: FeatureBins | None, resolution: int, max_levels: int,
) -> Stats:
    """Statistics available when decisions are made (no outcomes yet)."""
    n_g = int(np.prod([len(lv) for lv in levels]))
    a: dict[str, npt.NDArray[Any]] = {f"levels_{i}": np.array(lv, dtype=str)
                                      for i, lv in enumerate(levels)}
    a["n"] = np.array([groups.shape[0]], dtype=np.int64)
    a["pred"] = np.bincount(groups * 2 + pred_fav, minlength=2 * n_g).reshape(n_g, 2).astype(
        np.int64)
    if scores is not None:
        idx = groups * resolution + score_bins(scores, resolution)
        size = n_g * resolution
        a["hist"] = np.bincount(idx, minlength=size).reshape(n_g, resolution).astype(np.int64)
        a["hsum"] = np.bincount(idx, weights=scores, minlength=size).reshape(n_g, resolution)
        if score_spec is not None:
            import pandas as pd

            a["feat___score__"] = bin_counts(pd.Series(scores), score_spec, max_levels)[0]
    for j, spec in enumerate(specs):
        counts, lv = bin_counts(features[spec.name], spec, max_levels)
        a[f"feat_{j}"] = counts
        if spec.kind == "categorical":
            a[f"flev_{j}"] = np.array(lv, dtype=str)
    return Stats(a)


def label_stats(
    *, groups: npt.NDArray[np.intp], levels: list[list[str]], true_fav: npt.NDArray[np.uint8],
    true_pos: npt.NDArray[np.uint8], pred_fav: npt.NDArray[np.uint8], scores: F64 | None,
    resolution: int, calibration_bins: int, mature: int, dated: bool,
) -> Stats:
    """Statistics of a batch of outcomes (with the decisions and scores of the same rows)."""
    n_g = int(np.prod([len(lv) for lv in levels]))
    a: dict[str, npt.NDArray[Any]] = {f"levels_{i}": np.array(lv, dtype=str)
                                      for i, lv in enumerate(levels)}
    a["n"] = np.array([groups.shape[0]], dtype=np.int64)
    a["mature"] = np.array([mature], dtype=np.int64)
    a["dated"] = np.array([int(dated)], dtype=np.int64)
    cell = groups * 4 + true_fav.astype(np.intp) * 2 + pred_fav
    a["cells"] = np.bincount(cell, minlength=4 * n_g).reshape(n_g, 4).astype(np.int64)
    if scores is not None:
        gp = groups * 2 + true_pos
        idx = gp * resolution + score_bins(scores, resolution)
        a["lhist"] = np.bincount(idx, minlength=2 * n_g * resolution).reshape(
            n_g, 2, resolution).astype(np.int64)
        a["lsum"] = np.bincount(gp, weights=scores, minlength=2 * n_g).reshape(n_g, 2)
        a["lsq"] = np.bincount(gp, weights=scores * scores, minlength=2 * n_g).reshape(n_g, 2)
        c = calibration_bins
        cb = groups * c + np.minimum((scores * c).astype(np.intp), c - 1)
        size = n_g * c
        a["cal"] = np.stack([
            np.bincount(cb, minlength=size).astype(np.float64),
            np.bincount(cb, weights=scores, minlength=size),
            np.bincount(cb, weights=true_pos.astype(np.float64), minlength=size),
        ], axis=-1).reshape(n_g, c, 3)
    return Stats(a)
