"""Deterministic SVG text from a matplotlib figure (for byte-identical reports)."""

from __future__ import annotations

import io
import warnings
from typing import Any

__all__ = ["figure_svg"]


def figure_svg(fig: Any, *, tight: bool = False) -> str:
    """SVG of ``fig`` with fixed element ids and no creation date (the caller closes it).

    The same figure gives the same bytes on every run, so re-running an
    assessment reproduces the report exactly. ``tight`` crops to the drawn
    area (``bbox_inches="tight"``).
    """
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "dfgov", "svg.fonttype": "none"}), \
            warnings.catch_warnings():
        # text stays text in the SVG (the browser draws it): a font without CJK glyphs
        # only affects layout measurement, so its warning is noise for Chinese names
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font")
        fig.savefig(buf, format="svg", metadata={"Date": None},
                    bbox_inches="tight" if tight else None)
    return buf.getvalue()
