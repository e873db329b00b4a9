"""Chart figures (``application/vnd.dfgov.chart+json``) drawn as SVG in the report's language.

The SVG is built from the chart's numbers with fixed layout rules, so the same
chart gives the same bytes. Every text is XML-escaped; the legend sits above
the plot and never covers it; long category labels are shortened with "…"
(the full label is kept in a ``<title>`` tooltip). Text widths are estimated
(CJK characters count as one em), which is enough for layout.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from dfgov.errors import InvalidInputError
from dfgov.i18n import check_lang, text
from dfgov.render import _messages  # noqa: F401  (registers the texts)

__all__ = ["FONT_STACK", "chart_svg"]

FONT_STACK = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', "
              "'Noto Sans', 'DejaVu Sans', Arial, sans-serif")
WIDTH = 680
LINES_WIDTH = 420
FONT = 12
SMALL = 10
PALETTE = ("#3b6ea5", "#d9822b", "#4f9a6b", "#8c6bb1")
LINE_COLOURS = ("#cf222e", "#9a6700", "#6e7781")
UP, DOWN = "#c2413b", "#2f6db5"


def _w(text: str, size: int = FONT) -> float:
    """Estimated rendered width of ``text`` in pixels."""
    wide = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return (wide * 1.0 + (len(text) - wide) * 0.6) * size


def _fit(text: str, width: float, size: int = FONT) -> str:
    if _w(text, size) <= width:
        return text
    out = text
    while out and _w(out + "…", size) > width:
        out = out[:-1]
    return out + "…"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """Text escaped for SVG; characters XML cannot carry become U+FFFD."""
    return escape(_NOT_XML.sub("\ufffd", text), {'"': "&quot;"})


def _n(v: float) -> str:
    """Coordinates with two decimals (stable bytes)."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick positions covering [lo, hi]."""
    if not hi - lo >= 1e-9:  # empty, or narrower than the ticks' 10 decimals can tell apart
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step + 1e-9) * step
    out = []
    t = first
    while t <= hi + step * 1e-6:
        out.append(round(t, 10))
        t += step
    if out[-1] < hi - step * 1e-6:
        out.append(round(out[-1] + step, 10))
    return out


def _t(lang: str, texts: Any) -> str:
    if not isinstance(texts, dict):
        raise InvalidInputError("A chart text must be an object with 'en' and 'zh-CN'.")
    return str(texts.get(lang) or texts.get("en") or "")


