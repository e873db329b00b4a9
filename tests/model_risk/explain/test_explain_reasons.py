"""Reason codes: vectorised ranking equals a brute-force ranking; catalog, languages, exclusions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dfgov.errors import InvalidInputError
from dfgov.model_risk.explain import Explanation, top_k_reasons
from tests.conftest import budget


def brute_force(values: np.ndarray, k: int, sign: float, allowed: np.ndarray) -> tuple[
        list[list[int]], list[list[float]]]:
    """Per row: allowed features with sign*value > 0, largest first, ties by feature order."""
    idx, con = [], []
    for row in values:
        s = [(sign * float(v), j) for j, v in enumerate(row) if allowed[j] and sign * v > 0]
        s.sort(key=lambda t: (-t[0], t[1]))
        top = s[:k]
        idx.append([j for _, j in top] + [-1] * (k - len(top)))
        con.append([v for v, _ in top] + [np.nan] * (k - len(top)))
    return idx, con


@budget.medium
@given(
    data=st.data(),
    n=st.integers(1, 30),
    p=st.integers(1, 12),
    k=st.integers(1, 6),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_top_k_equals_brute_force(data: st.DataObject, n: int, p: int, k: int,
                                  sign: float) -> None:
    # small integers make ties and zeros frequent
    values = data.draw(hnp.arrays(np.float64, (n, p), elements=st.integers(-3, 3).map(float)))
    allowed = data.draw(hnp.arrays(np.bool_, (p,)))
    idx, con = top_k_reasons(values, k, sign=sign, allowed=allowed)
    b_idx, b_con = brute_force(values, k, sign, allowed)
    assert idx.tolist() == b_idx
    np.testing.assert_array_equal(con, np.array(b_con, dtype=np.float64).reshape(n, k))


@budget.slow
@given(seed=st.integers(0, 2**32 - 1), p=st.integers(65, 120), k=st.integers(1, 8))
def test_top_k_many_features_argpartition_path(seed: int, p: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.normal(size=(40, p))  # continuous: no ties
    allowed = rng.random(p) > 0.2
    idx, con = top_k_reasons(values, k, allowed=allowed)
    b_idx, b_con = brute_force(values, k, 1.0, allowed)
    assert idx.tolist() == b_idx
    np.testing.assert_allclose(con, np.array(b_con).reshape(40, k))


def _explanation() -> Explanation:
    rng = np.random.default_rng(3)
    n = 50
    data = pd.DataFrame({
        "income": rng.normal(50, 10, size=n),
        "sex": rng.choice(["female", "male"], size=n),
        "purpose": rng.choice(["car", "business"], size=n),
        "zip_region": rng.integers(0, 5, size=n).astype(float),
    }, index=pd.RangeIndex(100, 100 + n))
    values = rng.normal(size=(n, 4))
    values[:, 1] = 5.0  # sex would always rank first if allowed
    return Explanation(values, np.full(n, -1.0), list(data.columns), data, scale="log_odds")


def test_reason_codes_frame_matches_brute_force() -> None:
    e = _explanation()
    rc = e.reason_codes(k=2, exclude=["zip_region"])
    assert list(rc.index) == list(e.data.index)
    allowed = np.array([True, False, True, False])
    b_idx, b_con = brute_force(e.values, 2, 1.0, allowed)
    for r, (bi, bc) in enumerate(zip(b_idx, b_con, strict=True)):
        for i in range(2):
            feat = rc[f"reason_{i + 1}_feature"].iloc[r]
            feat = None if pd.isna(feat) else feat
            assert feat == (e.feature_names[bi[i]] if bi[i] >= 0 else None)
            got = rc[f"reason_{i + 1}_contribution"].iloc[r]
            assert (np.isnan(got) and np.isnan(bc[i])) or got == bc[i]
    # protected ("sex") and non-actionable features are never reasons
    feats = set(rc[["reason_1_feature", "reason_2_feature"]].stack().dropna())
    assert feats <= {"income", "purpose"}
    np.testing.assert_allclose(rc["output"], e.output())


def test_reason_codes_catalog_lang_and_threshold() -> None:
    e = _explanation()
    catalog = {"income": {"code": "R07", "en": "Income too low", "zh-CN": "收入过低"}}
    en = e.reason_codes(k=2, catalog=catalog)
    zh = e.reason_codes(k=2, catalog=catalog, lang="zh-CN")
    is_income = en["reason_1_feature"] == "income"
    assert is_income.any()
    assert set(en.loc[is_income, "reason_1_code"]) == {"R07"}
    assert set(en.loc[is_income, "reason_1_text"]) == {"Income too low"}
    assert set(zh.loc[is_income, "reason_1_text"]) == {"收入过低"}
    is_purpose = en["reason_1_feature"] == "purpose"
    assert set(en.loc[is_purpose, "reason_1_code"]) == {"purpose"}  # fallback code
    assert all("purpose" in t and "category" in t for t in en.loc[is_purpose, "reason_1_text"])
    assert all("类别" in t for t in zh.loc[is_purpose, "reason_1_text"])
    # threshold keeps only adverse rows; "low" flips the direction
    thr = float(np.median(e.output()))
    high = e.reason_codes(threshold=thr)
    assert (high["output"] >= thr).all() and len(high) < len(e)
    low = e.reason_codes(threshold=thr, adverse="low")
    assert (low["output"] <= thr).all()
    # 'sex' and 'zip_region' (region is a protected ground) are never reasons
    b_idx, _ = brute_force(e.values[e.output() <= thr], 4, -1.0,
                           np.array([True, False, True, False]))
    assert [-1 if pd.isna(f) else e.feature_names.index(f) for f in low["reason_1_feature"]] == [
        r[0] for r in b_idx]


def test_reason_direction_text_for_numeric_features() -> None:
    e = _explanation()
    rc = e.reason_codes(k=1, protected=["sex", "purpose", "zip_region"])
    mean = e.reference["income"].mean()
    for label, row in rc.iterrows():
        if row["reason_1_feature"] == "income":
            word = "higher" if e.data.loc[label, "income"] >= mean else "lower"
            assert word in row["reason_1_text"]


def test_reason_codes_bad_input() -> None:
    e = _explanation()
    with pytest.raises(InvalidInputError, match="'k'"):
        e.reason_codes(k=0)
    with pytest.raises(InvalidInputError, match="'lang'"):
        e.reason_codes(lang="fr")
    with pytest.raises(InvalidInputError, match="'income'"):
        e.reason_codes(catalog={"income": {"code": "R1", "en": "x"}}, lang="zh-CN")
    with pytest.raises(InvalidInputError, match="'salary'"):
        e.reason_codes(catalog={"salary": {"code": "R1", "en": "x", "zh-CN": "x"}})
    with pytest.raises(InvalidInputError, match="'adverse'"):
        e.reason_codes(adverse="bad")  # type: ignore[arg-type]
