"""Trend charts as small, deterministic SVG (no plotting library on the report's path).

A chart has periods on the x axis and one line per series, with an optional
interval band, alarm periods circled in red, estimates dashed and a dashed
threshold line. Text in the SVG is only data (period keys, group and feature
names, numbers), so one chart serves the English and the Chinese report; the
localised title is the :class:`~dfgov.report.Figure`'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

__all__ = ["Series", "line_chart"]

_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f")
_W, _H = 720, 280
_L, _R, _T, _B = 56, 16, 14, 62


@dataclass
class Series:
    """One line: a value per period (None where absent), optional band and alarms."""

    name: str
    values: Sequence[float | None]
    lower: Sequence[float | None] | None = None
    upper: Sequence[float | None] | None = None
    alarms: Sequence[bool] = field(default_factory=list)
    dashed: Sequence[bool] = field(default_factory=list)


def _ok(v: float | None) -> bool:
    return v is not None and not math.isnan(v)


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 10 ** math.floor(math.log10(span / 4)) if span > 0 else 1.0
    for mult in (1, 2, 5, 10):
        if span / (step * mult) <= 6:
            step *= mult
            break
    first = math.ceil(lo / step) * step
    return [round(first + i * step, 10) for i in range(int((hi - first) / step + 1e-9) + 1)]


def line_chart(periods: Sequence[str], series: Sequence[Series], *,
               threshold: float | None = None) -> str:
    """An SVG line chart of ``series`` over ``periods``."""
    vals: list[float] = [float(v) for s in series
                         for arr in (s.values, s.lower or (), s.upper or ())
                         for v in arr if v is not None and not math.isnan(v)]
    if threshold is not None:
        vals.append(threshold)
    lo, hi = (min(vals), max(vals)) if vals else (0.0, 1.0)
    pad = (hi - lo) * 0.08 or max(abs(hi) * 0.1, 0.05)
    lo, hi = lo - pad, hi + pad
    n = max(len(periods), 1)
    pw, ph = _W - _L - _R, _H - _T - _B

    def x(i: int) -> float:
        return _L + (pw * (i + 0.5) / n)

    def y(v: float) -> float:
        return _T + ph * (1.0 - (v - lo) / (hi - lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" '
           f'width="{_W}" height="{_H}" font-family="sans-serif" font-size="10">',
           f'<rect x="{_L}" y="{_T}" width="{pw}" height="{ph}" fill="#fff" stroke="#ccc"/>']
    for t in _ticks(lo, hi):
        out.append(f'<line x1="{_L}" x2="{_L + pw}" y1="{_fmt(y(t))}" y2="{_fmt(y(t))}" '
                   'stroke="#eee"/>')
        out.append(f'<text x="{_L - 4}" y="{_fmt(y(t) + 3)}" text-anchor="end">{t:g}</text>')
    step = max(1, math.ceil(n / 12))
    for i, p in enumerate(periods):
        if i % step == 0:
            out.append(f'<text x="{_fmt(x(i))}" y="{_T + ph + 12}" text-anchor="middle">'
                       f'{escape(p)}</text>')
    if threshold is not None:
        out.append(f'<line x1="{_L}" x2="{_L + pw}" y1="{_fmt(y(threshold))}" '
                   f'y2="{_fmt(y(threshold))}" stroke="#d62728" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{_L + pw - 2}" y="{_fmt(y(threshold) - 3)}" text-anchor="end" '
                   f'fill="#d62728">{threshold:g}</text>')
    for k, s in enumerate(series):
        colour = _COLOURS[k % len(_COLOURS)]
        out += _band(s, x, y, colour)
        out += _lines(s, x, y, colour)
        for i, v in enumerate(s.values):
            if not _ok(v):
                continue
            assert v is not None
            alarm = i < len(s.alarms) and s.alarms[i]
            r, stroke = (5, ' stroke="#d62728" stroke-width="2" fill="#fff"') if alarm else (
                2.5, f' fill="{colour}"')
            out.append(f'<circle cx="{_fmt(x(i))}" cy="{_fmt(y(v))}" r="{r}"{stroke}/>')
    out += _legend(series)
    out.append("</svg>")
    return "".join(out)


XF = Callable[[int], float]
YF = Callable[[float], float]


def _band(s: Series, x: XF, y: YF, colour: str) -> list[str]:
    if s.lower is None or s.upper is None:
        return []
    pts_hi, pts_lo = [], []
    for i, (a, b) in enumerate(zip(s.lower, s.upper, strict=True)):
        if _ok(a) and _ok(b):
            assert a is not None and b is not None
            pts_hi.append(f"{_fmt(x(i))},{_fmt(y(b))}")
            pts_lo.append(f"{_fmt(x(i))},{_fmt(y(a))}")
    if len(pts_hi) < 2:
        return []
    pts = " ".join(pts_hi + pts_lo[::-1])
    return [f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.15" stroke="none"/>']


def _lines(s: Series, x: XF, y: YF, colour: str) -> list[str]:
    out = []
    prev: tuple[int, float] | None = None
    for i, v in enumerate(s.values):
        if not _ok(v):
            prev = None
            continue
        assert v is not None
        if prev is not None:
            dashed = i < len(s.dashed) and (s.dashed[i] or s.dashed[prev[0]])
            dash = ' stroke-dasharray="4 3"' if dashed else ""
            out.append(f'<line x1="{_fmt(x(prev[0]))}" y1="{_fmt(y(prev[1]))}" '
                       f'x2="{_fmt(x(i))}" y2="{_fmt(y(v))}" stroke="{colour}" '
                       f'stroke-width="1.6"{dash}/>')
        prev = (i, v)
    return out


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    xpos = _L
    ypos = _H - 22
    for k, s in enumerate(series):
        colour = _COLOURS[k % len(_COLOURS)]
        label = escape(s.name[:40])
        width = 22 + 6 * len(label)
        if xpos + width > _W - _R:
            xpos, ypos = _L, ypos + 13
        out.append(f'<line x1="{xpos}" x2="{xpos + 14}" y1="{ypos - 3}" y2="{ypos - 3}" '
                   f'stroke="{colour}" stroke-width="2"/>')
        out.append(f'<text x="{xpos + 18}" y="{ypos}">{label}</text>')
        xpos += width
    return out
