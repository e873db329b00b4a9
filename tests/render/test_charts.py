"""Chart figures: data in the report, SVG drawn per language, deterministic and safe."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dfgov._chart import CHART_MEDIA_TYPE, RefLine, Series, bar_chart, line_chart, waterfall_chart
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText
from dfgov.render._charts import chart_svg
from dfgov.report import Figure, Report
from tests.conftest import budget

SVG = "{http://www.w3.org/2000/svg}"
L = LocalizedText(en="selection rate", zh_cn="选中率")


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _bar() -> Figure:
    return bar_chart(
        "Rates", categories=["female", "male"],
        series=[Series(L, [0.3, 0.42], lower=[0.25, 0.38], upper=[0.35, 0.46])],
        value_label=L, domain=(0.0, 1.0),
        lines=[RefLine(0.336, LocalizedText(en="four-fifths limit", zh_cn="五分之四限值"))],
        note=LocalizedText(en="Whiskers: 95% intervals.", zh_cn="误差线：95% 置信区间。"),
        control="fairness")


def test_chart_is_data_and_round_trips_through_json() -> None:
    fig = _bar()
    assert fig.media_type == CHART_MEDIA_TYPE and fig.control == "fairness"
    spec = json.loads(fig.data)
    assert spec["categories"] == ["female", "male"] and spec["lines"][0]["value"] == 0.336
    r = Report(figures=(fig,))
    assert Report.from_json(r.to_json()) == r


def test_svg_speaks_the_report_language_and_is_deterministic() -> None:
    fig = _bar()
    en, zh = chart_svg(fig.data, "en", "t"), chart_svg(fig.data, "zh-CN", "t")
    assert "selection rate" in _texts(en) and "选中率" in _texts(zh)
    assert "五分之四限值" in _texts(zh) and "four-fifths limit" not in _texts(zh)
    assert chart_svg(fig.data, "en", "t") == en
    assert "Noto Sans CJK SC" in ET.fromstring(zh).get("font-family", "")


def test_legend_sits_above_the_bars() -> None:
    svg = chart_svg(_bar().data, "en", "t")
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()): float(t.get("y", 0)) for t in root.iter(f"{SVG}text")}
    # bars are 12 px high (legend swatches 10, the background the whole chart)
    bars = [float(r.get("y", 0)) for r in root.iter(f"{SVG}rect") if r.get("height") == "12"]
    legend_y = texts["four-fifths limit"]
    assert len(bars) == 2 and all(legend_y < y for y in bars)


def test_long_labels_are_shortened_but_kept_as_tooltips() -> None:
    name = "a_very_long_feature_name_" * 4
    fig = bar_chart("t", categories=[name], series=[Series("v", [1.0])], value_label="v")
    svg = chart_svg(fig.data, "en", "t")
    shown = [t for t in _texts(svg) if t.startswith("a_very")]
    assert shown and shown[0].endswith("…") and len(shown[0]) < len(name) + len(name)
    assert name in svg  # the <title> tooltip


def test_text_is_escaped() -> None:
    fig = bar_chart("t", categories=['<script>alert("x")</script>'],
                    series=[Series("v", [1.0])], value_label="a & b")
    svg = chart_svg(fig.data, "en", "<t>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg
    ET.fromstring(svg)


def test_line_and_waterfall_charts() -> None:
    roc = line_chart("ROC", series=[Series("model", [0.0, 0.6, 1.0], x=[0.0, 0.2, 1.0])],
                     x_label="FPR", y_label="TPR", diagonal="chance")
    svg = chart_svg(roc.data, "en", "ROC")
    assert "<polyline" in svg and "chance" in _texts(svg)
    wf = waterfall_chart("w", base=-1.0, steps=[("a", 0.5), (LocalizedText(
        en="2 other features", zh_cn="其余 2 个特征"), -0.25)], value_label="log-odds",
        base_label="base", final_label="output")
    zh = _texts(chart_svg(wf.data, "zh-CN", "w"))
    assert "其余 2 个特征" in zh and "+0.5" in zh and "−0.25" in zh
    with pytest.raises(InvalidInputError, match="'x'"):
        line_chart("x", series=[Series("s", [1.0])], x_label="a", y_label="b")


def test_malformed_chart_data_is_an_error_naming_the_figure() -> None:
    with pytest.raises(InvalidInputError, match="Rates by group"):
        chart_svg('{"kind": "pie"}', "en", "Rates by group")
    with pytest.raises(InvalidInputError, match="malformed"):
        chart_svg("not json", "en", "t")


@budget.medium
@given(values=st.lists(st.one_of(st.none(), st.floats(-5, 5, allow_nan=False)), min_size=1,
                       max_size=12),
       label=st.text(min_size=0, max_size=30))
def test_any_bar_data_gives_well_formed_svg_with_ticks_covering_the_bars(
        values: list[float | None], label: str) -> None:
    cats = [f"{label}{i}" for i in range(len(values))]
    fig = bar_chart(label, categories=cats, series=[Series(label, values)], value_label=label)
    svg = chart_svg(fig.data, "zh-CN", label)
    root = ET.fromstring(svg)
    width = float(root.get("width", 0))
    for el in root.iter(f"{SVG}rect"):
        assert float(el.get("x", 0)) >= 0 and float(el.get("x", 0)) + float(
            el.get("width", 0)) <= width + 0.01
    assert re.search(r'height="\d', svg)