class _Svg:
    """Accumulates SVG elements."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, el: str) -> None:
        self.parts.append(el)

    def text(self, x: float, y: float, s: str, *, size: int = FONT, anchor: str = "start",
             fill: str = "#1f2328", weight: str | None = None, tip: str | None = None) -> None:
        w = f' font-weight="{weight}"' if weight else ""
        tip_el = f"<title>{_x(tip)}</title>" if tip and tip != s else ""
        self.add(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
                 f'fill="{fill}"{w}>{tip_el}{_x(s)}</text>')

    def line(self, x1: float, y1: float, x2: float, y2: float, *, stroke: str = "#8c959f",
             width: float = 1.0, dash: str | None = None) -> None:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.add(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
                 f'stroke="{stroke}" stroke-width="{_n(width)}"{d}/>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.add(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0.0))}" '
                 f'height="{_n(h)}" fill="{fill}"/>')

    def done(self, height: float, title: str, width: float = WIDTH) -> str:
        w = _n(width)
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" '
                f'height="{_n(height)}" viewBox="0 0 {w} {_n(height)}" role="img" '
                f'font-family="{_x(FONT_STACK)}"><title>{_x(title)}</title>'
                f'<rect width="{w}" height="{_n(height)}" fill="#ffffff"/>')
        return head + "".join(self.parts) + "</svg>\n"


def _legend(svg: _Svg, items: Sequence[tuple[str, str, str]], y: float, left: float,
            width: float = WIDTH) -> float:
    """Legend rows from ``y`` (items: kind 'box'|'line'|'dash', colour, label); returns next y."""
    x = left
    row_h = 18
    if not items:
        return y
    for kind, colour, label in items:
        w = 22 + _w(label, SMALL) + 16
        if x + w > width - 10 and x > left:
            x = left
            y += row_h
        if kind == "box":
            svg.rect(x, y - 9, 12, 10, colour)
        else:
            svg.line(x, y - 4, x + 16, y - 4, stroke=colour, width=2,
                     dash="5 3" if kind == "dash" else None)
        svg.text(x + 20, y, label, size=SMALL)
        x += w
    return y + row_h


def _x_axis(svg: _Svg, ticks: list[float], sx: Any, y: float, top: float, label: str,
            left: float, right: float) -> float:
    svg.line(left, y, right, y, stroke="#57606a")
    grid = _Svg()
    for t in ticks:
        px = sx(t)
        grid.line(px, top, px, y, stroke="#eaeef2")
        svg.line(px, y, px, y + 4, stroke="#57606a")
        svg.text(px, y + 16, _fmt(t), size=SMALL, anchor="middle", fill="#57606a")
    svg.text((left + right) / 2, y + 32, label, size=FONT, anchor="middle")
    svg.parts[:0] = grid.parts  # grid lines under the bars, not across them
    return y + 40


def _note(svg: _Svg, spec: dict[str, Any], lang: str, y: float,
          width: float = WIDTH) -> float:
    if "note" not in spec:
        return y
    svg.text(10, y + 4, _fit(_t(lang, spec["note"]), width - 20, SMALL), size=SMALL,
             fill="#57606a")
    return y + 18


def _vals(xs: Any) -> list[float | None]:
    if xs is None:
        return []
    return [None if v is None else float(v) for v in xs]


def _bars(spec: dict[str, Any], lang: str, title: str) -> str:
    cats = [str(c) for c in spec["categories"]]
    series = spec["series"]
    lines = spec.get("lines", [])
    svg = _Svg()
    items = [("box", PALETTE[i % len(PALETTE)], _t(lang, s["name"])) for i, s in enumerate(series)]
    items += [("dash", LINE_COLOURS[i % len(LINE_COLOURS)], _t(lang, ln["label"]))
              for i, ln in enumerate(lines)]
    y = _legend(svg, items if (len(series) > 1 or lines) else [], 18, 10)
    label_w = min(max((_w(c) for c in cats), default=0.0) + 12, WIDTH * 0.38)
    left, right = 10 + label_w, WIDTH - 56
    values = [v for s in series for key in ("values", "lower", "upper")
              for v in _vals(s.get(key)) if v is not None]
    values += [float(ln["value"]) for ln in lines if ln.get("value") is not None]
    lo, hi = (float(spec["domain"][0]), float(spec["domain"][1])) if "domain" in spec else (
        min([0.0, *values]), max([0.0, *values]) or 1.0)
    ticks = _ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])

    def sx(v: float) -> float:
        return left + (min(max(v, lo), hi) - lo) / (hi - lo) * (right - left)

    bar_h, gap = 14, 10
    top = y + 4
    row_h = bar_h * len(series) + gap
    for i, cat in enumerate(cats):
        cy = top + i * row_h
        svg.text(left - 8, cy + row_h / 2 + 1, _fit(cat, label_w - 10), anchor="end", tip=cat)
        for j, s in enumerate(series):
            vals, los, his = _vals(s["values"]), _vals(s.get("lower")), _vals(s.get("upper"))
            v = vals[i] if i < len(vals) else None
            by = cy + j * bar_h + gap / 2
            if v is None:
                svg.text(sx(max(lo, 0.0)) + 4, by + bar_h - 3, "—", size=SMALL, fill="#57606a")
                continue
            x0, x1 = sorted((sx(max(lo, 0.0)), sx(v)))
            svg.rect(x0, by + 1, x1 - x0, bar_h - 2, PALETTE[j % len(PALETTE)])
            end = x1
            if los and his and i < len(los) and los[i] is not None and his[i] is not None:
                a, b = sx(float(los[i])), sx(float(his[i]))  # type: ignore[arg-type]
                mid = by + bar_h / 2
                svg.line(a, mid, b, mid, stroke="#1f2328", width=1.2)
                svg.line(a, mid - 4, a, mid + 4, stroke="#1f2328", width=1.2)
                svg.line(b, mid - 4, b, mid + 4, stroke="#1f2328", width=1.2)
                end = max(end, b)
            svg.text(end + 4, by + bar_h - 3, _fmt(v), size=SMALL, fill="#57606a")
    bottom = top + len(cats) * row_h
    for k, ln in enumerate(lines):
        if ln.get("value") is None:
            continue
        px = sx(float(ln["value"]))
        svg.line(px, top - 2, px, bottom, stroke=LINE_COLOURS[k % len(LINE_COLOURS)], width=1.5,
                 dash="5 3")
    y = _x_axis(svg, ticks, sx, bottom + 2, top, _t(lang, spec["value_label"]), left, right)
    return svg.done(_note(svg, spec, lang, y) + 4, title)


def _lines(spec: dict[str, Any], lang: str, title: str) -> str:
    series = spec["series"]
    svg = _Svg()
    items = [("line", PALETTE[i % len(PALETTE)], _t(lang, s["name"])) for i, s in enumerate(series)]
    if "diagonal" in spec:
        items.append(("dash", "#8c959f", _t(lang, spec["diagonal"])))
    width = LINES_WIDTH
    y = _legend(svg, items, 18, 70, width)
    left, size = 70.0, 300.0
    top = y + 6
    right, bottom = left + size, top + size

    def sx(v: float) -> float:
        return left + min(max(v, 0.0), 1.0) * size

    def sy(v: float) -> float:
        return bottom - min(max(v, 0.0), 1.0) * size

    ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    for t in ticks:
        svg.line(left, sy(t), right, sy(t), stroke="#eaeef2")
        svg.line(left - 4, sy(t), left, sy(t), stroke="#57606a")
        svg.text(left - 8, sy(t) + 4, _fmt(t), size=SMALL, anchor="end", fill="#57606a")
    svg.line(left, top, left, bottom, stroke="#57606a")
    if "diagonal" in spec:
        svg.line(sx(0), sy(0), sx(1), sy(1), stroke="#8c959f", width=1.2, dash="5 3")
    for i, s in enumerate(series):
        xs, ys = _vals(s.get("x")), _vals(s["values"])
        pts = [(sx(a), sy(b)) for a, b in zip(xs, ys, strict=False)
               if a is not None and b is not None]
        colour = PALETTE[i % len(PALETTE)]
        if len(pts) > 1:
            path = " ".join(f"{_n(a)},{_n(b)}" for a, b in pts)
            svg.add(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"/>')
        if len(pts) <= 30:
            for a, b in pts:
                svg.add(f'<circle cx="{_n(a)}" cy="{_n(b)}" r="3" fill="{colour}"/>')
    svg.text(left - 48, (top + bottom) / 2, _t(lang, spec["y_label"]), anchor="middle")
    # the y label rotated around its own position
    svg.parts[-1] = svg.parts[-1].replace(
        "<text ", f'<text transform="rotate(-90 {_n(left - 48)} {_n((top + bottom) / 2)})" ', 1)
    y = _x_axis(svg, ticks, sx, bottom, top, _t(lang, spec["x_label"]), left, right)
    return svg.done(_note(svg, spec, lang, y, width) + 4, title, width)


def _waterfall(spec: dict[str, Any], lang: str, title: str) -> str:
    base = float(spec["base"])
    steps = [(n if isinstance(n, str) else _t(lang, n), float(v)) for n, v in spec["steps"]]
    svg = _Svg()
    base_label, final_label = _t(lang, spec["base_label"]), _t(lang, spec["final_label"])
    rows = [base_label, *(n for n, _ in steps), final_label]
    label_w = min(max(_w(r) for r in rows) + 12, WIDTH * 0.38)
    left, right = 10 + label_w, WIDTH - 60
    cum = [base]
    for _, v in steps:
        cum.append(cum[-1] + v)
    lo, hi = min([*cum, 0.0]), max([*cum, 0.0])
    pad = (hi - lo) * 0.05 or 1.0
    ticks = _ticks(lo - pad, hi + pad)
    lo, hi = ticks[0], ticks[-1]

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (right - left)

    y = _legend(svg, [("box", UP, text("report.chart.raises").get(lang)),
                      ("box", DOWN, text("report.chart.lowers").get(lang))], 18, 10)
    top, row_h = y + 4, 22
    for i, name in enumerate(rows):
        cy = top + i * row_h
        svg.text(left - 8, cy + 15, _fit(name, label_w - 10), anchor="end", tip=name,
                 weight="600" if i in (0, len(rows) - 1) else None)
        if i == 0 or i == len(rows) - 1:
            v = cum[0] if i == 0 else cum[-1]
            a, b = sorted((sx(0.0), sx(v)))
            svg.rect(a, cy + 5, b - a, 12, "#6e7781")
            svg.text(max(a, b) + 4, cy + 15, _fmt(v).replace("-", "−"), size=SMALL,
                     fill="#57606a")
            continue
        start, end = cum[i - 1], cum[i]
        a, b = sorted((sx(start), sx(end)))
        svg.rect(a, cy + 5, max(b - a, 1.0), 12, UP if end >= start else DOWN)
        sign = "+" if end >= start else "−"
        svg.text(b + 4, cy + 15, f"{sign}{_fmt(abs(end - start))}", size=SMALL, fill="#57606a")
        svg.line(sx(end), cy + 17, sx(end), cy + row_h + 5, stroke="#afb8c1", dash="2 2")
    bottom = top + len(rows) * row_h + 2
    y = _x_axis(svg, ticks, sx, bottom, top, _t(lang, spec["value_label"]), left, right)
    return svg.done(_note(svg, spec, lang, y) + 4, title)


_KINDS = {"bars": _bars, "lines": _lines, "waterfall": _waterfall}


def chart_svg(data: str, lang: str, title: str = "") -> str:
    """SVG text of a chart figure's ``data`` (JSON) in ``lang``."""
    lang = check_lang(lang)
    try:
        spec = json.loads(data)
        draw = _KINDS[spec["kind"]]
        return draw(spec, lang, title)
    except (ValueError, KeyError, TypeError, IndexError, ZeroDivisionError) as exc:
        raise InvalidInputError(
            f"A chart figure ({title or 'untitled'}) has malformed data: {type(exc).__name__}."
        ) from None
