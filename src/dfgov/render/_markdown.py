"""Markdown rendering that fits a CI step summary (e.g. ``$GITHUB_STEP_SUMMARY``)."""

from __future__ import annotations

from dfgov.i18n import check_lang
from dfgov.render._common import (
    counts_line,
    fmt_interval,
    fmt_number,
    label,
    status_label,
    waiver_note,
)
from dfgov.report import Report, Status

__all__ = ["render_markdown"]

_ICON = {Status.PASS: "✅", Status.WARN: "⚠️", Status.FAIL: "❌", Status.ERROR: "💥",
         Status.SKIPPED: "⏭️", Status.WAIVED: "🛡️"}


#: Characters with a meaning in (GitHub-flavoured) Markdown inside a line: emphasis,
#: code, links and images, tables, strikethrough, math, headings and escapes.
_SPECIAL = frozenset("\\`*_[]()!#|~$")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _text(value: object) -> str:
    """Text from a report (labels, feature, group and policy names, messages) as inert
    Markdown: raw HTML cannot open a tag, ``[x](javascript:...)`` cannot form a link,
    and nothing can leave its table cell or line."""
    out = []
    for c in " ".join(str(value).splitlines()):
        if c in _ENTITIES:
            out.append(_ENTITIES[c])
        elif c in _SPECIAL:
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:  # control and format characters (e.g. bidi overrides) shown by code point
            out.append(f"\\\\u{ord(c):04x}")
    return "".join(out)


def _code(value: object) -> str:
    """An identifier as inline code; anything that could leave the code span is escaped
    text instead."""
    s = str(value)
    if s and s.isprintable() and not any(c in s for c in "`|<>&\\"):
        return f"`{s}`"
    return _text(s)


def _cell(value: object) -> str:
    return _text(value)


def render_markdown(report: Report, *, lang: str = "en") -> str:
    """Markdown text of ``report`` in ``lang`` ("en" or "zh-CN")."""
    lang = check_lang(lang)
    out = [f"# {_text(report.title.get(lang))}", ""]
    status = report.status
    shown = f"{_ICON[status]} {status_label(status, lang)}"
    out.append(f"**{label('report.overall', lang, status=shown)}** — "
               f"{counts_line(report, lang)}. "
               f"{label('report.exit_code', lang, code=report.exit_code)}")
    out.append("")
    out.append(f"## {label('report.heading.findings', lang)}")
    out.append("")
    if not report.findings:
        out.append(label("report.none", lang))
    else:
        cols = ["status", "control", "subject", "metric", "value", "threshold", "interval",
                "message"]
        out.append("| " + " | ".join(label(f"report.col.{c}", lang) for c in cols) + " |")
        out.append("|" + "---|" * len(cols))
        for f in report.findings:
            row = [
                _text(f"{_ICON[f.status]} {status_label(f.status, lang)}"),
                _code(f.control),
                _text(f.subject or "—"),
                _text(f.metric or "—"),
                _text(fmt_number(f.value)),
                _text(fmt_number(f.threshold)),
                _text(fmt_interval(f)),
                _text(" — ".join(t for t in (f.message.get(lang), waiver_note(f, lang)) if t)),
            ]
            out.append("| " + " | ".join(row) + " |")
    for table in report.tables:
        out += ["", f"### {_text(table.title.get(lang))}", ""]
        out.append("| " + " | ".join(_cell(c.get(lang)) for c in table.columns) + " |")
        out.append("|" + "---|" * len(table.columns))
        for r in table.rows:
            out.append("| " + " | ".join(_cell(fmt_number(v)) for v in r) + " |")
    out += ["", f"<details><summary>{label('report.heading.provenance', lang)}</summary>", ""]
    if report.policy_hash:
        out.append(f"- {label('report.prov.policy', lang)}: "
                   f"{_text(report.policy_name or '')} {_code(report.policy_hash[:16])}")
    for k, v in sorted(report.fingerprints.items()):
        out.append(f"- {label('report.prov.fingerprints', lang)} {_text(k)}: "
                   f"{_code(v[:16])}")
    out.append(f"- {label('report.prov.started', lang)}: {report.started_at.isoformat()}")
    out.append(f"- {label('report.prov.finished', lang)}: {report.finished_at.isoformat()}")
    env = ", ".join(f"{k} {v}" for k, v in sorted(report.environment.items()))
    out.append(f"- {label('report.prov.environment', lang)}: {_text(env)}")
    out += ["", "</details>", ""]
    return "\n".join(out)
