"""Alignment properties: rows by index label, columns by the model's names (German credit).

For any permutation of the rows of a pandas ``sensitive_features`` (index carried along),
FairnessCheck and ModelRiskAssessment give the results of the aligned input; for any
permutation of X's columns, the assessment's findings are equal.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.errors import InvalidInputError
from dfgov.model_risk import ModelRiskAssessment
from dfgov.model_risk.fairness import FairnessCheck
from dfgov.policy import Policy
from tests.conftest import GermanCredit, budget

POLICY = Policy.loads(
    '[model_risk]\nfavourable_label = 0\nscore_direction = "higher_is_unfavourable"\n'
    "[fairness]\nn_boot = 50\nintersectional = false\n"
)


@pytest.fixture(scope="module", autouse=True)
def _no_figures() -> Any:
    mp = pytest.MonkeyPatch()
    mp.setattr("dfgov.model_risk.fairness._plots.have_matplotlib", lambda: False)
    yield
    mp.undo()


@pytest.fixture(scope="module")
def german(german_credit: GermanCredit) -> dict[str, Any]:
    """The shared German credit model, on rows whose index is not their position."""
    df = german_credit.df.assign(age_band=np.where(german_credit.df["age"] >= 25, ">=25", "<25"))
    # a non-default index: rows are matched by these labels
    df.index = pd.Index(np.random.default_rng(7).permutation(len(df)) * 3 + 11)
    model, features = german_credit.model, german_credit.features
    train, test = df.iloc[:600], df.iloc[600:]
    pred = pd.Series((model.predict_proba(test[features])[:, 1] >= 0.4).astype(int),
                     index=test.index)
    return {"train": train, "test": test, "model": model, "features": features,
            "pred": pred}


def _dump(findings: Any) -> list[dict[str, Any]]:
    return [f.model_dump() for f in findings]


def _close(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-12 relative (rows summed in another order round differently)."""
    if isinstance(a, float) and isinstance(b, float):
        return bool(np.isclose(a, b, rtol=1e-12, atol=1e-15))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


@budget.heavy
@given(seed=st.integers(0, 2**32 - 1))
def test_fairness_check_row_permutation_of_sensitive_features(german: Any, seed: int) -> None:
    test, pred = german["test"], german["pred"]
    sens = test[["sex", "age_band"]]
    perm = np.random.default_rng(seed).permutation(len(sens))
    shuffled = sens.iloc[perm]  # index carried along
    check = FairnessCheck(POLICY)
    want = _dump(check.run(test["default"], pred, sensitive_features=sens).findings)
    assert _dump(check.run(test["default"], pred, sensitive_features=shuffled).findings) == want
    # y_true, y_pred and sample_weight may be permuted too: they carry their index
    w = pd.Series(np.linspace(1, 2, len(test)), index=test.index)
    weighted = _dump(check.run(test["default"], pred, sensitive_features=sens,
                               sample_weight=w).findings)
    perm2 = np.random.default_rng(seed + 1).permutation(len(sens))
    got = check.run(test["default"].iloc[perm2], pred.iloc[perm], sensitive_features=shuffled,
                    sample_weight=w.iloc[perm2[::-1]])
    assert _close(_dump(got.findings), weighted)


@budget.heavy
@given(seed=st.integers(0, 2**32 - 1))
def test_assessment_row_permutation_of_sensitive_features(german: Any, seed: int) -> None:
    test, model = german["test"], german["model"]
    sens = test[["sex", "age_band"]]
    shuffled = sens.iloc[np.random.default_rng(seed).permutation(len(sens))]
    run = ModelRiskAssessment(POLICY, checks=["fairness", "validation"]).run
    want = run(model, test, test["default"], sensitive_features=sens)
    got = run(model, test, test["default"], sensitive_features=shuffled)
    assert _dump(got.findings) == _dump(want.findings)
    assert [t.rows for t in got.tables] == [t.rows for t in want.tables]


@budget.heavy
@given(seed=st.integers(0, 2**32 - 1))
def test_assessment_column_permutation_of_X(german: Any, seed: int) -> None:
    test, train, model = german["test"], german["train"], german["model"]
    cols = list(test.columns)
    order = [cols[i] for i in np.random.default_rng(seed).permutation(len(cols))]
    ref = [cols[i] for i in np.random.default_rng(seed + 1).permutation(len(cols))]
    run = ModelRiskAssessment(POLICY, checks=["fairness", "validation", "robustness"]).run
    want = run(model, test, test["default"], sensitive_features=["sex", "age_band"],
               X_reference=train)
    got = run(model, test[order], test["default"], sensitive_features=["sex", "age_band"],
              X_reference=train[ref])
    assert _dump(got.findings) == _dump(want.findings)


def test_index_with_other_labels_is_an_error_naming_both(german: Any) -> None:
    test, pred = german["test"], german["pred"]
    sens = test[["sex"]].reset_index(drop=True)  # positions, not the rows' labels
    with pytest.raises(InvalidInputError, match=r"'sensitive_features'.*'y_true'"):
        FairnessCheck(POLICY).run(test["default"], pred, sensitive_features=sens)
    with pytest.raises(InvalidInputError, match=r"'sensitive_features'.*'X'"):
        ModelRiskAssessment(POLICY).run(german["model"], test, test["default"],
                                        sensitive_features=sens)
    with pytest.raises(InvalidInputError, match=r"'y' argument .* 400 rows; 'X' has 399"):
        ModelRiskAssessment(POLICY).run(german["model"], test.iloc[1:],
                                        test["default"].to_numpy())
