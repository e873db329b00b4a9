"""Markdown twin of the HTML report; fits a CI step summary (e.g. ``$GITHUB_STEP_SUMMARY``).

Same order as the HTML (:mod:`dfgov.render._document`): the summary, then one
section per area with the findings that matter first and findings of one kind
collapsed (the full list folded in ``<details>``). Charts are only in the HTML.

Every text that comes from a report (labels, feature, group and policy names,
messages) is made inert Markdown by :func:`_text`: raw HTML cannot open a tag,
``[x](javascript:...)`` cannot form a link, and nothing leaves its table cell
or line. Identifiers go through :func:`_code`.
"""

from __future__ import annotations

from dfgov._report_model import ReportModel
from dfgov.i18n import check_lang
from dfgov.render._common import label
from dfgov.render._document import Document, Group, Row, build_document

__all__ = ["render_markdown"]

_ICON = {"pass": "✅", "warn": "⚠️", "fail": "❌", "error": "💥", "skipped": "⏭️",
         "waived": "🛡️"}

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


def _status(status: str, text: str) -> str:
    return f"{_ICON.get(status, '')} {_text(text)}".strip()


def _control(x: Row | Group) -> str:
    name = x.control_text
    return f"{_text(name)} {_code(x.control)}" if name else _code(x.control)


def _texts(doc: Document) -> dict[str, str]:
    return {c: label(f"report.col.{c}", doc.lang) for c in
            ("status", "control", "subject", "value", "threshold", "interval", "message",
             "area", "count")}


def _value(r: Row, doc: Document) -> str:
    t = _texts(doc)
    parts = [_text(r.value)]
    if r.threshold != "—":
        parts.append(f"{_text(t['threshold'])} {_text(r.threshold)}")
    if r.interval != "—":
        parts.append(f"{_text(t['interval'])} {_text(r.interval)}")
    return " · ".join(parts)


def _table_head(doc: Document) -> list[str]:
    t = _texts(doc)
    cols = [t["status"], t["control"], t["subject"], t["value"], t["message"]]
    return ["| " + " | ".join(_text(c) for c in cols) + " |", "|" + "---|" * len(cols)]


def _row(r: Row, doc: Document) -> str:
    cells = [_status(r.status, r.status_text), _control(r), _text(r.subject), _value(r, doc),
             _text(r.message)]
    return "| " + " | ".join(cells) + " |"


def _section(lines: list[str], doc: Document, index: int) -> None:
    s = doc.sections[index]
    lines += [f"## {_text(s.title)} — {_status(s.status, s.status_text)}", ""]
    folded: list[Group] = []
    if s.groups:
        lines += _table_head(doc)
        for g in s.groups:
            if not g.collapsed:
                lines += [_row(r, doc) for r in g.rows]
                continue
            folded.append(g)
            subjects = ", ".join(g.subjects[:8]) + (" …" if len(g.subjects) > 8 else "")
            value = (f"{_text(_texts(doc)['threshold'])} {_text(g.threshold)}"
                     if g.threshold != "—" else "—")
            cells = [_status(g.status, g.status_text), _control(g), _text(subjects), value,
                     _text(g.summary)]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    for g in folded:
        name = _text(g.control_text or g.control)
        show = _text(label("report.group.show", doc.lang, n=len(g.rows)))
        lines += [f"<details><summary>{name}: {show}</summary>", ""]
        lines += _table_head(doc) + [_row(r, doc) for r in g.rows]
        lines += ["", "</details>", ""]
    if s.figures:
        lines += [f"_{_text(label('report.figures.charts_in_html', doc.lang))}_", ""]
    if s.tables:
        tables = _text(label("report.tables.show", doc.lang, n=len(s.tables)))
        lines += [f"<details><summary>{tables}</summary>", ""]
        for tb in s.tables:
            lines += [f"**{_text(tb.title)}**", ""]
            lines.append("| " + " | ".join(_cell(c) for c in tb.columns) + " |")
            lines.append("|" + "---|" * len(tb.columns))
            for row in tb.rows:
                lines.append("| " + " | ".join(_cell(text) for text, _, _ in row) + " |")
            lines.append("")
        lines += ["</details>", ""]


def render_markdown(report: ReportModel, *, lang: str = "en") -> str:
    """Markdown text of ``report`` in ``lang`` ("en" or "zh-CN")."""
    doc = build_document(report, check_lang(lang))
    t = _texts(doc)
    out = [f"# {_text(doc.title)}", ""]
    out += [f"## {_text(label('report.heading.summary', lang))} — "
            f"{_status(doc.status, doc.status_text)}", ""]
    out += [f"**{_text(s)}**" if i == 0 else _text(s) for i, s in enumerate(doc.verdict)]
    if doc.skipped_note:
        out.append(_text(doc.skipped_note))
    out += ["", f"**{_text(label('report.heading.subject', lang))}**", "", "| | |", "|---|---|"]
    out += [f"| {_text(k)} | {_text(v)} |" for k, v in doc.subject]
    fp = _text(label("report.prov.fingerprints", lang))
    out += [f"| {fp} · {_text(name)} | {_code(short)} |" for name, short, _ in doc.fingerprints]
    if doc.sections:
        out += ["", f"**{_text(label('report.heading.areas', lang))}**", "",
                f"| {_text(t['area'])} | {_text(t['status'])} | {_text(t['count'])} |",
                "|---|---|---|"]
        for s in doc.sections:
            if not s.counts:
                continue
            counts = " · ".join(label("report.tile.count", lang, status=txt, n=n)
                                for _, n, txt in s.counts)
            out.append(f"| {_text(s.title)} | {_status(s.status, s.status_text)} | "
                       f"{_text(counts)} |")
    out += ["", _text(doc.totals), ""]
    if not doc.sections:
        out += [_text(label("report.none", lang)), ""]
    for i in range(len(doc.sections)):
        _section(out, doc, i)
    out += [f"<details><summary>{_text(label('report.heading.provenance', lang))}</summary>",
            ""]
    out += [f"- {_text(k)}: {_code(v)}" for k, v in doc.provenance]
    out += ["", "</details>", ""]
    return "\n".join(out)
