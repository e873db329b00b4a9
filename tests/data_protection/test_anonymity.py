"""Anonymity figures against a brute-force groupby."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov.data_protection import (
    AnonymityCheck,
    DataProtectionPolicy,
    k_anonymity,
    l_diversity,
    reidentification_risk,
    smallest_classes,
    suppress_small_classes,
    t_closeness,
)
from dfgov.data_protection._policy import AnonymityRules
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.report import Report
from tests.conftest import budget
from tests.strategies import ric_checked

QIS = ["a", "b", "c"]


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 40))
    cols = {}
    for name in QIS:
        vals = draw(st.lists(st.sampled_from(["x", "y", "z", None]), min_size=n, max_size=n))
        cols[name] = pd.Series(vals, dtype=object)
    cols["s"] = pd.Series(draw(st.lists(st.sampled_from(["p", "q", "r", "t"]), min_size=n,
                                        max_size=n)), dtype=object)
    cols["v"] = pd.Series(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)))
    return pd.DataFrame(cols)


def brute_groups(df: pd.DataFrame) -> list[pd.DataFrame]:
    key = pd.Series([repr(tuple(r)) for r in df[QIS].itertuples(index=False)], index=df.index)
    return [g for _, g in df.groupby(key)]


def brute_t_equal(df: pd.DataFrame, s: str) -> float:
    p = df[s].value_counts(normalize=True)
    worst = 0.0
    for g in brute_groups(df):
        q = g[s].value_counts(normalize=True).reindex(p.index, fill_value=0.0)
        worst = max(worst, 0.5 * float((q - p).abs().sum()))
    return worst


def brute_t_ordered(df: pd.DataFrame, s: str) -> float:
    values = np.sort(df[s].unique())
    m = len(values)
    if m <= 1:
        return 0.0
    p = df[s].value_counts(normalize=True).reindex(values, fill_value=0.0).to_numpy()
    worst = 0.0
    for g in brute_groups(df):
        q = g[s].value_counts(normalize=True).reindex(values, fill_value=0.0).to_numpy()
        r = np.cumsum(q - p)
        worst = max(worst, float(np.abs(r[:-1]).sum()) / (m - 1))
    return worst


@budget.medium
@given(tables())
def test_figures_equal_brute_force(df: pd.DataFrame) -> None:
    groups = brute_groups(df)
    assert k_anonymity(df, QIS) == min(len(g) for g in groups)
    assert l_diversity(df, QIS, "s") == min(g["s"].nunique() for g in groups)
    ent = min(-sum(p * math.log(p) for p in g["s"].value_counts(normalize=True)) for g in groups)
    assert l_diversity(df, QIS, "s", kind="entropy") == pytest.approx(math.exp(ent), abs=1e-9)
    assert t_closeness(df, QIS, "s") == pytest.approx(brute_t_equal(df, "s"), abs=1e-9)
    assert t_closeness(df, QIS, "v") == pytest.approx(brute_t_ordered(df, "v"), abs=1e-9)
    assert t_closeness(df, QIS, "v", ordered=False) == pytest.approx(
        brute_t_equal(df, "v"), abs=1e-9)
    risk = reidentification_risk(df, QIS)
    assert risk.prosecutor_max == pytest.approx(1 / min(len(g) for g in groups))
    assert risk.prosecutor_avg == pytest.approx(len(groups) / len(df))
    small = smallest_classes(df, QIS, 1)
    assert int(small["size"].iloc[0]) == min(len(g) for g in groups)


def test_journalist_risk_uses_population() -> None:
    pop = pd.DataFrame({"a": ["x"] * 10 + ["y"] * 4})
    sample = pop.iloc[[0, 1, 10]]
    r = reidentification_risk(sample, ["a"], population=pop)
    assert r.journalist_max == pytest.approx(1 / 4)
    assert r.journalist_avg == pytest.approx((1 / 10 + 1 / 10 + 1 / 4) / 3)
    with pytest.raises(InvalidInputError, match="population"):
        reidentification_risk(pd.DataFrame({"a": ["q"]}), ["a"], population=pop)


def test_check_names_the_smallest_classes() -> None:
    df = pd.DataFrame({"age": ["30-39"] * 6 + ["40-49"] * 2, "zip": ["100"] * 8,
                       "dx": ["a", "b"] * 4, "bal": [1, 2, 3, 4, 5, 6, 7, 8]})
    pol = DataProtectionPolicy(anonymity=AnonymityRules(quasi_identifiers=("age", "zip"),
                                                        sensitive=("dx", "bal")))
    report = AnonymityCheck(pol).run(df)
    assert isinstance(report, Report) and report.status.value == "fail"
    out = report.findings
    k = out[0]
    assert k.status.value == "fail" and k.value == 2 and k.threshold == 5
    # counts, and masked examples only (raw quasi-identifiers re-identify people)
    assert k.details["smallest_classes"][0] == {"age": "4***9", "zip": "1*0", "size": 2}
    assert k.details["classes"] == 2 and k.details["unique_records"] == 0
    assert k.details["records_below_k"] == 2
    assert k.details["class_sizes_below_k"] == {"2": 1}
    assert {"GB/T 35273-2020 §6.2", "PIPL Art.51", "AP-17"} <= set(k.clauses)
    metrics = {f.metric: f for f in out}
    assert metrics["l_diversity_distinct"].value == 2
    assert metrics["t_closeness"].value is not None
    missing = AnonymityCheck(pol).run(df.drop(columns=["zip"])).findings
    assert missing[0].status.value == "error" and missing[0].subject == "zip"


def test_unique_people_are_counted_never_shown() -> None:
    ids = [ric_checked(f"1101051990010{i}123") for i in range(6)]
    df = pd.DataFrame({"身份证号": ids, "city": ["Beijing"] * 3 + ["Shanghai"] * 3,
                       "phone": [f"1381234567{i}" for i in range(6)]})
    pol = DataProtectionPolicy(anonymity=AnonymityRules(
        quasi_identifiers=("身份证号", "city", "phone")))
    findings = AnonymityCheck(pol).run(df).findings
    k = findings[0]
    assert k.details["unique_records"] == 6 and k.details["class_sizes_below_k"] == {"1": 6}
    shown = k.details["smallest_classes"]
    assert [e["身份证号"] for e in shown] == [i[0] + "*" * 16 + i[-1] for i in ids[:5]]
    assert all(e["phone"].startswith("138****") for e in shown)
    text = Report.build(findings).to_json()
    for raw in (*ids, *df["phone"]):
        assert raw not in text


def test_bad_arguments() -> None:
    df = pd.DataFrame({"a": [1, 2]})
    with pytest.raises(ColumnError, match="'quasi_identifiers' column 'b'"):
        k_anonymity(df, ["b"])
    with pytest.raises(InvalidInputError):
        k_anonymity(df, "a")  # type: ignore[arg-type]
    with pytest.raises(ColumnError, match="'sensitive'"):
        l_diversity(df, ["a"], "zz")
    with pytest.raises(InvalidInputError, match="'kind'"):
        l_diversity(df, ["a"], "a", kind="recursive")  # type: ignore[arg-type]
    assert k_anonymity(df.iloc[:0], ["a"]) == 0


def test_suppress_small_classes() -> None:
    df = pd.DataFrame({"a": ["x"] * 5 + ["y"] * 2 + ["z"] * 3, "b": [1] * 10})
    out, n = suppress_small_classes(df, ["a", "b"], 3)
    assert n == 2 and out["a"].isna().sum() == 2 and df["a"].notna().all()
    assert k_anonymity(out.iloc[[0, 1, 2, 3, 4, 7, 8, 9]], ["a", "b"]) == 3
    with pytest.raises(InvalidInputError, match="'k'"):
        suppress_small_classes(df, ["a"], 0)
