"""Issue 14, finding 4: no personal identifier in any output of dfgov.

Resident IDs, card numbers and mobile numbers are planted in every input path —
data values, column names, sensitive-group labels, model feature names, model
metadata, the text of an exception the model raises, the policy's name — and
then every file dfgov writes and everything it prints is searched, both for the
planted values and with dfgov's own detector. Files that are byte-for-byte
copies of an input (the policy and the model copied into an evidence bundle)
hold what the input holds and are not dfgov's text; they are skipped.
"""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from dfgov._pii import REDACT_KINDS, find_spans
from tests.strategies import luhn_checked, ric_checked

DFGOV = str(Path(sys.executable).with_name("dfgov"))


RID_GROUP = ric_checked("11010519491231002")       # a sensitive-group label
RID_META = ric_checked("44030519850615123")        # model metadata
RID_RAISE = ric_checked("31011519900101456")       # in the model's exception text
CARD_FEATURE = luhn_checked("622202123456789")     # a model feature name
CARD_RAISE = luhn_checked("436742123456789")       # in the model's exception text (Visa)
MOBILE_GROUP = "13812345678"                # a sensitive-group label
MOBILE_META = "13987654321"                 # model metadata
MOBILE_POLICY = "15011112222"               # the policy's name
MOBILE_COLUMN = "18633334444"               # a column name
RID_VALUES = [ric_checked(f"320102{1950 + i % 50}0{1 + i % 9}1{i % 9}{i % 1000:03d}")
              for i in range(1000)]         # a data column of resident IDs
CARD_VALUES = [luhn_checked(f"62258{i:010d}") for i in range(1000)]  # a data column of card numbers
PLANTED = [RID_GROUP, RID_META, RID_RAISE, CARD_FEATURE, CARD_RAISE, MOBILE_GROUP,
           MOBILE_META, MOBILE_POLICY, MOBILE_COLUMN, *RID_VALUES[:50], *CARD_VALUES[:50]]

FEATURE = f"acct_{CARD_FEATURE}"
GROUP = "branch"
RAISE_MESSAGE = (f"cannot score applicant {RID_RAISE}: card {CARD_RAISE} blocked, "
                 f"call +86 {MOBILE_META[:3]} {MOBILE_META[3:7]} {MOBILE_META[7:]}")

MODEL_MODULE = '''
from sklearn.tree import DecisionTreeClassifier


class ChattyModel(DecisionTreeClassifier):
    """A small decision tree that scores once, then raises with personal data in the text."""

    def __init__(self, message="", max_depth=4, min_samples_leaf=20, random_state=0):
        super().__init__(max_depth=max_depth, min_samples_leaf=min_samples_leaf,
                         random_state=random_state)
        self.message = message

    def fit(self, X, y):
        self.calls_ = 0
        return super().fit(X, y)

    def predict_proba(self, X):
        self.calls_ += 1
        if self.calls_ > 1:
            raise ValueError(self.message)
        return super().predict_proba(X)
'''


#: The disclosure's published contact (a role mailbox under a ``contact`` key) stays readable.
PUBLISHED_CONTACT = "risk@bank.example"


def leaks(text: str) -> list[str]:
    """Planted values and anything the detector finds — also once thousands separators,
    Markdown escapes and HTML entities are taken out."""
    import html

    forms = dict.fromkeys([text, text.replace(",", ""), text.replace("\\", ""),
                           html.unescape(text)])
    found = sorted({v for v in PLANTED for form in forms if v in form})
    found += sorted({f"{k}:{form[s:e]}" for form in forms
                     for s, e, k in find_spans(form, REDACT_KINDS)
                     if form[s:e] != PUBLISHED_CONTACT})
    return found


