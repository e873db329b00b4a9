"""Every model type through ``ModelRiskAssessment`` (every control) and ``dfgov gate``.

The assessment runs on the evaluation rows given as pandas, polars and pyarrow: the
findings must be the same, no control may error, and the only skips are the ones the
inputs explain (no model file for an in-memory model, no disclosure metadata). The gate
runs as a subprocess on each model's own safe file; its exit code must be the one the
policy dictates, i.e. the in-memory assessment's on the same rows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dfgov.model_risk import ModelRiskAssessment, load_model
from dfgov.policy import Policy
from tests.model_risk.conftest import KINDS, SENSITIVE, TARGET, VOCABULARY

DFGOV = str(Path(sys.executable).with_name("dfgov"))

CONTROLS = '["fairness", "explainability", "validation", "robustness", "security", "disclosure"]'
POLICY = VOCABULARY + f"controls = {CONTROLS}\n" + """explain_sample = 120

[fairness]
sensitive_features = ["sex"]
min_group_size = 30
n_boot = 50

[[fairness.rules]]
metric = "demographic_parity"
kind = "ratio"
threshold = 0.8
name = "four_fifths_rule"

[explainability]
max_rows = 120
min_group_size = 20
background_size = 20
n_boot = 20

[validation]
min_auc = 0.6
warn_auc = 0.7

[robustness]
rounds = 1
edge_rows = 10
monotone_rows = 20
monotone = { duration_months = "increasing" }

[security]
membership_rows = 100
evasion_rows = 20
"""

#: Skips the inputs explain: an in-memory model has no file format; no disclosure metadata.
EXPLAINED_SKIPS = {"security.model_format", "disclosure.control"}


def _policy(text: str = POLICY) -> Policy:
    return Policy.loads(text)


def _as(kind: str, frame: pd.DataFrame) -> Any:
    if kind == "pandas":
        return frame
    import pyarrow as pa

    table = pa.Table.from_pandas(frame, preserve_index=False)
    if kind == "pyarrow":
        return table
    import polars as pl

    return pl.from_arrow(table)


def _summary(report: Any) -> list[tuple[str, str | None, str, Any]]:
    out = []
    for f in report.findings:
        value = round(float(f.value), 9) if isinstance(f.value, float) else f.value
        out.append((f.control, f.subject, f.status.value, value))
    return out


def _assess(model: Any, X: Any, y: np.ndarray, X_ref: Any, y_ref: np.ndarray,
            policy: Policy) -> Any:
    return ModelRiskAssessment(policy).run(
        model, X, y, sensitive_features=[SENSITIVE], X_reference=X_ref, X_train=X_ref,
        y_train=y_ref, figures=False)


@pytest.fixture(scope="module")
def policy() -> Policy:
    return _policy()


@pytest.mark.parametrize("kind", list(KINDS))
def test_assessment_every_control_every_frame(kind: str, fitted, split, policy) -> None:
    X_train, X_test, y_train, y_test = split
    model = fitted[kind].model
    y = y_test.to_numpy()
    ref = X_train.iloc[:300].reset_index(drop=True)
    y_ref = y_train.iloc[:300].to_numpy()
    baseline = None
    for frame in ("pandas", "polars", "pyarrow"):
        report = _assess(model, _as(frame, X_test), y, _as(frame, ref), y_ref, policy)
        errors = [(f.control, str(f.message)) for f in report.findings
                  if f.status.value == "error"]
        assert not errors, (kind, frame, errors)
        skipped = {f.control for f in report.findings if f.status.value == "skipped"}
        assert skipped <= EXPLAINED_SKIPS, (kind, frame, skipped)
        controls = {f.control.split(".")[0] for f in report.findings}
        assert {"fairness", "explain", "validation", "robustness", "security"} <= controls
        fidelity = [f for f in report.findings if f.control == "explain.fidelity"]
        assert fidelity and fidelity[0].status.value == "pass", (kind, fidelity)
        summary = _summary(report)
        if baseline is None:
            baseline = summary
        else:
            assert summary == baseline, (kind, frame)


def _write_data(path: Path, X: pd.DataFrame, y: pd.Series) -> Path:
    data = X.assign(**{TARGET: y.to_numpy()})
    if path.suffix == ".csv":
        data.to_csv(path, index=False)
    else:
        data.to_parquet(path, index=False)
    return path


FILE_KINDS = [k for k in KINDS if k not in (
    "statsmodels_formula", "statsmodels_glm", "optbinning_scorecard", "callable")]


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_gate_from_the_native_file(kind: str, fitted, split, tmp_path: Path) -> None:
    """``dfgov gate --model FILE``: exit 0/1 exactly as the in-memory assessment decides."""
    _, X_test, _, y_test = split
    fit = fitted[kind]
    assert fit.file is not None
    suffix = ".csv" if kind == "lightgbm" else ".parquet"  # CSV: categories arrive as text
    data = _write_data(tmp_path / f"test{suffix}", X_test, y_test)
    (tmp_path / "policy.toml").write_text(POLICY.replace(', "disclosure"]', "]"))
    cmd = [DFGOV, "gate", "--model", str(fit.file), "--data", str(data), "--target", TARGET,
           "--sensitive", SENSITIVE, "--policy", str(tmp_path / "policy.toml"),
           "--json", str(tmp_path / "report.json"), "--fixed-time", "0"]
    for name in fit.trusted:
        cmd += ["--trusted", name]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {f["control"]: f["status"] for f in report["findings"]}
    assert "error" not in statuses.values(), report["findings"]
    assert statuses.get("security.model_format") == "pass"  # a safe format, recorded
    assert report["fingerprints"]["model_file"]
    # the same decision in memory, from the same file and the same rows
    loaded = load_model(fit.file, trusted=fit.trusted)
    read = pd.read_csv(data) if suffix == ".csv" else pd.read_parquet(data)
    policy = _policy((tmp_path / "policy.toml").read_text())
    mem = ModelRiskAssessment(policy).run(
        loaded, read.drop(columns=[TARGET]), read[TARGET].to_numpy(),
        sensitive_features=[SENSITIVE], figures=False)
    assert proc.returncode == mem.exit_code


def test_gate_strict_policy_fails(fitted, split, tmp_path: Path) -> None:
    """A policy the model cannot meet (AUC >= 0.99) ends the gate with exit 1."""
    _, X_test, _, y_test = split
    data = _write_data(tmp_path / "test.parquet", X_test, y_test)
    strict = POLICY.replace("min_auc = 0.6", "min_auc = 0.99").replace(
        "warn_auc = 0.7", "warn_auc = 0.995")
    (tmp_path / "policy.toml").write_text(strict)
    proc = subprocess.run(
        [DFGOV, "gate", "--model", str(fitted["xgboost"].file), "--data", str(data),
         "--target", TARGET, "--sensitive", SENSITIVE, "--policy", str(tmp_path / "policy.toml"),
         "--json", str(tmp_path / "r.json")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    assert any(f["control"] == "validation.discrimination.auc" and f["status"] == "fail"
               for f in findings)
