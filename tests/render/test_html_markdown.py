"""HTML and Markdown renderings, the notebook view and the PDF."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from dfgov.errors import MissingProgramError
from dfgov.i18n import LocalizedText
from dfgov.report import Finding, Report, Status
from tests.conftest import budget
from tests.strategies import reports


def _report() -> Report:
    findings = [Finding(control="robustness.out_of_range", status=Status.WARN,
                        subject=f"feature_{i}", value=0.1 * i,
                        message=LocalizedText(en=f"feature_{i} moves the score.",
                                              zh_cn=f"feature_{i} 使分数变化。"))
                for i in range(4)]
    findings.append(Finding(control="validation.discrimination.auc", status=Status.PASS,
                            metric="roc_auc", value=0.77, threshold=0.7,
                            message=LocalizedText(en="AUC is 0.77.", zh_cn="AUC 为 0.77。"),
                            clauses=("AP-16",)))
    return Report(findings=tuple(findings),
                  title=LocalizedText(en="Model risk assessment", zh_cn="模型风险评估"),
                  metadata={"model_name": "PD model"})


def test_html_opens_with_the_summary_then_areas_and_is_self_contained() -> None:
    html = _report().to_html(lang="zh-CN")
    assert html.index('class="summary"') < html.index('id="area-validation"') \
        < html.index('id="area-robustness"')
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert '<html lang="zh-CN">' in html and "Noto Sans CJK SC" in html
    assert "@page { size: A4" in html and "break-before: page" in html
    # the collapsed kind lists its subjects; every finding is still a row when unfolded
    assert html.count('<td class="control">') == 5
    assert "展开全部 4 项" in html
    # identifiers are code, never translated
    assert '<code translate="no">feature_1</code> 使分数变化' in html


def test_open_details_unfolds_lists_and_tables_for_print() -> None:
    closed = _report().to_html()
    from dfgov.render import render_html

    opened = render_html(_report(), open_details=True)
    assert "<details open>" in opened and "<details open>" not in closed


@budget.slow
@given(reports())
def test_any_report_renders_every_finding(report: Report) -> None:
    for lang in ("en", "zh-CN"):
        html = report.to_html(lang=lang)
        md = report.to_markdown(lang=lang)
        assert html.count('<td class="control">') == len(report.findings)
        assert md.count("\n| ") >= len(report.findings)
        assert "http://" not in html and "https://" not in html


def test_markdown_twin_has_summary_areas_and_folded_repeats() -> None:
    md = _report().to_markdown()
    assert md.startswith("# Model risk assessment\n")
    assert md.index("## Summary") < md.index("## Validation") < md.index("## Robustness")
    assert "**Passed with warnings" in md
    assert "<details><summary>out-of-range inputs: Show all 4</summary>" in md
    assert "| Validation | ✅ pass | 1 pass |" in md


def test_repr_is_one_line_and_notebooks_get_summary_and_findings() -> None:
    r = _report()
    assert repr(r) == "<Report model risk assessment: warn — 1 pass, 4 warn, 0 fail>"
    assert str(r) == repr(r)
    frag = r._repr_html_()
    assert frag.startswith('<div class="dfgov" lang="en">')
    assert 'class="summary"' in frag and "<table class=\"findings\">" in frag
    assert "<html" not in frag and "<figure" not in frag and len(frag) < 40_000
    assert not re.search(r"(?m)^\s*body\s*\{", frag)  # styles stay scoped


def test_pdf_is_a4(tmp_path: object) -> None:
    from pathlib import Path

    from dfgov.render._pdf import find_chromium

    try:
        find_chromium()
    except MissingProgramError:
        pytest.skip("Chromium is not installed")
    out = _report().to_pdf(Path(str(tmp_path)) / "r.pdf", lang="zh-CN")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"/MediaBox [0 0 594.9" in data


def test_pdf_without_chromium_names_what_to_install(tmp_path: object,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    monkeypatch.setenv("DFGOV_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(MissingProgramError, match="DFGOV_CHROMIUM"):
        _report().save(Path(str(tmp_path)) / "r.pdf")
    monkeypatch.delenv("DFGOV_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MissingProgramError, match="apt-get install chromium"):
        _report().to_pdf(Path(str(tmp_path)) / "r.pdf")
    assert not (Path(str(tmp_path)) / "r.pdf").exists()
