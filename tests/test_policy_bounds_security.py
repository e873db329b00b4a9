"""Finding 10 (policies): deep nesting and non-finite numbers give clear errors.

Before the fix, a deeply nested JSON or TOML policy raised ``RecursionError`` (a traceback
at the CLI), and ``threshold = inf`` loaded, then broke the JSON report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dfgov import Policy
from dfgov.errors import PolicyError
from tests.security_helpers import run

DEEP = [
    ("json", "[" * 100_000 + "]" * 100_000),
    ("toml", "a = " + "[" * 5_000 + "]" * 5_000),
    ("toml", "[fairness]\nx = " + "{ y = " * 2_000 + "1" + " }" * 2_000),
    ("json", '{"fairness": ' + '{"x": ' * 40 + "1" + "}" * 40 + "}"),
]


@pytest.mark.parametrize(("fmt", "text"), DEEP)
def test_deep_nesting_is_a_policy_error(tmp_path: Path, fmt: str, text: str) -> None:
    with pytest.raises(PolicyError, match="nested"):
        Policy.loads(text, format=fmt)  # type: ignore[arg-type]
    path = tmp_path / f"deep.{fmt}"
    path.write_text(text)
    r = run("policy", "validate", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "nested" in r.stderr


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "+inf"])
def test_non_finite_numbers_are_refused(tmp_path: Path, value: str) -> None:
    text = f'[[fairness.rules]]\nmetric = "demographic_parity"\nkind = "ratio"\n' \
           f"threshold = {value}\n"
    with pytest.raises(PolicyError, match=r"fairness\.rules\[0\]\.threshold.*finite"):
        Policy.loads(text)
    with pytest.raises(PolicyError, match="finite"):
        Policy.loads(f"[validation]\npsi_shift = {value}\n")
    path = tmp_path / "p.toml"
    path.write_text(text)
    r = run("policy", "validate", str(path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "line 4" in r.stderr
