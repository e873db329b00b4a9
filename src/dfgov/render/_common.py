"""Helpers shared by the renderers: number formatting and localised labels."""

from __future__ import annotations

import math

from dfgov._report_model import Finding, ReportModel, Status
from dfgov.i18n import check_lang, text
from dfgov.render import _messages  # noqa: F401  (registers the texts)

__all__ = ["counts_line", "fmt_interval", "fmt_number", "label", "status_label", "waiver_note"]


def label(key: str, lang: str, **params: object) -> str:
    """A catalog text in ``lang``."""
    return text(key, **params).get(check_lang(lang))


def status_label(status: Status, lang: str) -> str:
    """Localised name of a status."""
    return label(f"report.status.{status.value}", lang)


def fmt_number(value: object) -> str:
    """Numbers with 4 significant decimals; None as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        if value != 0 and (abs(value) >= 1e6 or abs(value) < 1e-4):
            return f"{value:.4g}"
        return f"{value:.4f}".rstrip("0").rstrip(".") if "." in f"{value:.4f}" else str(value)
    return str(value)


def fmt_interval(f: Finding) -> str:
    """The finding's confidence interval, e.g. "[0.01, 0.08] (95%)"."""
    if f.interval is None:
        return "—"
    lo, hi = f.interval
    conf = f" ({f.confidence:.0%})" if f.confidence is not None else ""
    return f"[{fmt_number(lo)}, {fmt_number(hi)}]{conf}"


def counts_line(report: ReportModel, lang: str) -> str:
    """"3 passed, 1 warnings, ..." in ``lang``; waived findings counted on their own."""
    c = report.counts()
    key = "report.counts_waived" if c["waived"] else "report.counts"
    return label(
        key, lang, pass_=c["pass"], warn=c["warn"], fail=c["fail"],
        error=c["error"], skipped=c["skipped"], waived=c["waived"],
    )


def waiver_note(f: Finding, lang: str) -> str:
    """"waived by W-1, approved by ..., until ..." for a waived finding; "" otherwise."""
    w = f.waiver
    if w is None:
        return ""
    return label("report.waiver", lang, id=w.id, approver=w.approver,
                 expires=w.expires.isoformat(), was=status_label(w.original_status, lang))
