"""PSI/CSI: hand-computed examples, a naive reference implementation, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import ColumnError, InvalidInputError
from dfgov.model_risk.validation import population_stability_index, psi_band, stability_table
from tests.conftest import budget

REF = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_psi_hand_computed() -> None:
    # bins=5: cut points 2.8, 4.6, 6.4, 8.2 -> every reference bin holds 0.2.
    cur = [1, 1, 1, 2, 3, 5, 7, 9, 10, 10]  # 0.4, 0.1, 0.1, 0.1, 0.3
    expected = (0.4 - 0.2) * math.log(2) + 3 * (0.1 - 0.2) * math.log(0.5) + (
        0.3 - 0.2) * math.log(1.5)
    assert expected == pytest.approx(0.5 * math.log(2) + 0.1 * math.log(1.5))
    assert population_stability_index(REF, cur, bins=5) == pytest.approx(expected, abs=1e-12)


def test_psi_empty_bin_uses_epsilon() -> None:
    cur = [1, 1, 2, 2, 3, 3, 4, 4, 5, 6]  # 0.4, 0.4, 0.2, 0, 0
    eps = 1e-4
    expected = 2 * (0.4 - 0.2) * math.log(2) + 2 * (eps - 0.2) * math.log(eps / 0.2)
    got = population_stability_index(REF, cur, bins=5, epsilon=eps)
    assert got == pytest.approx(expected, abs=1e-12)
    assert math.isfinite(got)


def test_psi_categorical_and_missing_bins() -> None:
    ref = ["a"] * 5 + ["b"] * 4 + [None]
    cur = ["a"] * 7 + ["b"] * 1 + [None] * 2
    expected = (0.7 - 0.5) * math.log(0.7 / 0.5) + (0.1 - 0.4) * math.log(0.1 / 0.4) + (
        0.2 - 0.1) * math.log(0.2 / 0.1)
    assert population_stability_index(ref, cur) == pytest.approx(expected, abs=1e-12)
    # A level only in the current sample is its own bin, empty in the reference.
    got = population_stability_index(["a", "b"] * 5, ["a", "b", "c", "c"] * 2 + ["a", "b"])
    # current: a 0.3, b 0.3, c 0.4; reference: a 0.5, b 0.5, c 0 -> epsilon
    exp2 = 2 * (0.3 - 0.5) * math.log(0.6) + (0.4 - 1e-4) * math.log(0.4 / 1e-4)
    assert got == pytest.approx(exp2, abs=1e-12)


def test_numeric_nan_has_its_own_bin() -> None:
    ref = np.array(REF + [np.nan] * 0, dtype=float)
    cur = np.array([1, 2, 3, 4, 5, 6, 7, 8, np.nan, np.nan])
    # reference bins 0.2 each and NaN 0 (-> eps); current: 0.2,0.2,0.2,0.2,0,NaN 0.2
    eps = 1e-4
    expected = (eps - 0.2) * math.log(eps / 0.2) + (0.2 - eps) * math.log(0.2 / eps)
    assert population_stability_index(ref, cur, bins=5) == pytest.approx(expected, abs=1e-12)


def _naive_psi(ref: np.ndarray, cur: np.ndarray, bins: int, eps: float = 1e-4) -> float:
    r = ref[~np.isnan(ref)]
    edges = np.unique(np.quantile(r, np.arange(1, bins) / bins))
    k = len(edges) + 1

    def props(x: np.ndarray) -> np.ndarray:
        ok = x[~np.isnan(x)]
        c = np.r_[np.bincount(np.searchsorted(edges, ok, side="right"), minlength=k),
                  np.isnan(x).sum()]
        return c / len(x)

    p, q = props(ref), props(cur)
    p, q = np.where(p == 0, eps, p), np.where(q == 0, eps, q)
    return float(np.sum((q - p) * np.log(q / p)))


values = st.lists(st.one_of(st.integers(-5, 5).map(float), st.floats(-1e6, 1e6),
                            st.just(float("nan"))), min_size=2, max_size=300)


@given(values, values, st.integers(2, 20))
def test_psi_equals_naive_implementation(ref: list[float], cur: list[float], bins: int) -> None:
    r, c = np.array(ref), np.array(cur)
    finite = r[~np.isnan(r)]
    if finite.size == 0 or finite.min() == finite.max():
        with pytest.raises(InvalidInputError, match="'reference'"):
            population_stability_index(r, c, bins=bins)
        return
    got = population_stability_index(r, c, bins=bins)
    assert got == pytest.approx(_naive_psi(r, c, bins), rel=1e-9, abs=1e-12)
    assert got >= 0 and math.isfinite(got)


def test_identical_samples_have_zero_psi() -> None:
    x = np.random.default_rng(0).normal(size=1000)
    assert population_stability_index(x, x) == pytest.approx(0.0, abs=1e-15)


def test_stability_table_columns_kinds_and_threads() -> None:
    rng = np.random.default_rng(0)
    n = 5000
    ref = pd.DataFrame({"num": rng.normal(size=n), "cat": rng.choice(["x", "y"], n),
                        "flag": rng.random(n) < 0.3, "const": np.ones(n)})
    cur = pd.DataFrame({"num": rng.normal(1.0, 1, n), "cat": rng.choice(["x", "y"], n),
                        "flag": rng.random(n) < 0.3, "const": np.ones(n)})
    with pytest.raises(InvalidInputError, match="'const' is constant"):
        stability_table(ref, cur)
    one = stability_table(ref, cur, constant="skip", n_jobs=1)
    two = stability_table(ref, cur, constant="skip", n_jobs=2)
    assert one == two
    by = {t.feature: t for t in one}
    assert set(by) == {"num", "cat", "flag"}
    assert by["num"].kind == "numeric" and by["cat"].kind == "categorical"
    assert by["flag"].kind == "categorical"
    assert psi_band(by["num"].psi) == "shifted"
    assert psi_band(by["cat"].psi) == "stable"


def test_stability_table_bad_input_names_columns() -> None:
    ref = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": ["x", "y", "x"]})
    with pytest.raises(ColumnError, match=r"\['c'\]"):
        stability_table(ref, ref.assign(c=1.0))
    with pytest.raises(ColumnError, match="'b' is categorical in the reference sample but numeric"):
        stability_table(ref, ref.assign(b=[1.0, 2.0, 3.0]))
    with pytest.raises(ColumnError, match=r"\['zzz'\]"):
        stability_table(ref, ref, columns=["zzz"])
    with pytest.raises(InvalidInputError, match="'bins'"):
        population_stability_index([1, 2], [1, 2], bins=1)
    with pytest.raises(InvalidInputError, match="'epsilon'"):
        population_stability_index([1, 2], [1, 2], epsilon=0.5)


def test_psi_band_edges() -> None:
    assert psi_band(0.0999) == "stable"
    assert psi_band(0.1) == "watch"
    assert psi_band(0.25) == "watch"
    assert psi_band(0.2501) == "shifted"
    assert psi_band(float("nan")) == "shifted"  # a PSI that cannot be compared is never stable
    for watch in (0.05, 0.1, 0.2):  # watch from the threshold on, shifted only past it
        assert psi_band(watch, watch=watch, shift=watch) == "watch"
        assert psi_band(np.nextafter(watch, 1.0), watch=watch, shift=watch) == "shifted"
        assert psi_band(np.nextafter(watch, 0.0), watch=watch, shift=watch) == "stable"


def test_integer_column_labels_and_arrays() -> None:
    rng = np.random.default_rng(2)
    a, b = rng.normal(size=(500, 3)), rng.normal(size=(400, 3))
    from_arrays = stability_table(a, b)
    from_frames = stability_table(pd.DataFrame(a), pd.DataFrame(b))  # int column labels
    assert [t.feature for t in from_arrays] == ["x0", "x1", "x2"]
    assert [t.feature for t in from_frames] == ["0", "1", "2"]
    assert [t.psi for t in from_arrays] == [t.psi for t in from_frames]
    assert from_arrays[1].psi == pytest.approx(population_stability_index(a[:, 1], b[:, 1]))


def test_nullable_integer_columns() -> None:
    ref = pd.DataFrame({"n": pd.array([1, 2, 3, None, 5, 6, 7, 8, 9, 10], dtype="Int64")})
    cur = pd.DataFrame({"n": pd.array([1, 1, 2, 3, None, None, 7, 8, 9, 9], dtype="Int64")})
    (t,) = stability_table(ref, cur, bins=3)
    as_float = population_stability_index(ref["n"].astype(float), cur["n"].astype(float), bins=3)
    assert t.psi == pytest.approx(as_float) and t.reference_missing == 0.1


levels = st.lists(st.one_of(st.sampled_from(["a", "b", "c", "d"]), st.none()), min_size=2,
                  max_size=200)


@budget.medium
@given(levels, levels)
def test_categorical_psi_equals_value_counts(ref: list[str | None], cur: list[str | None]) -> None:
    r, c = pd.Series(ref, dtype=object), pd.Series(cur, dtype=object)
    if r.dropna().nunique() < 2:
        with pytest.raises(InvalidInputError, match="constant"):
            population_stability_index(r, c)
        return
    keys = sorted(set(r.dropna()) | set(c.dropna()))
    p = np.array([(r == k).mean() for k in keys] + [r.isna().mean()])
    q = np.array([(c == k).mean() for k in keys] + [c.isna().mean()])
    p, q = np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q)
    expected = float(np.sum((q - p) * np.log(q / p)))
    assert population_stability_index(r, c) == pytest.approx(expected, rel=1e-9, abs=1e-12)
