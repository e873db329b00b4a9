"""``GroupMetrics``' aggregations have return types that follow the arguments (mypy checks them).

The snippet is checked by mypy in-process with ``--strict``: ``assert_type`` fails the check
when a return type is not exactly the one stated (``Any`` included), so a change that loses
an overload, or widens a return type back to ``Any``, fails this test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api")

SNIPPET = textwrap.dedent('''
    from typing import assert_type

    import pandas as pd

    from dfgov.model_risk.fairness import GroupMetrics

    gm = GroupMetrics(y_true=[1, 0, 1, 0], y_pred=[1, 0, 0, 0],
                      sensitive_features=["a", "a", "b", "b"])
    assert_type(gm.difference("selection_rate"), float | pd.Series)
    assert_type(gm.difference("equalized_odds", method="to_overall"), float | pd.Series)
    assert_type(gm.difference(), pd.Series | pd.DataFrame)
    assert_type(gm.difference(method="to_overall"), pd.Series | pd.DataFrame)
    assert_type(gm.ratio("selection_rate"), float | pd.Series)
    assert_type(gm.ratio(), pd.Series | pd.DataFrame)
    assert_type(gm.group_min("selection_rate"), float | pd.Series)
    assert_type(gm.group_min(), pd.Series | pd.DataFrame)
    assert_type(gm.group_max("count"), float | pd.Series)
    assert_type(gm.group_max(), pd.Series | pd.DataFrame)
    assert_type(gm.overall, pd.Series | pd.DataFrame)
    assert_type(gm.by_group, pd.DataFrame)
    one = gm.difference("selection_rate")
    value = one if isinstance(one, float) else float(one.max())
    assert_type(value, float)
    # The check is not vacuous: each ignore below must be used (--strict reports an unused
    # one), so a wrong stated type and a method outside the two are both errors.
    assert_type(gm.difference("selection_rate"), float)  # type: ignore[assert-type]
    gm.difference("selection_rate", method="within")  # type: ignore[call-overload]
''')

@pytest.mark.slow
def test_return_types_follow_the_arguments(tmp_path: Path) -> None:
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPET, encoding="utf-8")
    out, err, status = api.run([
        "--strict", "--follow-imports=silent", "--cache-dir", str(tmp_path / "cache"),
        "--show-error-codes", "--python-version=3.11", "--config-file=", str(path),
    ])
    assert status == 0, out + err
