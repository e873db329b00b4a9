from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dfgov.fingerprint import fingerprint_array, fingerprint_frame, fingerprint_model


@given(arrays(np.float64, st.tuples(st.integers(1, 20), st.integers(1, 4))))
def test_frame_digest_independent_of_layout(a: np.ndarray) -> None:
    cols = [f"c{i}" for i in range(a.shape[1])]
    c_order = pd.DataFrame(np.ascontiguousarray(a), columns=cols)
    f_order = pd.DataFrame(np.asfortranarray(a), columns=cols, index=np.arange(len(a)) + 7)
    reordered = f_order[cols[::-1]]
    d = fingerprint_frame(c_order)
    assert d == fingerprint_frame(f_order) == fingerprint_frame(reordered)
    assert fingerprint_frame(c_order, algorithm="sm3") != d


def test_frame_digest_sees_changes() -> None:
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"]})
    base = fingerprint_frame(df)
    assert fingerprint_frame(df.assign(a=[1.0, 2.5])) != base
    assert fingerprint_frame(df.assign(b=["x", "z"])) != base
    assert fingerprint_frame(df.rename(columns={"a": "A"})) != base
    assert fingerprint_frame(df.iloc[::-1].reset_index(drop=True)) != base
    assert fingerprint_frame(df.astype({"b": "category"})) != base  # dtype is content


def test_nan_and_signed_zero_canonical() -> None:
    a = np.array([np.nan, -0.0])
    b = np.array([np.float64("nan") * -1, 0.0])
    assert fingerprint_array(a) == fingerprint_array(b)


def test_model_digest() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)), rng.integers(0, 2, 50)
    m1 = LogisticRegression().fit(X, y)
    m2 = LogisticRegression().fit(X, y)
    assert fingerprint_model(m1) == fingerprint_model(m2)
    m3 = LogisticRegression(C=0.5).fit(X, y)
    assert fingerprint_model(m3) != fingerprint_model(m1)
    m2.coef_[0, 0] += 1e-9
    assert fingerprint_model(m2) != fingerprint_model(m1)
