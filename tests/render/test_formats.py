"""The format registry: one formatter per format, atomic writes, the text format."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.render import (
    FORMATTERS,
    Format,
    format_for_path,
    formatter,
    render_html,
    render_json,
    render_junit,
    render_markdown,
    render_report,
    render_text,
    write_atomic,
    write_report,
)
from dfgov.report import Finding, Report, Status


def _report() -> Report:
    def f(status: str, control: str, **kw: object) -> Finding:
        return Finding(control=control, status=Status(status),
                       message=LocalizedText(en=f"{control} is {status}.",
                                             zh_cn=f"{control}：{status}。"), **kw)

    return Report.build([
        f("pass", "validation.auc", metric="roc_auc", value=0.81, threshold=0.7),
        f("fail", "fairness.four_fifths_rule", subject="sex", metric="dpr", value=0.61,
          threshold=0.8, interval=(0.55, 0.68), confidence=0.95),
        f("warn", "explain.stability"),
    ], title=LocalizedText(en="Model risk", zh_cn="模型风险"),
        metadata={"decision_vocabulary": {"favourable_label": 0,
                                          "score_direction": "higher_is_unfavourable",
                                          "decision_threshold": 0.5},
                  "controls_not_run": {"explainability": {"en": "no model was given",
                                                          "zh-CN": "未提供模型"}}})


def test_every_format_has_one_formatter_and_its_suffixes() -> None:
    assert set(FORMATTERS) == set(Format) == {"json", "markdown", "html", "junit", "text"}
    suffixes = [s for f in FORMATTERS.values() for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes))
    for fmt, f in FORMATTERS.items():
        assert f.format is fmt and formatter(fmt.value) is f
        assert all(format_for_path(f"r{s.upper()}") is fmt for s in f.suffixes)
    assert format_for_path("r.pdf") is None and format_for_path("r") is None
    with pytest.raises(InvalidInputError, match=r"'format'.*'pdf'"):
        formatter("pdf")


def test_the_registry_renders_what_the_renderers_render() -> None:
    r = _report()
    for lang in ("en", "zh-CN"):
        assert render_report(r, "markdown", lang=lang) == render_markdown(r, lang=lang)
        assert render_report(r, Format.html, lang=lang) == render_html(r, lang=lang)
        assert render_report(r, Format.junit, lang=lang) == render_junit(r, lang=lang)
        assert render_report(r, Format.text, lang=lang) == render_text(r, lang=lang)
    assert render_report(r, Format.json) == render_json(r)
    with pytest.raises(InvalidInputError):
        render_report(r, Format.json, lang="fr")


def test_write_report_by_format_or_suffix(tmp_path: Path) -> None:
    r = _report()
    by_format = write_report(r, tmp_path / "out.data", format="json")
    assert Report.from_json(by_format.read_bytes()).findings == r.findings
    for fmt, f in FORMATTERS.items():
        path = write_report(r, tmp_path / f"r{f.suffixes[0]}", lang="zh-CN")
        assert path.read_text(encoding="utf-8") == render_report(r, fmt, lang="zh-CN")
    assert r.save(tmp_path / "s.log", format="text").read_text(encoding="utf-8") == \
        render_text(r)
    with pytest.raises(InvalidInputError, match="suffix"):
        write_report(r, tmp_path / "r.csv")


def test_a_failed_write_leaves_the_old_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")

    def boom(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    for write in (lambda: write_report(_report(), target),
                  lambda: _report().to_html(target),
                  lambda: _report().to_junit(target)):
        with pytest.raises(OSError):
            write()
        assert target.read_text(encoding="utf-8") == "old"
        assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left


def test_write_atomic_makes_ordinary_files(tmp_path: Path) -> None:
    path = write_atomic(tmp_path / "new" / "a.txt", "数据")
    assert path.read_text(encoding="utf-8") == "数据"
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_text_is_the_summary_with_vocabulary_and_controls_not_run() -> None:
    r = _report()
    lines = render_text(r).splitlines()
    assert lines[0].split() == ["pass", "validation.auc", "roc_auc=0.81"]
    assert lines[1].split() == ["fail", "fairness.four_fifths_rule", "[sex]", "dpr=0.61"]
    assert lines[3] == ("Overall status: fail — 1 passed, 1 warnings, 1 failed, 0 errors, "
                        "0 skipped")
    assert lines[4].startswith("Decision vocabulary: favourable label 0;")
    assert lines[5] == "1 control(s) not run: explainability (no model was given)"
    zh = render_text(r, lang="zh-CN")
    assert "总体结论：不通过" in zh and "explainability（未提供模型）" not in zh
    assert "1 项控制未运行：explainability (未提供模型)" in zh


def test_text_of_failures_is_what_a_failed_test_shows() -> None:
    out = render_text(_report(), only_failed=True)
    assert out.splitlines() == [
        "Model risk: 1 finding(s) fail the gate",
        "  - fail fairness.four_fifths_rule [sex]: dpr=0.61 (threshold 0.8, interval "
        "[0.55, 0.68] (95%)) fairness.four_fifths_rule is fail.",
    ]
    assert render_text(_report(), only_failed=True, lang="zh-CN").startswith(
        "模型风险：1 项检查结果未通过门禁")
    empty = Report.build([])
    assert render_text(empty).splitlines()[-1].startswith("Overall status: skipped")


def test_the_disclosure_is_a_page_in_the_report_shell() -> None:
    from dfgov.model_risk.disclosure import AlgorithmDisclosure
    from dfgov.render import render_html_page
    from dfgov.render._html import css

    assert "</" not in css()  # the stylesheet cannot close its <style> element
    d = AlgorithmDisclosure(algorithm_id="x<y", logic="<script>alert(1)</script>")
    for lang in ("en", "zh-CN"):
        page = d.to_html(lang=lang)
        report = render_html(_report(), lang=lang)
        shell = report[:report.index("<style>")]
        assert page.startswith(shell.replace("Model risk" if lang == "en" else "模型风险",
                                             page.split("<title>")[1].split("</title>")[0]))
        assert css() in page and '<body class="dfgov">' in page and "<footer>" in page
        style = report.split("<style>")[1].split("</style>")[0]
        assert css() in style and "&gt;" not in style and "&#34;" not in style  # CSS as is
        assert "<script>" not in page and "x&lt;y" in page
    body = '{% extends "_page.html.j2" %}{% block body %}<p>{{ x }}</p>{% endblock %}'
    page = render_html_page(body, lang="zh-CN", title="<T>", x="<b>")
    assert "<title>&lt;T&gt;</title>" in page and "<p>&lt;b&gt;</p>" in page
    assert "<footer>由 dfgov" in page
    with pytest.raises(InvalidInputError):
        render_html_page(body, lang="fr", title="t", x="")
