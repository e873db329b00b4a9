"""``dfgov gate`` on a corpus of bad inputs, as a subprocess: fail closed, never a traceback.

Every case ends with the exit code it should (2: bad usage or unreadable input, one line
``dfgov: error: ...`` on stderr; 1: a control failed or a required control was not judged,
with a finding naming why), never with a traceback, and never with exit 0 where a required
control was not judged.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import GermanCredit

DFGOV = str(Path(sys.executable).with_name("dfgov"))

CREDIT = """
[model_risk]
favourable_label = 0
score_direction = "higher_is_unfavourable"
controls = ["fairness", "validation", "robustness"]

[fairness]
sensitive_features = ["sex"]
n_boot = 50
"""
ANY_SENSITIVE = CREDIT.replace('sensitive_features = ["sex"]\n', "")
POLICIES = {
    "credit.toml": CREDIT,
    "any.toml": ANY_SENSITIVE,
    "unstated.toml": "[fairness]\nn_boot = 50\n",
    "approve.toml": CREDIT.replace("favourable_label = 0", 'favourable_label = "approve"'),
    "fav2.toml": CREDIT.replace("favourable_label = 0", "favourable_label = 2"),
    "nodirection.toml": CREDIT.replace('score_direction = "higher_is_unfavourable"\n', ""),
    "assessment.toml": "[assessment]\npositive_label = 1\nfavourable_label = 0\n",
    "pos_label.toml": "[fairness]\npos_label = 0\n",
    "threshold.toml": CREDIT + "[validation]\nthreshold = 0.3\n",
    "bad.toml": "[model_risk\nfavourable_label = 0\n",
}
RAISING = '''
import numpy as np


class Raising:
    """Raises whenever it is called."""

    classes_ = np.array([0, 1])

    def __init__(self, names):
        self.feature_names_in_ = np.array(names, dtype=object)

    def predict_proba(self, X):
        raise RuntimeError("scoring backend unavailable")


class RaisingLater:
    """Scores once, then raises (inside a control)."""

    def __init__(self, model):
        self.model, self.calls = model, 0
        self.classes_ = model.classes_
        self.feature_names_in_ = model.feature_names_in_

    def predict_proba(self, X):
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("backend gone")
        return self.model.predict_proba(X)
'''


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory, german_credit: GermanCredit) -> Path:
    import skops.io as sio

    ws = tmp_path_factory.mktemp("corpus")
    model, features, test = german_credit.model, german_credit.features, german_credit.test
    score = model.predict_proba(test[features])[:, 1]
    n = len(test)
    sex = test["sex"].astype(str)
    test = test.assign(
        decision=(score >= 0.5).astype(int),
        score=score, score_bad=score * 3, score_text=np.where(score > 0.5, "high", "low"),
        prob=score,
        decision_text=np.where(sex == "male", "approve", "deny"),
        outcome_text=np.where(test["default"] == 1, "deny", "approve"),
        goodbad=np.where(test["default"] == 1, "bad", "good"),
        three=np.select([test["default"] == 1, test["credit_amount"] > 4000], [2, 1], 0),
        lone=np.where(np.arange(n) == 0, "x", "y"),
        nan_sex=np.full(n, np.nan),
    )
    test.to_csv(ws / "test.csv", index=False)
    test.iloc[:0].to_csv(ws / "empty.csv", index=False)
    test.drop(columns=["credit_amount"]).to_csv(ws / "short.csv", index=False)
    (ws / "zero.csv").write_bytes(b"")
    (ws / "garbage.csv").write_bytes(bytes(range(256)) * 8)
    (ws / "data.xlsx").write_bytes(b"PK\x03\x04 not a table")
    for name, text in POLICIES.items():
        (ws / name).write_text(text)
    sio.dump(model, ws / "lr.skops")
    sio.dump(None, ws / "none.skops")
    (ws / "garbage.skops").write_bytes(b"not a zip archive" * 20)
    (ws / "lr.pkl").write_bytes(pickle.dumps(model))
    (ws / "raising_model.py").write_text(RAISING)
    sys.path.insert(0, str(ws))
    try:
        import raising_model

        (ws / "raising.pkl").write_bytes(pickle.dumps(raising_model.Raising(features)))
        (ws / "raising_later.pkl").write_bytes(
            pickle.dumps(raising_model.RaisingLater(model)))
    finally:
        sys.path.remove(str(ws))
        sys.modules.pop("raising_model", None)
    return ws


PRE = ["--data", "test.csv", "--target", "default", "--prediction-column", "decision"]
MODEL = ["--data", "test.csv", "--target", "default", "--model", "lr.skops",
         "--sensitive", "sex"]

#: (case id, arguments, exit code, text the one-line error or a failed control must hold)
CASES: list[tuple[str, list[str], int, str]] = [
    ("empty file", ["--data", "empty.csv", "--target", "default", "--prediction-column",
                    "decision", "--policy", "credit.toml"], 2, "no rows in"),
    ("zero-byte file", ["--data", "zero.csv", "--target", "default",
                        "--prediction-column", "decision"], 2, "cannot read"),
    ("binary garbage as csv", ["--data", "garbage.csv", "--target", "default",
                               "--prediction-column", "decision"], 2, "garbage.csv"),
    ("unknown extension", ["--data", "data.xlsx", "--target", "default",
                           "--prediction-column", "decision"], 2, ".csv or .parquet"),
    ("missing data file", ["--data", "nope.csv", "--target", "default",
                           "--prediction-column", "decision"], 2, "no such file"),
    ("missing target", ["--data", "test.csv", "--target", "nope", "--prediction-column",
                        "decision"], 2, "'nope'"),
    ("missing sensitive column", [*PRE, "--sensitive", "sex,race", "--policy", "credit.toml"],
     2, "'race'"),
    ("missing prediction column", ["--data", "test.csv", "--target", "default",
                                   "--prediction-column", "nope"], 2, "'nope'"),
    ("favourable label not stated", [*PRE, "--sensitive", "sex", "--policy", "unstated.toml"],
     2, "[model_risk] favourable_label"),
    ("text labels, favourable not stated",
     ["--data", "test.csv", "--target", "outcome_text", "--prediction-column", "decision_text",
      "--sensitive", "sex", "--policy", "unstated.toml"], 2, "'approve' ("),
    ("outcomes and decisions in two vocabularies",
     ["--data", "test.csv", "--target", "goodbad", "--prediction-column", "decision_text",
      "--sensitive", "sex", "--policy", "approve.toml"], 2, "not among the labels"),
    ("favourable label not a label", [*PRE, "--sensitive", "sex", "--policy", "fav2.toml"],
     2, "is not one of the labels"),
    ("three label values", ["--data", "test.csv", "--target", "three", "--prediction-column",
                            "three", "--sensitive", "sex", "--policy", "credit.toml"],
     2, "3 label values"),
    ("probabilities as decisions", ["--data", "test.csv", "--target", "default",
                                    "--prediction-column", "prob", "--sensitive", "sex",
                                    "--policy", "credit.toml"], 2, "probabilities or scores"),
    ("scores without a direction", ["--data", "test.csv", "--target", "default",
                                    "--score-column", "score", "--sensitive", "sex",
                                    "--policy", "nodirection.toml"], 2, "score_direction"),
    ("scores outside [0, 1]", ["--data", "test.csv", "--target", "default", "--score-column",
                               "score_bad", "--sensitive", "sex", "--policy", "credit.toml"],
     2, "[0, 1]"),
    ("text scores", ["--data", "test.csv", "--target", "default", "--score-column",
                     "score_text", "--sensitive", "sex", "--policy", "credit.toml"],
     2, "--score-column"),
    ("sensitive named by the policy but not given", [*PRE, "--policy", "credit.toml"],
     1, "fairness.required"),
    ("one-row group", [*PRE, "--sensitive", "lone", "--policy", "any.toml"],
     1, "fairness.required"),
    ("NaN-only sensitive column", [*PRE, "--sensitive", "nan_sex", "--policy", "any.toml"],
     2, "'nan_sex' has no values"),
    ("high-cardinality intersection", [*PRE, "--sensitive", "purpose,savings,job,housing",
                                       "--policy", "any.toml"], 1, "fairness.required"),
    ("discriminatory text decisions", ["--data", "test.csv", "--target", "outcome_text",
                                       "--prediction-column", "decision_text", "--sensitive",
                                       "sex", "--policy", "approve.toml"],
     1, "fairness.four_fifths_rule"),
    ("model file that is not a model", ["--data", "test.csv", "--target", "default",
                                        "--model", "garbage.skops", "--policy", "credit.toml"],
     2, "garbage.skops"),
    ("model file holding None", ["--data", "test.csv", "--target", "default", "--model",
                                 "none.skops", "--policy", "credit.toml"], 2, "holds no model"),
    ("a model that raises", ["--data", "test.csv", "--target", "default", "--model",
                             "raising.pkl", "--trust-pickle", "--sensitive", "sex",
                             "--policy", "credit.toml"], 2, "raised RuntimeError"),
    ("a model that raises inside a control", ["--data", "test.csv", "--target", "default",
                                              "--model", "raising_later.pkl", "--trust-pickle",
                                              "--sensitive", "sex", "--policy", "credit.toml"],
     1, "robustness.control"),
    ("pickle without --trust-pickle", ["--data", "test.csv", "--target", "default", "--model",
                                       "lr.pkl", "--policy", "credit.toml"], 2, "pickle"),
    ("file lacks a model column", ["--data", "short.csv", "--target", "default", "--model",
                                   "lr.skops", "--policy", "credit.toml"], 2, "credit_amount"),
    ("labels the model does not predict", ["--data", "test.csv", "--target", "three",
                                           "--model", "lr.skops", "--sensitive", "sex",
                                           "--policy", "credit.toml"], 2, "does not predict"),
    ("policy still using [assessment]", [*PRE, "--policy", "assessment.toml"], 2,
     "renamed [model_risk]"),
    ("policy still using pos_label", [*PRE, "--policy", "pos_label.toml"], 2,
     "[model_risk] favourable_label"),
    ("policy with a second threshold", [*PRE, "--policy", "threshold.toml"], 2,
     "[model_risk] decision_threshold"),
    ("policy that is not TOML", [*PRE, "--policy", "bad.toml"], 2, "not valid TOML"),
    ("neither model nor decisions", ["--data", "test.csv", "--target", "default"], 2,
     "--prediction-column"),
    ("bad --fixed-time", [*PRE, "--policy", "credit.toml", "--sensitive", "sex",
                          "--fixed-time", "yesterday"], 2, "--fixed-time"),
    ("unknown language", [*PRE, "--policy", "credit.toml", "--sensitive", "sex",
                          "--lang", "fr"], 2, "fr"),
    ("unwritable output", [*PRE, "--policy", "credit.toml", "--sensitive", "sex",
                           "--format", "json", "--output", "test.csv/out.json"], 2, "out.json"),
]


def _gate(ws: Path, args: list[str], out: str | None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ws), COLUMNS="200", NO_COLOR="1")
    extra = ["--format", "json", "--output", out] if out else []
    return subprocess.run([DFGOV, "gate", *args, *extra], capture_output=True, text=True,
                          cwd=ws, env=env, timeout=300)


def test_corpus_of_bad_inputs(ws: Path) -> None:
    assert len(CASES) >= 25

    def one(i: int) -> tuple[int, subprocess.CompletedProcess[str]]:
        args, code = CASES[i][1], CASES[i][2]
        out = f"case{i}.json" if code == 1 else None
        return i, _gate(ws, args, out)

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(pool.map(one, range(len(CASES))))
    problems = []
    for i, (name, _args, code, text) in enumerate(CASES):
        r = results[i]
        lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
        why = ""
        if "Traceback" in r.stderr:
            why = "traceback on stderr"
        elif r.returncode != code:
            why = f"exit {r.returncode}, expected {code}"
        elif code == 2 and (len(lines) != 1 or not lines[0].startswith("dfgov: error: ")):
            why = f"{len(lines)} lines on stderr, expected one 'dfgov: error:' line"
        elif code == 2 and text not in lines[0]:
            why = f"error line lacks {text!r}"
        elif code == 1:
            report = json.loads((ws / f"case{i}.json").read_text())
            failed = [f["control"] for f in report["findings"]
                      if f["status"] in ("fail", "error")]
            if text not in failed:
                why = f"no failed finding {text!r} (failed: {failed})"
            judged = {f["control"].split(".")[0] for f in report["findings"]
                      if f["status"] in ("pass", "warn", "fail")}
            for req in report["metadata"]["required_controls"]:
                if req not in judged and f"{req}.required" not in failed:
                    why = f"required {req!r} not judged and not failed"
        if why:
            problems.append(f"{name}: {why}\n    stderr: {r.stderr.strip()[:400]}")
    assert not problems, "\n".join(problems)


def test_debug_shows_the_traceback(ws: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ws))
    r = subprocess.run([DFGOV, "--debug", "gate", "--data", "test.csv", "--target", "default",
                        "--model", "raising.pkl", "--trust-pickle", "--policy", "credit.toml",
                        "--sensitive", "sex"], capture_output=True, text=True, cwd=ws, env=env,
                       timeout=300)
    assert r.returncode == 2
    assert r.stderr.startswith("dfgov: error: The model raised RuntimeError")
    assert "Traceback" in r.stderr and "scoring backend unavailable" in r.stderr
