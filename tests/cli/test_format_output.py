"""``--format`` and ``--output``: one shape in every command that writes a report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from dfgov.cli import main
from dfgov.i18n import LocalizedText
from dfgov.render import Format, render_junit, render_text
from dfgov.report import Finding, Report, Status

REPORT_COMMANDS = (["gate"], ["scan"], ["render"], ["monitor", "report"], ["due"],
                   ["review", "check"], ["waiver", "report"], ["vendor", "review"])
LEGACY = {"gate": ("--json", "--junit", "--html", "--markdown"),
          "scan": ("--json", "--html", "--markdown"), "render": ("--html", "--markdown", "--junit"),
          "monitor report": ("--json", "--html", "--markdown", "--junit"),
          "due": ("--json", "--html", "--markdown", "--junit")}


def _saved(tmp_path: Path, status: str = "fail") -> Path:
    r = Report.build([Finding(control="fairness.x", status=Status(status), metric="dpr",
                              value=0.5, threshold=0.8,
                              message=LocalizedText(en="Gap.", zh_cn="差距。"))])
    path = tmp_path / "saved.json"
    path.write_text(r.to_json(), encoding="utf-8")
    return path


def _app() -> typer.Typer:
    from dfgov.cli import build_app

    return build_app()


@pytest.mark.parametrize("command", REPORT_COMMANDS, ids=" ".join)
def test_every_report_command_takes_format_and_output(command: list[str]) -> None:
    r = CliRunner().invoke(_app(), [*command, "--help"], env={"COLUMNS": "200",
                                                                "NO_COLOR": "1"})
    assert r.exit_code == 0, r.output
    assert "--format" in r.output and "--output" in r.output
    assert all(f.value in r.output for f in Format)
    for flag in LEGACY.get(" ".join(command), ()):
        assert flag not in r.output.replace("--format", "").replace("--output", "")


def test_each_output_takes_the_format_in_its_position(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path)
    code = main(["render", str(src), "-f", "junit", "-o", str(tmp_path / "a.out"),
                 "--format", "json", "--output", str(tmp_path / "b.out"), "-f", "text",
                 "--lang", "zh-CN"])
    assert code == 1
    report = Report.from_json(src.read_bytes())
    out, err = capsys.readouterr()
    assert out == render_text(report, lang="zh-CN") and err == ""
    assert (tmp_path / "a.out").read_text(encoding="utf-8") == render_junit(report,
                                                                             lang="zh-CN")
    assert json.loads((tmp_path / "b.out").read_text(encoding="utf-8"))["findings"]


def test_an_output_without_a_format_takes_its_suffix(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path, "pass")
    names = ["r.json", "r.md", "r.html", "r.xml", "r.txt", "r.unknown"]
    args = [a for n in names for a in ("-o", str(tmp_path / n))]
    assert main(["render", str(src), *args]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["schema_version"]
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("  pass")
    # a suffix that names no format gets the command's default, Markdown
    assert (tmp_path / "r.unknown").read_text() == (tmp_path / "r.md").read_text()


def test_fewer_formats_than_outputs_is_refused(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """'-o gate.xml -o gate.html -f markdown -o summary' once wrote Markdown into gate.xml."""
    src = _saved(tmp_path)
    outs = [tmp_path / "gate.xml", tmp_path / "gate.html", tmp_path / "summary"]
    code = main(["render", str(src), "-o", str(outs[0]), "-o", str(outs[1]), "-f", "markdown",
                 "-o", str(outs[2])])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "1 format(s) for 3 --output file(s)" in err
    assert not any(p.exists() for p in outs)


def test_one_report_at_most_goes_to_stdout(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path)
    assert main(["render", str(src), "-f", "json", "-f", "markdown"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Only one report can go to stdout" in err
    assert main(["render", str(src), "-f", "pdf"]) == 2
    assert "pdf" in capsys.readouterr().err


def test_an_unwritable_output_is_exit_2_naming_it(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path)
    assert main(["render", str(src), "-o", str(src / "x.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dfgov: error: --output: cannot write") and "x.html" in err


def test_the_old_flags_work_with_a_one_line_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path)
    html = tmp_path / "old.html"
    assert main(["render", str(src), "--html", str(html), "--markdown", "-"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("# ") and html.read_text(encoding="utf-8").startswith("<!DOCTYPE")
    assert err.splitlines() == [
        f"dfgov: --html is deprecated and will be removed in the next release; use "
        f"--format html --output {html}.",
        "dfgov: --markdown is deprecated and will be removed in the next release; use "
        "--format markdown.",
    ]


def test_scan_switches_are_deprecated_formats(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "d.csv"
    data.write_text("city,amount\nShanghai,1\nBeijing,2\n", encoding="utf-8")
    assert main(["scan", str(data), "--json", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["summary"]["status"] == "pass"
    assert err.splitlines()[0] == ("dfgov: --json is deprecated and will be removed in the "
                                   "next release; use --format json.")
    assert main(["scan", str(data), "-f", "text", "--no-progress"]) == 0
    out, err = capsys.readouterr()
    assert "Overall status: pass" in out and "deprecated" not in err
    target = tmp_path / "scan.html"
    assert main(["scan", str(data), "--no-progress", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_gate_writes_every_format_and_the_text_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # the user's pin, read by the system clock
    rows = ["default,sex,decision"] + [f"{i % 2},{'MF'[i % 3 == 0]},{(i // 2) % 2}"
                                       for i in range(120)]
    data = tmp_path / "d.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    policy = tmp_path / "p.toml"
    policy.write_text("[model_risk]\nfavourable_label = 0\n", encoding="utf-8")
    outs = {f: tmp_path / f"g.{f.value}" for f in Format}
    args = [a for f, p in outs.items() for a in ("-f", f.value, "-o", str(p))]
    code = main(["gate", "--data", str(data), "--target", "default", "--sensitive", "sex",
                 "--prediction-column", "decision", "--policy", str(policy), *args])
    out, err = capsys.readouterr()
    assert code in (0, 1) and out == ""
    report = Report.from_json(outs[Format.json].read_bytes())
    assert report.exit_code == code
    assert outs[Format.text].read_text(encoding="utf-8") == render_text(report) == err
    assert report.figures and "<figure>" in outs[Format.html].read_text(encoding="utf-8")
