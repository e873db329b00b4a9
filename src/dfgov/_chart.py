"""Charts as data: a :class:`~dfgov.report.Figure` that holds numbers, not pixels.

A chart figure carries a small JSON document (media type
:data:`CHART_MEDIA_TYPE`) with its numbers and its texts in English and
Chinese; the renderers draw it as SVG in the report's language
(:mod:`dfgov.render`). So a chart's axes and legend are Chinese in a zh-CN
report, a report read back from JSON draws the same chart, and no plotting
library is needed to build one.

Three kinds:

- :func:`bar_chart`: horizontal bars per category, optional intervals and
  reference lines (selection rates by group, importance, PSI per feature);
- :func:`line_chart`: curves on the unit square, optional diagonal (ROC,
  calibration);
- :func:`waterfall_chart`: one prediction built up from a base value by
  per-feature contributions (a SHAP explanation of one row).

Examples
--------
>>> from dfgov._chart import bar_chart, Series
>>> fig = bar_chart("Selection rate", categories=["a", "b"],
...                 series=[Series("rate", [0.3, 0.4], lower=[0.25, 0.33], upper=[0.35, 0.47])],
...                 value_label="rate", domain=(0.0, 1.0))
>>> fig.media_type
'application/vnd.dfgov.chart+json'
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dfgov._report_model import Figure
from dfgov.errors import InvalidInputError
from dfgov.i18n import LocalizedText

__all__ = [
    "CHART_MEDIA_TYPE",
    "RefLine",
    "Series",
    "bar_chart",
    "line_chart",
    "waterfall_chart",
]

CHART_MEDIA_TYPE = "application/vnd.dfgov.chart+json"
"""Media type of a chart figure's ``data`` (JSON)."""

Label = LocalizedText | str


@dataclass(frozen=True)
class Series:
    """One series of a bar or line chart.

    ``values`` are bar lengths (bar chart) or y values (line chart, with
    ``x``); ``lower``/``upper`` draw an interval per bar. NaN or None leaves
    a gap.
    """

    name: Label
    values: Sequence[float | None]
    lower: Sequence[float | None] | None = None
    upper: Sequence[float | None] | None = None
    x: Sequence[float | None] | None = None


@dataclass(frozen=True)
class RefLine:
    """A reference line across the value axis (a threshold), with its label."""

    value: float
    label: Label


def _text(label: Label) -> dict[str, str]:
    t = label if isinstance(label, LocalizedText) else LocalizedText.same(str(label))
    return {"en": t.en, "zh-CN": t.zh_cn}


def _num(x: float | None) -> float | None:
    if x is None:
        return None
    v = float(x)
    if not math.isfinite(v):
        return None
    return float(f"{v:.6g}")


def _nums(xs: Sequence[float | None] | None) -> list[float | None] | None:
    return None if xs is None else [_num(x) for x in xs]


def _series(s: Series) -> dict[str, Any]:
    out: dict[str, Any] = {"name": _text(s.name), "values": _nums(s.values)}
    for key in ("lower", "upper", "x"):
        vals = _nums(getattr(s, key))
        if vals is not None:
            out[key] = vals
    return out


def _figure(title: Label, spec: dict[str, Any], control: str | None) -> Figure:
    t = title if isinstance(title, LocalizedText) else LocalizedText.same(str(title))
    data = json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return Figure(title=t, media_type=CHART_MEDIA_TYPE, data=data, control=control)


def bar_chart(
    title: Label, *, categories: Sequence[str], series: Sequence[Series], value_label: Label,
    domain: tuple[float, float] | None = None, lines: Sequence[RefLine] = (),
    note: Label | None = None, control: str | None = None,
) -> Figure:
    """Horizontal bars: one row per category, one bar per series.

    Parameters
    ----------
    title : LocalizedText or str
    categories : sequence of str
        Row labels (data values such as group or feature names; not translated).
    series : sequence of Series
        ``values`` (and optional ``lower``/``upper``) aligned with ``categories``.
    value_label : LocalizedText or str
        Name of the value axis.
    domain : (low, high), optional
        Value-axis range; by default from 0 to the largest value shown.
    lines : sequence of RefLine
        Thresholds drawn across the bars, labelled in the legend.
    note : LocalizedText or str, optional
        One line under the chart (e.g. which intervals are drawn).
    control : str, optional
        Control (or area) the figure belongs to, e.g. ``"fairness"``.
    """
    spec: dict[str, Any] = {
        "kind": "bars", "categories": [str(c) for c in categories],
        "series": [_series(s) for s in series], "value_label": _text(value_label),
        "lines": [{"value": _num(r.value), "label": _text(r.label)} for r in lines],
    }
    if domain is not None:
        spec["domain"] = [_num(domain[0]), _num(domain[1])]
    if note is not None:
        spec["note"] = _text(note)
    return _figure(title, spec, control)


def line_chart(
    title: Label, *, series: Sequence[Series], x_label: Label, y_label: Label,
    diagonal: Label | None = None, note: Label | None = None, control: str | None = None,
) -> Figure:
    """Curves on the unit square (each series needs ``x``).

    ``diagonal`` draws the line y = x with that legend label (chance for a ROC
    curve, perfect calibration for a calibration curve).
    """
    for s in series:
        if s.x is None or len(s.x) != len(s.values):
            raise InvalidInputError(
                "Every series of a line chart needs 'x' as long as its 'values'."
            )
    spec: dict[str, Any] = {
        "kind": "lines", "series": [_series(s) for s in series], "x_label": _text(x_label),
        "y_label": _text(y_label),
    }
    if diagonal is not None:
        spec["diagonal"] = _text(diagonal)
    if note is not None:
        spec["note"] = _text(note)
    return _figure(title, spec, control)


def waterfall_chart(
    title: Label, *, base: float, steps: Sequence[tuple[Label, float]], value_label: Label,
    base_label: Label, final_label: Label, note: Label | None = None,
    control: str | None = None,
) -> Figure:
    """One prediction as a base value plus signed contributions, in the order given.

    Step names are feature names (str, shown as given) or localised texts
    (e.g. "the 9 other features").
    """
    spec: dict[str, Any] = {
        "kind": "waterfall", "base": _num(base),
        "steps": [[name if isinstance(name, str) else _text(name), _num(v)]
                  for name, v in steps],
        "value_label": _text(value_label), "base_label": _text(base_label),
        "final_label": _text(final_label),
    }
    if note is not None:
        spec["note"] = _text(note)
    return _figure(title, spec, control)
