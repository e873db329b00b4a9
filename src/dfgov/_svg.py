"""Deterministic SVG text from a matplotlib figure (for byte-identical reports)."""

from __future__ import annotations

import io
from typing import Any

__all__ = ["figure_svg"]


def figure_svg(fig: Any) -> str:
    """SVG of ``fig`` with fixed element ids and no creation date; closes the figure.

    The same figure gives the same bytes on every run, so re-running an
    assessment reproduces the report exactly.
    """
    import matplotlib
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "dfgov", "svg.fonttype": "none"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    return buf.getvalue()
