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


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, *, lang: str = "en") -> str:
    """Markdown text of ``report`` in ``lang`` ("en" or "zh-CN")."""
    lang = check_lang(lang)
    out = [f"# {report.title.get(lang)}", ""]
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
                f"{_ICON[f.status]} {status_label(f.status, lang)}",
                f"`{f.control}`",
                f.subject or "—",
                f.metric or "—",
                fmt_number(f.value),
                fmt_number(f.threshold),
                fmt_interval(f),
                " — ".join(t for t in (f.message.get(lang), waiver_note(f, lang)) if t),
            ]
            out.append("| " + " | ".join(_cell(c) for c in row) + " |")
    for table in report.tables:
        out += ["", f"### {table.title.get(lang)}", ""]
        out.append("| " + " | ".join(_cell(c.get(lang)) for c in table.columns) + " |")
        out.append("|" + "---|" * len(table.columns))
        for r in table.rows:
            out.append("| " + " | ".join(_cell(fmt_number(v)) for v in r) + " |")
    out += ["", f"<details><summary>{label('report.heading.provenance', lang)}</summary>", ""]
    if report.policy_hash:
        out.append(f"- {label('report.prov.policy', lang)}: {report.policy_name or ''} "
                   f"`{report.policy_hash[:16]}`")
    for k, v in sorted(report.fingerprints.items()):
        out.append(f"- {label('report.prov.fingerprints', lang)} {k}: `{v[:16]}`")
    out.append(f"- {label('report.prov.started', lang)}: {report.started_at.isoformat()}")
    out.append(f"- {label('report.prov.finished', lang)}: {report.finished_at.isoformat()}")
    env = ", ".join(f"{k} {v}" for k, v in sorted(report.environment.items()))
    out.append(f"- {label('report.prov.environment', lang)}: {env}")
    out += ["", "</details>", ""]
    return "\n".join(out)
