"""``dfgov monitor`` end to end, and the report over time in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dfgov.cli import main
from dfgov.monitoring import simulate_history


@pytest.fixture(scope="module")
def files(tmp_path_factory: Any) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("cli")
    h = simulate_history(14, drift_from=13, disparity_from=None, rows=800, random_state=3)
    h.reference.to_csv(tmp / "reference.csv", index=False)
    for key, frame in h.months:
        frame.to_csv(tmp / f"{key}.csv", index=False)
    policy = tmp / "policy.toml"
    assert h.policy is not None
    policy.write_text(h.policy.dumps(), "utf-8")
    return {"dir": tmp, "keys": [k for k, _ in h.months], "policy": str(policy),
            "features": ",".join(h.features)}


def test_monitor_commands_and_gate_exit_codes(files: dict[str, Any],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    tmp: Path = files["dir"]
    db = str(tmp / "governance.db")
    common = ["--db", db, "--model-id", "german-lr", "--policy", files["policy"]]
    assert main(["monitor", "init", "--reference", str(tmp / "reference.csv"),
                 "--target", "default", "--score-column", "score",
                 "--features", files["features"], *common]) == 0
    for i, key in enumerate(files["keys"], start=1):
        assert main(["monitor", "add", "--period", key, "--data", str(tmp / f"{key}.csv"),
                     "--score-column", "score", "--prediction-column", "decision",
                     *common]) == 0
        if i > 6:
            old = files["keys"][i - 7]
            assert main(["monitor", "labels", "--period", old, "--data",
                         str(tmp / f"{old}.csv"), "--target", "default", "--score-column",
                         "score", "--prediction-column", "decision", "--as-of",
                         f"{key}-28", *common]) == 0
        if key == "2024-12":
            assert main(["monitor", "report", "--as-of", "2025-01-01", *common]) == 0
    capsys.readouterr()
    html = tmp / "report.html"
    code = main(["monitor", "report", "--as-of", "2025-02-01", "--json", "-", "--html",
                 str(html), "--markdown", str(tmp / "report.md"), "--lang", "zh-CN",
                 "--fixed-time", "2025-02-01T00:00:00+00:00", *common])
    assert code == 1
    out = capsys.readouterr()
    report = json.loads(out.out)
    from dfgov.report import SCHEMA_VERSION

    assert report["schema_version"] == SCHEMA_VERSION
    failed = [x for x in report["findings"] if x["status"] == "fail"]
    assert failed and all("AP-16" in x["clauses"] for x in failed)
    started = {x["subject"]: x["details"]["started"] for x in failed}
    assert started["credit_amount"] == "2025-01"  # the drift's first month
    assert set(started.values()) <= {"2025-01", "2025-02"}
    page = html.read_text("utf-8")
    assert page.count("<svg") >= 4 or page.count("data:image/svg+xml") >= 4
    md = (tmp / "report.md").read_text("utf-8")
    assert "漂移" in md and "Traceback" not in out.err
    # the same command again gives the same bytes
    again = tmp / "again.html"
    main(["monitor", "report", "--as-of", "2025-02-01", "--html", str(again), "--lang",
          "zh-CN", "--fixed-time", "2025-02-01T00:00:00+00:00", *common])
    assert again.read_bytes() == html.read_bytes()
    # bad usage: exit 2 with one line, no traceback
    capsys.readouterr()
    assert main(["monitor", "add", "--period", "2025-13", "--data",
                 str(tmp / "2024-01.csv"), "--score-column", "score", *common]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dfgov: error:") and "Traceback" not in err
    assert main(["monitor", "report", "--model-id", "unknown", "--db", db]) == 2
    assert "no monitoring baseline" in capsys.readouterr().err
    # no policy: the favourable label is never guessed
    assert main(["monitor", "init", "--reference", str(tmp / "reference.csv"), "--target",
                 "default", "--score-column", "score", "--db", db, "--model-id", "empty"]) == 2
    assert "[model_risk] favourable_label" in capsys.readouterr().err
    assert main(["monitor", "init", "--reference", str(tmp / "reference.csv"), "--target",
                 "default", "--score-column", "score", "--db", db, "--model-id", "empty",
                 "--policy", files["policy"]]) == 0
    assert main(["monitor", "report", "--model-id", "empty", "--db", db]) == 2
    assert "No period" in capsys.readouterr().err


def test_report_renders_charts_in_both_languages(files: dict[str, Any]) -> None:
    from dfgov import Policy
    from dfgov.monitoring import Monitor

    tmp: Path = files["dir"]
    with Monitor(tmp / "governance.db", model_id="german-lr",
                 policy=Policy.load(files["policy"])) as mon:
        rep = mon.report(as_of="2025-02-01")
    titles = [f.title.en for f in rep.figures]
    assert any(t.startswith("Stability over time") for t in titles)
    assert any("Discrimination" in t for t in titles)
    stab = next(f for f in rep.figures if f.title.en.startswith("Stability"))
    assert 'stroke="#d62728" stroke-width="2"' in stab.data  # alarm periods circled
    assert all(re.search(r"[\u4e00-\u9fff]", f.title.zh_cn) for f in rep.figures)
    zh = rep.to_markdown(lang="zh-CN")
    assert "持续监测报告" in zh
    en = rep.to_html(lang="en")
    assert "Monitoring of german-lr" in en