def leaks_in_files(root: Path, inputs: list[Path]) -> dict[str, list[str]]:
    copies = {p.read_bytes() for p in inputs}
    out: dict[str, list[str]] = {}
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        if data in copies:
            continue
        found = leaks(data.decode("utf-8", errors="replace"))
        if found:
            out[str(path.relative_to(root))] = found
    return out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Inputs with personal data planted everywhere: data file, model file, policy file."""
    from importlib import resources

    from dfgov.datasets import load_german_credit

    d = tmp_path_factory.mktemp("pii")
    (d / "pii_model.py").write_text(MODEL_MODULE, encoding="utf-8")
    sys.path.insert(0, str(d))
    try:
        import pii_model
    finally:
        sys.path.remove(str(d))

    df = load_german_credit()
    df = df.rename(columns={"credit_amount": FEATURE})
    df[GROUP] = np.where(df["sex"] == "male", RID_GROUP, MOBILE_GROUP)
    df["customer_id"] = RID_VALUES
    df["card_no"] = CARD_VALUES
    df[f"contact_{MOBILE_COLUMN}"] = "ok"
    df["remarks"] = [f"客户{r}的卡{c}已冻结" for r, c in zip(RID_VALUES, CARD_VALUES,
                                                          strict=True)]
    features = ["duration_months", FEATURE, "installment_rate", "residence_since",
                "existing_credits", "num_dependents"]
    model = pii_model.ChattyModel(RAISE_MESSAGE).fit(df[features], df["default"])
    model_path = d / "model.pkl"
    model_path.write_bytes(pickle.dumps(model))
    data_path = d / "applicants.csv"
    df.to_csv(data_path, index=False)

    text = resources.files("dfgov.datasets").joinpath("german_credit_policy.toml") \
        .read_text(encoding="utf-8")
    text = re.sub(r'(?m)^name = "german-credit-demo"$', f'name = "policy of {MOBILE_POLICY}"',
                  text)
    text = re.sub(r'(?m)^sensitive_features = \[.*\]$', f'sensitive_features = ["{GROUP}"]',
                  text)
    text = re.sub(r"(?m)^n_boot = \d+$", "n_boot = 100", text)  # keep the test quick
    text = re.sub(r"(?m)^\[robustness\]\nmonotone = .*$", "[robustness]", text)
    text = re.sub(r"(?m)^actionable = .*$", f'actionable = {{ "{FEATURE}" = 1.0 }}', text)
    assert MOBILE_POLICY in text and GROUP in text
    policy_path = d / "policy.toml"
    policy_path.write_text(text, encoding="utf-8")
    return {"dir": d, "df": df, "features": features, "model_cls": pii_model.ChattyModel,
            "data": data_path, "model": model_path, "policy": policy_path}


def run_cli(*args: str, cwd: Path, pythonpath: Path | None = None,
            ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath),
                                                          env.get("PYTHONPATH")]))
    return subprocess.run([DFGOV, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=600)


def test_assessment_with_every_output_holds_no_identifier(world: dict[str, Any],
                                                          tmp_path: Path,
                                                          capfd: pytest.CaptureFixture[str],
                                                          ) -> None:
    """A `dfgov demo`-like run: assessment, reports in every format and language, the
    disclosure, an audit log and a signed evidence bundle."""
    from dfgov.audit import AuditLog, Ed25519Signer, save_evidence
    from dfgov.model_risk.assessment import ModelRiskAssessment
    from dfgov.model_risk.disclosure import AlgorithmDisclosure
    from dfgov.policy import Policy

    df, features = world["df"], world["features"]
    model = world["model_cls"](RAISE_MESSAGE).fit(df[features], df["default"])
    out = tmp_path / "out"
    out.mkdir()
    audit = AuditLog(out / "governance.db")
    meta = {"model_name": f"scorecard {RID_META}", "owner": MOBILE_META,
            "disclosure": {"algorithm_id": f"alg-{CARD_FEATURE}", "version": "1",
                           "contact": f"{PUBLISHED_CONTACT}, {MOBILE_META}",
                           "excluded_attributes": [GROUP, f"id {RID_META}"]}}
    report = ModelRiskAssessment(Policy.load(world["policy"]), audit=audit,
                                 actor="dfgov demo").run(
        model, df[features], df["default"].to_numpy(), sensitive_features=df[[GROUP]],
        X_reference=df[features], X_train=df[features], y_train=df["default"].to_numpy(),
        metadata=meta)
    errors = [f for f in report.findings if f.status.value == "error"]
    assert errors, "the model's exception must reach an error finding"
    assert any("cannot score applicant" in f.message.en for f in errors)
    cells = [str(c) for t in report.tables for row in t.rows for c in row]
    assert "1****************X" in cells and "138****5678" in cells  # masked group labels
    report.to_html(out / "report.html")
    report.to_html(out / "report.zh-CN.html", lang="zh-CN")
    (out / "report.json").write_text(report.to_json(), encoding="utf-8")
    (out / "report.md").write_text(report.to_markdown(lang="zh-CN"), encoding="utf-8")
    report.to_junit(out / "junit.xml")
    doc = AlgorithmDisclosure.from_report(report, **meta["disclosure"])
    assert doc.contact == f"{PUBLISHED_CONTACT}, 139****4321"  # the role mailbox stays
    (out / "disclosure.json").write_text(doc.to_json(), encoding="utf-8")
    (out / "disclosure.md").write_text(doc.to_markdown(lang="zh-CN"), encoding="utf-8")
    doc.to_html(out / "disclosure.html")
    doc.publish(audit, actor="dfgov demo", allow_incomplete=True)
    save_evidence(report, out / "evidence", signer=Ed25519Signer.generate(),
                  policy_file=world["policy"], operator="dfgov demo",
                  extra_files={"disclosure.json": out / "disclosure.json"}, audit=audit)
    audit.close()
    assert leaks_in_files(out, [world["policy"]]) == {}
    streams = capfd.readouterr()
    assert leaks(streams.out + streams.err) == []


def test_gate_outputs_and_streams_hold_no_identifier(world: dict[str, Any],
                                                     tmp_path: Path) -> None:
    out = tmp_path / "gate"
    out.mkdir()
    r = run_cli(
        "gate", "--data", str(world["data"]), "--target", "default", "--sensitive", GROUP,
        "--policy", str(world["policy"]), "--model", str(world["model"]), "--trust-pickle",
        "-f", "json", "-o", str(out / "gate.json"), "-f", "junit", "-o", str(out / "gate.xml"),
        "-f", "html", "-o", str(out / "gate.html"), "-f", "markdown",
        "--audit-db", str(out / "audit.db"), "--evidence", str(out / "evidence"),
        cwd=tmp_path, pythonpath=world["dir"])
    # the model raises inside controls: error findings (exit 1), or a one-line error (exit 2)
    assert r.returncode in (1, 2), r.stderr[-2000:]
    assert "Traceback" not in r.stderr
    assert leaks(r.stdout) == [] and leaks(r.stderr) == []
    if r.returncode == 1:  # the gate ran: every output was written
        for name in ("gate.json", "gate.xml", "gate.html", "audit.db", "evidence/report.json"):
            assert (out / name).is_file(), name
        assert "cannot score applicant 3****************4" in (out / "gate.xml").read_text(
            encoding="utf-8")
        assert leaks_in_files(out, [world["policy"], world["model"]]) == {}
    else:
        assert len(r.stderr.strip().splitlines()) == 1


def test_cli_error_lines_hold_no_identifier(world: dict[str, Any], tmp_path: Path) -> None:
    """A column name that is a mobile number, echoed by the error that names it."""
    r = run_cli("gate", "--data", str(world["data"]), "--target", MOBILE_META,
                "--prediction-column", "default", "--policy", str(world["policy"]),
                cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("dfgov: error:") and "138" not in r.stdout
    assert leaks(r.stdout + r.stderr) == []
    assert "139****4321" in r.stderr  # the column is still recognisable
    r = run_cli("scan", "--sample", f"{MOBILE_META}x", str(world["data"]), cwd=tmp_path)
    assert r.returncode == 2 and leaks(r.stdout + r.stderr) == []


def test_scan_outputs_and_streams_hold_no_identifier(world: dict[str, Any],
                                                     tmp_path: Path) -> None:
    policies = {}
    for name, sensitive in (("ok", '"remarks"'), ("missing", f'"{MOBILE_META}"')):
        policies[name] = tmp_path / f"scan-{name}.toml"
        policies[name].write_text(
            f'[policy]\nname = "scan of {MOBILE_POLICY}"\n\n[data_protection]\n'
            f'profile = "export"\n\n[data_protection.anonymity]\n'
            f'quasi_identifiers = ["customer_id", "{GROUP}", "sex"]\nsensitive = [{sensitive}]\n',
            encoding="utf-8")
    out = tmp_path / "scan"
    out.mkdir()
    r = run_cli("scan", str(world["data"]), "--policy", str(policies["ok"]), "--no-progress",
                cwd=tmp_path)
    assert r.returncode == 1, r.stderr[-2000:]
    assert leaks(r.stdout) == [] and leaks(r.stderr) == []
    plain = r.stdout.replace("\\", "")  # Markdown escapes _ and *
    assert "customer_id" in plain and "****" in plain
    for fmt, policy in (("json", policies["ok"]), ("html", policies["missing"])):
        r = run_cli("scan", str(world["data"]), "--policy", str(policy), "--format", fmt, "-o",
                    str(out / f"scan.{fmt}"), "--lang", "zh-CN", cwd=tmp_path)
        assert r.returncode == 1 and leaks(r.stdout + r.stderr) == []
    assert leaks_in_files(out, []) == {}
    scanned = (out / "scan.json").read_text(encoding="utf-8")
    assert '"unique_records": 1000' in scanned  # uniqueness as counts
    assert "139****4321" in (out / "scan.html").read_text(encoding="utf-8")  # missing column


def test_the_detector_finds_the_planted_values() -> None:
    """The search above can fail: each planted value is found where it was planted."""
    for value in (RID_GROUP, RID_META, CARD_FEATURE, CARD_RAISE, MOBILE_GROUP, MOBILE_POLICY,
                  f"acct_{CARD_FEATURE}".replace("acct_", "acct "), RAISE_MESSAGE):
        assert find_spans(value, REDACT_KINDS) or value in PLANTED, value
    assert len(find_spans(RAISE_MESSAGE, REDACT_KINDS)) == 3
    assert leaks(f"x {RID_VALUES[0]} y") and leaks(f"{int(CARD_VALUES[0]):,}")


def test_logs_and_audit_subjects_hold_no_identifier(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    """dfgov's one logger (key events) and the audit log, with a key scope naming a column
    whose name is a resident ID."""
    import logging

    from dfgov.audit import AuditLog
    from dfgov.data_protection.crypto import Keyring

    log = AuditLog(tmp_path / "keys.db")
    with caplog.at_level(logging.INFO, logger="dfgov"):
        ring = Keyring.in_memory(audit=log, actor="key-admin")
        ring.add_key(f"customers/{RID_META}", "SM4-GCM", primary=True)
    assert caplog.records and leaks(caplog.text) == []
    events = list(log.events())
    assert events and all(leaks(str(e.subject)) == [] and leaks(e.payload_json) == []
                          for e in events)
    log.close()
    assert leaks((tmp_path / "keys.db").read_bytes().decode("utf-8", errors="replace")) == []


def test_stderr_is_masked_line_by_line_with_tracebacks_too(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Whatever the command writes to stderr — an error line, a --debug traceback, a warning
    — passes the detector, even when written in pieces."""
    import sys
    import traceback

    from dfgov.cli._stderr import MaskedStream, masked_stderr

    with masked_stderr():
        assert isinstance(sys.stderr, MaskedStream) and sys.stderr.isatty() in (True, False)
        sys.stderr.write(f"dfgov: error: {RID_META[:9]}")
        sys.stderr.write(f"{RID_META[9:]} and {MOBILE_META}\n")
        try:
            raise ValueError(RAISE_MESSAGE)
        except ValueError as exc:
            traceback.print_exception(exc, file=sys.stderr)
        sys.stderr.write(f"\rscanned {CARD_FEATURE}")  # an open line, written at the end
    err = capsys.readouterr().err
    assert "Traceback" in err and "4****************3" in err and "139****4321" in err
    assert leaks(err) == []
