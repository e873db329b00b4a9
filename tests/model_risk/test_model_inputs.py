"""Frames and files: polars/pyarrow/numpy conversion, native model files, new categories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dfgov._frames import to_pandas, to_series
from dfgov.errors import ColumnError, InputFileError, InvalidInputError
from dfgov.model_risk import adapt, load_model, model_provenance
from dfgov.policy import Policy
from tests.model_risk.conftest import SENSITIVE, TARGET, VOCABULARY

DFGOV = str(Path(sys.executable).with_name("dfgov"))


def test_polars_and_arrow_keep_names_dtypes_and_values(split) -> None:
    import polars as pl
    import pyarrow as pa

    X = split[1]
    table = pa.Table.from_pandas(X, preserve_index=False)
    for data in (pl.from_arrow(table), pl.from_arrow(table).lazy(), table,
                 table.to_batches()[0]):
        got = to_pandas(data, argument="X", caller="t")
        assert not got.names_assumed
        frame = got.frame
        assert list(frame.columns) == list(X.columns)
        for c in X.columns:
            assert isinstance(frame[c].dtype, pd.CategoricalDtype) == isinstance(
                X[c].dtype, pd.CategoricalDtype), c
        assert (frame.astype(object).to_numpy() == X.astype(object).to_numpy()).all()


def test_arrow_numeric_columns_are_not_copied() -> None:
    import pyarrow as pa

    values = np.arange(1_000, dtype=np.float64)
    table = pa.table({"a": values})
    frame = to_pandas(table, argument="X", caller="t").frame
    assert np.shares_memory(frame["a"].to_numpy(), table.column("a").chunk(0).to_numpy())


def test_arrays_series_and_errors() -> None:
    import polars as pl
    import pyarrow as pa

    arr = np.zeros((3, 2))
    assert to_pandas(arr, argument="X", caller="t").names_assumed
    assert list(to_pandas(arr, argument="X", caller="t", columns=["a", "b"]).frame) == ["a", "b"]
    rec = np.zeros(2, dtype=[("a", float), ("b", int)])
    assert list(to_pandas(rec, argument="X", caller="t").frame.columns) == ["a", "b"]
    with pytest.raises(InvalidInputError, match="'X' argument of t has 2 columns"):
        to_pandas(arr, argument="X", caller="t", columns=["a"])
    with pytest.raises(ColumnError, match="duplicate"):
        to_pandas(pd.DataFrame([[1, 2]], columns=["a", "a"]), argument="X", caller="t")
    with pytest.raises(InvalidInputError, match="must be 2-d"):
        to_pandas(np.zeros(3), argument="X", caller="t")
    assert to_series(pl.Series("s", ["a", "b"]), argument="s", caller="t").tolist() == ["a", "b"]
    assert to_series(pa.chunked_array([[1, 2]]), argument="y", caller="t").tolist() == [1, 2]
    with pytest.raises(InvalidInputError, match="one-dimensional"):
        to_series(np.zeros((2, 2)), argument="y", caller="t")


def test_adapter_selects_by_name_and_never_passes_sensitive_columns(fitted, split) -> None:
    X = split[1]
    for kind in ("xgboost", "catboost", "lightgbm_booster", "onnx", "statsmodels_formula"):
        a = adapt(fitted[kind].model)
        assert SENSITIVE not in (a.feature_names or ())
        shuffled = X[list(reversed(X.columns))]
        np.testing.assert_allclose(a.predict_proba(shuffled), a.predict_proba(X))
        with pytest.raises(ColumnError, match="lacks columns the model was fitted on"):
            a.predict_proba(X.drop(columns=[a.feature_names[0]]))  # type: ignore[index]


def test_native_files_are_checked_before_loading(tmp_path: Path) -> None:
    for name, text in [("m.json", "[1, 2]"), ("m.ubj", "not ubj"), ("m.txt", "hello"),
                       ("m.cbm", "nope")]:
        (tmp_path / name).write_text(text)
        with pytest.raises(InputFileError, match="not"):
            load_model(tmp_path / name)
    (tmp_path / "m.onnx").write_bytes(b"\x00garbage")
    with pytest.raises(InputFileError, match="ONNX model cannot be read"):
        load_model(tmp_path / "m.onnx")


def test_native_files_record_format_and_digest(fitted) -> None:
    import hashlib

    for kind, fmt in [("xgboost", "xgboost_json"), ("xgboost_booster", "xgboost_ubj"),
                      ("lightgbm", "lightgbm_text"), ("catboost", "catboost_cbm"),
                      ("onnx", "onnx")]:
        path = fitted[kind].file
        model = load_model(path)
        prov = model_provenance(model)
        assert prov is not None and prov.format == fmt and prov.safe, kind
        assert prov.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert model_provenance(adapt(model)) == prov  # seen through the adapter too


def test_new_categories_are_flagged(fitted, split) -> None:
    from dfgov.model_risk import ValidationCheck
    from dfgov.model_risk.validation import stability_table

    X_train, X_test, _, _ = split
    cur = X_test.copy()
    cur["purpose"] = cur["purpose"].cat.add_categories(["crypto"])
    cur.loc[:29, "purpose"] = "crypto"
    (row,) = stability_table(X_train[["purpose"]], cur[["purpose"]])
    assert row.new_categories == 1 and row.new_category_share == pytest.approx(30 / len(cur))
    del ValidationCheck  # the check's finding is exercised through the assessment below
    from dfgov.model_risk import ModelRiskAssessment

    report = ModelRiskAssessment(Policy.loads(VOCABULARY), checks=["validation"]).run(
        fitted["lightgbm"].model, cur, split[3].to_numpy(), X_reference=X_train)
    (flag,) = [f for f in report.findings if f.control == "validation.stability.new_categories"]
    assert flag.subject == "purpose" and flag.status.value == "warn"
    assert "crypto" not in flag.message.en  # counts, never the values themselves


def test_mlflow_log_report_and_gate_from_model_directory(fitted, split, tmp_path: Path,
                                                        monkeypatch) -> None:
    import mlflow

    from dfgov.integrations.mlflow import load_model as mlflow_load
    from dfgov.integrations.mlflow import log_report
    from dfgov.model_risk import ModelRiskAssessment

    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")
    mlflow.set_tracking_uri((tmp_path / "mlruns").as_uri())
    X_train, X_test, _, y_test = split
    model = fitted["xgboost"].model
    with mlflow.start_run() as run:
        with warnings.catch_warnings():  # MLflow's own notices about signatures
            warnings.simplefilter("ignore")
            info = mlflow.xgboost.log_model(model, name="model")
        report = ModelRiskAssessment(Policy.loads(VOCABULARY), checks=["validation"]).run(
            model, X_test, y_test.to_numpy(), X_reference=X_train)
        bundle = tmp_path / "evidence"
        bundle.mkdir()
        (bundle / "report.json").write_text(report.to_json())
        metrics = log_report(report, evidence=bundle)
    client = mlflow.MlflowClient()
    logged = client.get_run(run.info.run_id).data
    assert logged.tags["dfgov.status"] == report.status.value
    assert logged.metrics["dfgov.validation.discrimination.auc.roc_auc"] == pytest.approx(
        metrics["dfgov.validation.discrimination.auc.roc_auc"])
    files = {a.path for a in client.list_artifacts(run.info.run_id, "dfgov")}
    assert {"dfgov/report.json", "dfgov/report.html", "dfgov/junit.xml",
            "dfgov/evidence"} <= files
    loaded = mlflow_load(info.model_uri)
    assert model_provenance(loaded).mlflow_flavor == "xgboost"  # type: ignore[union-attr]
    np.testing.assert_allclose(adapt(loaded).predict_proba(X_test),
                               adapt(model).predict_proba(X_test))
    # the gate reads the downloaded MLflow directory through the safe loader
    directory = Path(mlflow.artifacts.download_artifacts(info.model_uri,
                                                         dst_path=str(tmp_path / "dl")))
    data = tmp_path / "test.parquet"
    X_test.assign(**{TARGET: y_test.to_numpy()}).to_parquet(data, index=False)
    policy = tmp_path / "p.toml"
    policy.write_text(VOCABULARY + 'controls = ["validation", "security"]\n')
    proc = subprocess.run([DFGOV, "gate", "--model", str(directory), "--data", str(data),
                           "--target", TARGET, "--policy", str(policy), "--json",
                           str(tmp_path / "r.json")], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "MLFLOW_ALLOW_FILE_STORE": "true"})
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    findings = json.loads((tmp_path / "r.json").read_text())["findings"]
    fmt = [f for f in findings if f["control"] == "security.model_format"]
    assert fmt and fmt[0]["status"] == "pass"


def test_mlflow_pickled_flavor_needs_trust(fitted, tmp_path: Path) -> None:
    import mlflow

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlflow.sklearn.save_model(fitted["sklearn_pipeline"].model, tmp_path / "sk",
                                  serialization_format="pickle")
    with pytest.raises(InputFileError, match="trust_pickle"):
        load_model(tmp_path / "sk")
    assert load_model(tmp_path / "sk", trust_pickle=True) is not None
    (tmp_path / "custom").mkdir()
    (tmp_path / "custom" / "MLmodel").write_text(
        "flavors:\n  python_function:\n    loader_module: mlflow.pyfunc.model\n")
    with pytest.raises(InputFileError, match="python_function"):
        load_model(tmp_path / "custom")
