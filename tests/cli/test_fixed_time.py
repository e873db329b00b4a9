"""``--fixed-time`` pins a command's report times through an injected clock, never os.environ.

``dfgov gate --fixed-time X`` (and ``dfgov monitor report --fixed-time X``) run twice give the
same bytes, every report time (and the waivers' day of decision, the evidence bundle's time)
is X, the audit log's own event times stay the wall clock, and after the in-process call the
process environment holds no ``SOURCE_DATE_EPOCH`` (the pin used to leak into the rest of
the process). A ``SOURCE_DATE_EPOCH`` the user sets keeps pinning the system clock.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from dfgov.audit import AuditLog, Ed25519Signer
from dfgov.cli import build_app, main

X = "2026-03-01T12:00:00+00:00"  # inside the waivers' validity; the wall clock is not
X_TIME = datetime(2026, 3, 1, 12, tzinfo=UTC)
POLICY = '[model_risk]\ncontrols = ["fairness"]\nfavourable_label = 0\n'
FAILING = ("fairness.demographic_parity_difference", "fairness.four_fifths_rule")
PASSPHRASE = "fixed time passphrase"


@pytest.fixture(autouse=True)
def _no_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def invoke(args: list[str]) -> Result:
    result = CliRunner().invoke(build_app(), args, env={"DFGOV_SIGNING_KEY_PASSPHRASE":
                                                        PASSPHRASE})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.fixture(scope="module")
def gate_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from dfgov.datasets import load_german_credit
    from dfgov.review import Waiver, dump_waivers

    tmp = tmp_path_factory.mktemp("fixed_time_gate")
    data = load_german_credit()[["default", "sex"]]
    u = np.random.default_rng(0).random(len(data))  # declines women three times as often
    data = data.assign(decision=np.where(data["sex"] == "female", u < 0.6, u < 0.2).astype(int))
    data.to_csv(tmp / "scored.csv", index=False)
    (tmp / "policy.toml").write_text(POLICY, "utf-8")
    approved = [Waiver(id=f"W-{n}", control=c, subject="sex", model="scorer", version="1.0",
                       reason="new model in Q2", compensating_controls=("manual review",),
                       requester="li", requested_at=datetime(2026, 2, 1, tzinfo=UTC),
                       valid_from=date(2026, 2, 1), expires=date(2026, 4, 30),
                       status="approved", approver="cro")
                for n, c in enumerate(FAILING, start=1)]
    (tmp / "waivers.json").write_text(dump_waivers(approved), "utf-8")
    signer = Ed25519Signer.generate()
    signer.save(tmp / "sign.pem", passphrase=PASSPHRASE.encode())
    return {"dir": tmp}


def gate(files: dict[str, Path], run: str, *extra: str) -> list[str]:
    tmp = files["dir"]
    return ["gate", "--data", str(tmp / "scored.csv"), "--target", "default",
            "--sensitive", "sex", "--prediction-column", "decision",
            "--policy", str(tmp / "policy.toml"),
            "--json", str(tmp / f"{run}.json"), "--html", str(tmp / f"{run}.html"), *extra]


def test_gate_fixed_time_is_injected_not_written_to_the_environment(
        gate_files: dict[str, Path]) -> None:
    tmp = gate_files["dir"]
    runs = {}
    for run in ("a", "b"):
        result = invoke(gate(
            gate_files, run, "--fixed-time", X, "--waivers", str(tmp / "waivers.json"),
            "--model-id", "scorer", "--model-version", "1.0",
            "--audit-db", str(tmp / f"audit-{run}.db"),
            "--evidence", str(tmp / f"bundle-{run}"), "--signing-key", str(tmp / "sign.pem")))
        assert result.exit_code == 0, result.output  # waived as of X (expired by the wall clock)
        assert "SOURCE_DATE_EPOCH" not in os.environ
        runs[run] = ((tmp / f"{run}.json").read_bytes(), (tmp / f"{run}.html").read_bytes())
    assert runs["a"] == runs["b"]  # byte-identical JSON and HTML

    report = json.loads(runs["a"][0])
    assert when(report["started_at"]) == when(report["finished_at"]) == X_TIME
    assert {f["control"]: f["status"] for f in report["findings"]
            if f["control"] in FAILING} == dict.fromkeys(FAILING, "waived")
    for run in ("a", "b"):
        provenance = json.loads((tmp / f"bundle-{run}" / "provenance.json").read_text("utf-8"))
        assert when(provenance["created_at"]) == when(provenance["report_finished_at"]) == X_TIME
        manifest = json.loads((tmp / f"bundle-{run}" / "manifest.json").read_text("utf-8"))
        assert when(manifest["created_at"]) == X_TIME
    log = AuditLog(str(tmp / "audit-a.db"), create=False)
    try:
        events = log.events()
        by_action = {e.action: json.loads(e.payload_json) for e in events}
        assert by_action["waiver.applied"]["as_of"] == "2026-03-01"
        assert when(by_action["assessment.run"]["report_time"]) == X_TIME
        assert when(by_action["evidence.saved"]["report_time"]) == X_TIME
        assert when(by_action["evidence.saved"]["bundle_time"]) == X_TIME
        # the events' own times are the wall clock: a pinned report time never backdates them
        wall = datetime.now(UTC)
        assert all(abs(e.timestamp - wall) < timedelta(hours=1)
                   for e in events)
        assert log.verify().ok
    finally:
        log.close()


def test_gate_without_fixed_time_reads_the_system_clock(
        gate_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = gate_files["dir"]
    invoke(gate(gate_files, "wall"))
    report = json.loads((tmp / "wall.json").read_bytes())
    assert abs(when(report["finished_at"]) - datetime.now(UTC)) < timedelta(
        hours=1)
    # the user's SOURCE_DATE_EPOCH still pins the system clock, and stays as the user set it
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767268800")  # 2026-01-01T12:00Z
    invoke(gate(gate_files, "env"))
    report = json.loads((tmp / "env.json").read_bytes())
    assert when(report["finished_at"]) == datetime(2026, 1, 1, 12, tzinfo=UTC)
    # --fixed-time wins over it, and leaves it alone
    invoke(gate(gate_files, "both", "--fixed-time", "0"))
    report = json.loads((tmp / "both.json").read_bytes())
    assert when(report["finished_at"]) == datetime(1970, 1, 1, tzinfo=UTC)
    assert os.environ["SOURCE_DATE_EPOCH"] == "1767268800"


def test_bad_fixed_time_is_one_line_exit_2(gate_files: dict[str, Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(gate(gate_files, "bad", "--fixed-time", "yesterday")) == 2
    err = capsys.readouterr().err
    assert "--fixed-time" in err and "Traceback" not in err
    assert "SOURCE_DATE_EPOCH" not in os.environ


def test_monitor_report_fixed_time_is_injected(tmp_path: Path) -> None:
    from dfgov.monitoring import simulate_history

    h = simulate_history(8, drift_from=7, disparity_from=None, rows=400, random_state=3)
    h.reference.to_csv(tmp_path / "reference.csv", index=False)
    assert h.policy is not None
    (tmp_path / "policy.toml").write_text(h.policy.dumps(), "utf-8")
    common = ["--db", str(tmp_path / "governance.db"), "--model-id", "m",
              "--policy", str(tmp_path / "policy.toml")]
    assert main(["monitor", "init", "--reference", str(tmp_path / "reference.csv"),
                 "--target", "default", "--score-column", "score",
                 "--features", ",".join(h.features), *common]) == 0
    for key, frame in h.months:
        frame.to_csv(tmp_path / f"{key}.csv", index=False)
        assert main(["monitor", "add", "--period", key, "--data", str(tmp_path / f"{key}.csv"),
                     "--score-column", "score", "--prediction-column", "decision",
                     *common]) == 0
    last = h.months[-1][0]
    at = f"{last}-28T08:00:00+00:00"
    out: dict[str, Any] = {}
    for run in ("a", "b"):
        result = invoke(["monitor", "report", "--fixed-time", at, "--json",
                         str(tmp_path / f"{run}.json"), "--html", str(tmp_path / f"{run}.html"),
                         *common])
        assert result.exit_code in (0, 1), result.output
        assert "SOURCE_DATE_EPOCH" not in os.environ
        out[run] = ((tmp_path / f"{run}.json").read_bytes(),
                    (tmp_path / f"{run}.html").read_bytes())
    assert out["a"] == out["b"]
    report = json.loads(out["a"][0])
    assert when(report["started_at"]) == when(report["finished_at"]) == when(at)
    assert report["metadata"]["as_of"] == f"{last}-28"  # today, by the injected clock
