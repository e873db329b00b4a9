"""``judge`` equals each hand-written grading it replaced, at and around every boundary."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov._judge import judge, judge_array, judge_severity
from dfgov.errors import InvalidInputError
from dfgov.report import Status

P, W, F = Status.PASS, Status.WARN, Status.FAIL
Rule = Callable[[float, float, float], Status]

#: (site, the rule as it was written, the judge call that replaced it); ``w``/``f`` thresholds.
RULES: list[tuple[str, Rule, Rule]] = [
    ("data_security.risk_score",
     lambda v, w, f: F if v >= f else W if v >= w else P,
     lambda v, w, f: judge(v, warn=w, fail=f, inclusive=True)),
    ("validation.auc",
     lambda v, w, f: F if v < f else (W if v < w else P),
     lambda v, w, f: judge(v, warn=w, fail=f, worse="lower")),
    ("validation.precision_recall",
     lambda v, w, f: F if v < f else P,
     lambda v, w, f: judge(v, fail=f, worse="lower")),
    ("validation.brier / robustness.flip_rate / robustness.monotonicity",
     lambda v, w, f: F if v > f else P,
     lambda v, w, f: judge(v, fail=f)),
    ("validation.ece / robustness.score_change / security.evasion / disclosure.age",
     lambda v, w, f: W if v > w else P,
     lambda v, w, f: judge(v, warn=w)),
    ("validation.hosmer_lemeshow",
     lambda v, w, f: W if v < w else P,
     lambda v, w, f: judge(v, warn=w, worse="lower")),
    ("security.membership_inference",
     lambda v, w, f: F if v > f else W if v > w else P,
     lambda v, w, f: judge(v, warn=w, fail=f)),
    ("anonymity.k / anonymity.l",
     lambda v, w, f: P if v >= f else F,
     lambda v, w, f: judge(v, fail=f, worse="lower")),
    ("anonymity.prosecutor / anonymity.t / explain.fidelity / explain.prohibited",
     lambda v, w, f: P if v <= f else F,
     lambda v, w, f: judge(v, fail=f)),
    ("explain.stability",
     lambda v, w, f: P if v >= f else F,
     lambda v, w, f: judge(v, fail=f, worse="lower")),
    ("explain.concentration / explain.group_divergence",
     lambda v, w, f: P if v <= w else W,
     lambda v, w, f: judge(v, warn=w)),
    ("explain.reason_codes",
     lambda v, w, f: P if v >= w else W,
     lambda v, w, f: judge(v, warn=w, worse="lower")),
    ("validation.psi_band (watch inclusive, shift not)",
     lambda v, w, f: F if v > f else W if v >= w else P,
     lambda v, w, f: judge(v, warn=w, fail=f, inclusive="warn")),
    ("fairness.shift / fairness.counterfactual at severity fail",
     lambda v, w, f: F if v > f else P,
     lambda v, w, f: judge_severity(v, f, "fail")),
    ("fairness.shift / fairness.counterfactual at severity warn",
     lambda v, w, f: W if v > w else P,
     lambda v, w, f: judge_severity(v, w, "warn")),
    ("outsourcing.concentration (hhi, group share)",
     lambda v, w, f: W if v > w else P,
     lambda v, w, f: judge(v, warn=w)),
    ("outsourcing.score (arrangement, provider)",
     lambda v, w, f: F if v < f else W if v < w else P,
     lambda v, w, f: judge(v, warn=w, fail=f, worse="lower")),
]

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def cases(draw: st.DrawFn) -> tuple[float, float, float]:
    """Two thresholds and a value on, just beside or away from either of them."""
    a, b = draw(finite), draw(finite)
    w, f = draw(st.sampled_from([(a, b), (b, a)]))
    near = draw(st.sampled_from([w, f]))
    value = draw(st.one_of(
        st.sampled_from([near, math.nextafter(near, math.inf), math.nextafter(near, -math.inf)]),
        finite))
    return value, w, f


@pytest.mark.parametrize(("site", "old", "new"), RULES, ids=[r[0] for r in RULES])
@given(case=cases())
def test_judge_equals_the_rule_it_replaced(site: str, old: Rule, new: Rule,
                                           case: tuple[float, float, float]) -> None:
    value, w, f = case
    assert new(value, w, f) == old(value, w, f), site


@pytest.mark.parametrize(("site", "old", "new"), RULES, ids=[r[0] for r in RULES])
def test_nan_is_never_a_pass(site: str, old: Rule, new: Rule) -> None:
    # The rules written "pass if within" already failed closed on NaN and still do; those
    # written "fail if beyond" passed NaN, which the fail-closed rule forbids.
    assert new(math.nan, 0.5, 0.5) in (W, F)
    if old(math.nan, 0.5, 0.5) is not P:
        assert new(math.nan, 0.5, 0.5) == old(math.nan, 0.5, 0.5)


def test_no_threshold_passes_and_worse_is_checked() -> None:
    assert judge(1e9) is P and judge(-1e9, worse="lower") is P
    with pytest.raises(InvalidInputError, match="'worse' argument of judge"):
        judge(1.0, fail=0.0, worse="up")  # type: ignore[arg-type]


@given(values=st.lists(st.one_of(finite, st.just(math.nan)), max_size=20),
       case=cases(), worse=st.sampled_from(["higher", "lower"]),
       inclusive=st.sampled_from([True, False, "warn", "fail"]))
def test_judge_array_equals_judge(values: list[float], case: tuple[float, float, float],
                                  worse: str, inclusive: bool | str) -> None:
    value, w, f = case
    values = [*values, value, w, f]
    kw: dict[str, object] = {"warn": w, "fail": f, "worse": worse, "inclusive": inclusive}
    assert judge_array(values, **kw).tolist() == [  # type: ignore[arg-type]
        judge(v, **kw).value for v in values]  # type: ignore[arg-type]


def test_severity_and_inclusive_are_checked() -> None:
    with pytest.raises(InvalidInputError, match="'severity' argument of judge_severity"):
        judge_severity(1.0, 0.0, "error")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="'inclusive' argument of judge"):
        judge(1.0, fail=0.0, inclusive="both")  # type: ignore[arg-type]
