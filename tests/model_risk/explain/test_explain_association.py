"""Association measures for proxy detection, against scipy and brute force."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dfgov.errors import InvalidInputError
from dfgov.model_risk.explain import association
from dfgov.model_risk.explain._association import correlation_ratio, cramers_v
from tests.conftest import budget


@budget.medium
@given(data=st.data(), n=st.integers(4, 200), r=st.integers(2, 5), c=st.integers(2, 4))
def test_cramers_v_equals_scipy(data: st.DataObject, n: int, r: int, c: int) -> None:
    from scipy.stats.contingency import association as scipy_association
    from scipy.stats.contingency import crosstab

    x = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, r - 1)))
    y = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, c - 1)))
    ours = cramers_v(x.astype(str), y.astype(str))
    table = crosstab(x, y).count
    if min(table.shape) < 2:
        assert ours is None
        return
    assert ours == pytest.approx(scipy_association(table, method="cramer"), abs=1e-12)


@budget.medium
@given(data=st.data(), n=st.integers(3, 100), g=st.integers(1, 5))
def test_correlation_ratio_brute_force(data: st.DataObject, n: int, g: int) -> None:
    cats = data.draw(hnp.arrays(np.int64, n, elements=st.integers(0, g - 1)))
    vals = data.draw(hnp.arrays(np.float64, n, elements=st.floats(-1e3, 1e3)))
    ours = correlation_ratio(cats, vals)
    mean = vals.mean()
    total = sum((v - mean) ** 2 for v in vals)
    if total <= 1e-9 * max(1.0, float(np.abs(vals).max()) ** 2):
        return  # (near) constant: undefined or numerically meaningless
    between = sum(
        (cats == k).sum() * (vals[cats == k].mean() - mean) ** 2 for k in np.unique(cats)
    )
    assert ours == pytest.approx(np.sqrt(min(1.0, between / total)), abs=1e-9)


@budget.slow
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(20, 200))
def test_pearson_branch_equals_numpy(seed: int, n: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 0.5 * a + rng.normal(size=n)
    value, measure = association(a, b)
    assert measure == "pearson"
    assert value == pytest.approx(abs(np.corrcoef(a, b)[0, 1]), abs=1e-12)


def test_measure_follows_types() -> None:
    rng = np.random.default_rng(0)
    cat = pd.Series(rng.choice(["a", "b", "c"], size=100))
    num = pd.Series(rng.normal(size=100))
    assert association(cat, cat)[1] == "cramers_v"
    assert association(num, cat)[1] == "correlation_ratio"
    assert association(cat, num)[1] == "correlation_ratio"
    assert association(cat, cat)[0] == pytest.approx(1.0)
    assert association(pd.Series(np.ones(100)), num)[0] == pytest.approx(0.0, abs=1e-12)
    assert association(num, pd.Series(np.ones(100)))[0] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(InvalidInputError, match="same length"):
        association(num, num[:50])
