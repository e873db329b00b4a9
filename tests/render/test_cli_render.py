"""``dfgov render``: a saved JSON report again, in either language, as HTML, Markdown or PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from dfgov.cli import main
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status


def _saved(tmp_path: Path, status: str = "fail") -> Path:
    r = Report(findings=(Finding(control="fairness.x", status=Status(status),
                                 message=LocalizedText(en="Gap.", zh_cn="差距。")),))
    path = tmp_path / "r.json"
    path.write_text(r.to_json(), encoding="utf-8")
    return path


def test_render_writes_each_format_and_exits_with_the_gate_code(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _saved(tmp_path)
    code = main(["render", str(src), "--html", str(tmp_path / "r.html"), "--markdown", "-",
                 "--lang", "zh-CN"])
    assert code == 1
    assert "不通过" in capsys.readouterr().out
    assert '<html lang="zh-CN">' in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert main(["render", str(_saved(tmp_path, "pass")), "--markdown", "-"]) == 0


def test_render_refuses_bad_input_with_exit_2(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", str(tmp_path / "missing.json"), "--html", "-"]) == 2
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert main(["render", str(tmp_path / "bad.json"), "--html", "-"]) == 2
    assert main(["render", str(_saved(tmp_path))]) == 2  # no output asked for
    err = capsys.readouterr().err
    assert "Traceback" not in err and "dfgov: error:" in err


def test_render_pdf(tmp_path: Path) -> None:
    from dfgov.errors import MissingProgramError
    from dfgov.render._pdf import find_chromium

    try:
        find_chromium()
    except MissingProgramError:
        pytest.skip("Chromium is not installed")
    out = tmp_path / "r.pdf"
    assert main(["render", str(_saved(tmp_path)), "--pdf", str(out)]) == 1
    assert out.read_bytes().startswith(b"%PDF")
