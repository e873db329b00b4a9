"""A report arranged for reading, in one language: what the HTML and Markdown renderers show.

Order: an executive summary (what was assessed, the verdict in plain
sentences, one tile per area), then one section per area with the findings
that matter first (error, fail, warn, skipped, pass), findings of one kind
(same control and status) collapsed into one row listing their subjects, and
the area's charts and tables. Every fixed text comes from the catalog.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dfgov._report_model import Figure, Finding, ReportModel, Status, Table
from dfgov.errors import InvalidInputError
from dfgov.i18n import check_lang
from dfgov.render._charts import chart_svg
from dfgov.render._common import (
    counts_line,
    fmt_interval,
    fmt_number,
    label,
    status_label,
    waiver_note,
)
from dfgov.render._labels import (
    AREAS,
    area_name,
    area_of,
    cell_text,
    control_name,
    metric_name,
)

__all__ = ["Document", "build_document"]

CHART = "application/vnd.dfgov.chart+json"
COLLAPSE_AT = 3
"""Findings of one kind (control and status) shown as one row from this many on."""

_NAME_KEYS = frozenset({"format", "feature", "features", "column", "columns", "group",
                        "sensitive_features"})
"""Details keys whose values are names (of formats, features, groups)."""
_NAME_MAPS = frozenset({"libraries", "group_sizes", "versions", "dependencies"})
"""Details keys whose values are mappings keyed by names (of libraries, groups)."""

_PRIORITY = {"error": 0, "fail": 1, "warn": 2, "skipped": 3, "waived": 4, "pass": 5}
_IDENT = re.compile(r"(?<![\w.])(?:[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+)(?![\w])")


def _priority(status: str) -> int:
    return _PRIORITY.get(status, 4)


@dataclass(frozen=True)
class Row:
    """One finding, formatted."""

    status: str
    status_text: str
    control: str
    control_text: str | None
    subject: str
    metric: str
    metric_text: str | None
    value: str
    threshold: str
    interval: str
    message: str
    clauses: tuple[str, ...]
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Group:
    """Findings of one control and status; ``collapsed`` when there are many."""

    status: str
    status_text: str
    control: str
    control_text: str | None
    rows: tuple[Row, ...]
    collapsed: bool
    subjects: tuple[str, ...]
    summary: str
    threshold: str
    metric: str
    metric_text: str | None


@dataclass(frozen=True)
class FigureView:
    """A figure ready for an ``<img>``: media type and base64 data."""

    title: str
    media_type: str
    data: str


@dataclass(frozen=True)
class TableView:
    """A table with formatted cells: (text, is_number, is_identifier)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool, bool], ...], ...]


@dataclass(frozen=True)
class Section:
    """One area: its findings, charts and tables."""

    area: str
    title: str
    status: str
    status_text: str
    counts: tuple[tuple[str, int, str], ...]
    groups: tuple[Group, ...]
    figures: tuple[FigureView, ...]
    tables: tuple[TableView, ...]


@dataclass(frozen=True)
class Document:
    """Everything a renderer shows, in ``lang``."""

    lang: str
    title: str
    status: str
    status_text: str
    subject: tuple[tuple[str, str], ...]
    fingerprints: tuple[tuple[str, str, str], ...]
    verdict: tuple[str, ...]
    skipped_note: str | None
    sections: tuple[Section, ...]
    counts_line: str
    exit_line: str
    totals: str
    provenance: tuple[tuple[str, str], ...]
    identifiers: frozenset[str] = field(default_factory=frozenset)
    n_findings: int = 0


def _local(value: Any, lang: str) -> str | None:
    """A metadata value as text: ``{"en": ..., "zh-CN": ...}`` picks ``lang``."""
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        picked = value.get(lang) or value.get("en") or value.get("zh-CN")
        return None if picked is None else str(picked)
    if isinstance(value, list | tuple):
        parts = [p for p in (_local(v, lang) for v in value) if p]
        return label("report.list.sep", lang).join(parts) if parts else None
    return str(value)


def _subject(report: ReportModel, lang: str) -> tuple[tuple[str, str], ...]:
    meta = report.metadata
    disc = meta.get("disclosure") if isinstance(meta.get("disclosure"), Mapping) else {}
    assert isinstance(disc, Mapping)

    def first(*values: Any) -> str | None:
        for v in values:
            t = _local(v, lang)
            if t:
                return t
        return None

    rows = [
        ("model", first(meta.get("model_name"), meta.get("model"), disc.get("name"))),
        ("version", first(meta.get("model_version"), meta.get("version"),
                          disc.get("version"))),
        ("owner", first(meta.get("model_owner"), meta.get("owner"),
                        disc.get("responsible_entity"))),
        ("data", first(meta.get("dataset"), meta.get("data"), disc.get("data_sources"))),
        ("policy", report.policy_name),
        ("assessed", report.finished_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("by", first(meta.get("actor"))),
    ]
    return tuple((label(f"report.subject.{k}", lang), v) for k, v in rows if v)


def _fingerprints(report: ReportModel, lang: str) -> tuple[tuple[str, str, str], ...]:
    out = []
    for k, v in sorted(report.fingerprints.items()):
        try:
            name = label(f"report.fingerprint.{k}", lang)
        except InvalidInputError:  # a fingerprint without a catalog name
            name = k
        out.append((name, v[:12], v))
    return tuple(out)


def _join(items: Sequence[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return label("report.list.sep", lang).join(items[:-1]) + label("report.list.last", lang) \
        + items[-1]


def _verdict(report: ReportModel, lang: str) -> tuple[tuple[str, ...], str | None]:
    status = report.status.value
    counts = report.counts()
    findings = report.findings
    key = status if status in ("fail", "error", "warn", "waived", "pass", "skipped") else "warn"
    focus = [f for f in findings if f.status.value == key]
    areas = sorted({area_of(f.control) for f in focus}, key=_area_order)
    area_text = _join([area_name(a, lang) for a in areas], lang)
    n = len(focus) if key != "pass" else counts["pass"]
    sentences = [label(f"report.verdict.{key}", lang, n=n, areas=area_text)]
    if key in ("fail", "error", "warn", "waived") and focus:
        kinds: dict[str, int] = {}
        for f in focus:
            kinds[f.control] = kinds.get(f.control, 0) + 1
        top = sorted(kinds.items(), key=lambda kv: -kv[1])[:3]
        items = [label("report.verdict.item", lang, name=control_name(c, lang) or c, n=k)
                 for c, k in top]
        sentences.append(label("report.verdict.top", lang,
                               items=label("report.list.sep", lang).join(items)))
    if key != "skipped":
        gate = "gate_block" if report.exit_code else "gate_pass"
        sentences.append(label(f"report.verdict.{gate}", lang))
    skipped = counts["skipped"]
    note = label("report.verdict.skipped_note", lang, n=skipped) \
        if skipped and key != "skipped" else None
    return tuple(sentences), note


def _area_order(area: str) -> int:
    return AREAS.index(area) if area in AREAS else len(AREAS)


_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff\uff09])\s+(?=[\u4e00-\u9fff\uff08])")


def _localise_metric(message: str, metric: str | None, lang: str) -> str:
    """The metric's id in a message replaced by its name (Chinese needs no spaces around it)."""
    name = metric_name(metric, lang)
    if not metric or name is None:
        return message
    out = re.sub(rf"(?<![\w.]){re.escape(metric)}(?![\w])", name, message)
    return _CJK_GAP.sub("", out) if lang == "zh-CN" else out


def _details(details: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    out = []
    for k, v in details.items():
        if isinstance(v, str | int | float | bool) or v is None:
            out.append((k, fmt_number(v)))
        elif isinstance(v, list | tuple) and len(v) <= 12 and all(
                isinstance(x, str | int | float | bool) or x is None for x in v):
            out.append((k, ", ".join(fmt_number(x) for x in v)))
        elif isinstance(v, Mapping) and len(v) <= 12 and all(
                isinstance(x, str | int | float | bool) or x is None for x in v.values()):
            out.append((k, "; ".join(f"{a}: {fmt_number(b)}" for a, b in v.items())))
    return tuple(out)


def _row(f: Finding, lang: str) -> Row:
    return Row(
        status=f.status.value, status_text=status_label(f.status, lang), control=f.control,
        control_text=control_name(f.control, lang), subject=f.subject or "—",
        metric=f.metric or "", metric_text=metric_name(f.metric, lang),
        value=fmt_number(f.value), threshold=fmt_number(f.threshold), interval=fmt_interval(f),
        message=" — ".join(t for t in (_localise_metric(f.message.get(lang), f.metric, lang),
                                        waiver_note(f, lang)) if t),
        clauses=f.clauses,
        details=_details(f.details),
    )


def _groups(findings: Sequence[Finding], lang: str) -> tuple[Group, ...]:
    by_kind: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_kind.setdefault((f.control, f.status.value), []).append(f)
    kinds = sorted(by_kind.items(), key=lambda kv: _priority(kv[0][1]))
    out = []
    for (control, status), fs in kinds:
        rows = tuple(_row(f, lang) for f in fs)
        collapsed = len(fs) >= COLLAPSE_AT
        values = [f.value for f in fs if f.value is not None]
        thresholds = {f.threshold for f in fs}
        metrics = {f.metric for f in fs}
        summary = ""
        if collapsed:
            if values:
                summary = label("report.group.summary", lang, n=len(fs),
                                low=fmt_number(min(values)), high=fmt_number(max(values)))
            else:
                summary = label("report.group.subjects", lang, n=len(fs))
        metric = next(iter(metrics)) if len(metrics) == 1 else None
        out.append(Group(
            status=status, status_text=rows[0].status_text, control=control,
            control_text=control_name(control, lang), rows=rows, collapsed=collapsed,
            subjects=tuple(f.subject or "—" for f in fs), summary=summary,
            threshold=fmt_number(next(iter(thresholds))) if len(thresholds) == 1 else "—",
            metric=metric or "", metric_text=metric_name(metric, lang),
        ))
    return tuple(out)


def figure_view(fig: Figure, lang: str) -> FigureView:
    """A figure as base64 for an ``<img>``; chart figures are drawn in ``lang``."""
    title = fig.title.get(lang)
    if fig.media_type == CHART:
        svg = chart_svg(fig.data, lang, title)
        return FigureView(title, "image/svg+xml",
                          base64.b64encode(svg.encode("utf-8")).decode("ascii"))
    data = fig.data
    if fig.media_type == "image/svg+xml" and data.lstrip().startswith("<"):
        data = base64.b64encode(data.encode("utf-8")).decode("ascii")
    return FigureView(title, fig.media_type, data)


def table_view(t: Table, lang: str) -> TableView:
    """A table with cells formatted (numbers) and translated (fixed values)."""
    rows = []
    for r in t.rows:
        cells = []
        for i, v in enumerate(r):
            num = isinstance(v, int | float) and not isinstance(v, bool)
            if isinstance(v, str) and i > 0:
                text = cell_text(v, lang)
            elif isinstance(v, bool):
                text = cell_text(str(v).lower(), lang)
            else:
                text = fmt_number(v)
            cells.append((text, num, i == 0 and isinstance(v, str)))
        rows.append(tuple(cells))
    return TableView(t.title.get(lang), tuple(c.get(lang) for c in t.columns), tuple(rows))


def _counts(findings: Iterable[Finding], lang: str) -> tuple[tuple[str, int, str], ...]:
    c: dict[str, int] = {}
    for f in findings:
        c[f.status.value] = c.get(f.status.value, 0) + 1
    return tuple((s, n, status_label(Status(s), lang))
                 for s, n in sorted(c.items(), key=lambda kv: _priority(kv[0])))


def _identifiers(report: ReportModel) -> frozenset[str]:
    """Names from the data and the code that a text may mention (shown as code)."""
    out: set[str] = set()
    for f in report.findings:
        out.add(f.control)
        if f.metric:
            out.add(f.metric)
        if f.subject:
            out.add(f.subject)
            out.update(p.strip() for p in re.split(r" & |: | vs ", f.subject) if p.strip())
        pair = f.details.get("worst_pair")
        if isinstance(pair, list):
            out.update(str(p) for p in pair if p)
        for k, v in f.details.items():  # names a message may repeat
            if k in _NAME_MAPS and isinstance(v, Mapping) and len(v) <= 50:
                out.update(str(x) for x in v)  # e.g. libraries {"numpy": "2.4.6"}
            elif k in _NAME_KEYS and isinstance(v, str) and " " not in v:
                out.add(v)
            elif k in _NAME_KEYS and isinstance(v, list):
                out.update(str(x) for x in v if isinstance(x, str))
    for t in report.tables:
        out.update(str(r[0]) for r in t.rows if r and isinstance(r[0], str))
    if report.policy_name:
        out.add(report.policy_name)
    actor = report.metadata.get("actor")
    if isinstance(actor, str):
        out.add(actor)
    out.discard("—")
    return frozenset(x for x in out if x)


def build_document(report: ReportModel, lang: str) -> Document:
    """Arrange ``report`` for reading in ``lang``."""
    lang = check_lang(lang)
    by_area: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_area.setdefault(area_of(f.control), []).append(f)
    fig_area: dict[str, list[Figure]] = {}
    for fig in report.figures:
        fig_area.setdefault(area_of(fig.control) if fig.control else "other", []).append(fig)
    tab_area: dict[str, list[Table]] = {}
    for t in report.tables:
        tab_area.setdefault(area_of(t.control) if t.control else "other", []).append(t)
    areas = sorted(set(by_area) | set(fig_area) | set(tab_area), key=_area_order)
    sections = []
    for area in areas:
        fs = by_area.get(area, [])
        sub = ReportModel(findings=tuple(fs), errors_fail=report.errors_fail)
        title = area_name(area, lang) if (fs or area != "other") else label(
            "report.heading.other", lang)
        sections.append(Section(
            area=area, title=title, status=sub.status.value,
            status_text=status_label(sub.status, lang), counts=_counts(fs, lang),
            groups=_groups(fs, lang),
            figures=tuple(figure_view(g, lang) for g in fig_area.get(area, [])),
            tables=tuple(table_view(t, lang) for t in tab_area.get(area, [])),
        ))
    verdict, note = _verdict(report, lang)
    provenance: list[tuple[str, str]] = []
    if report.policy_hash:
        provenance.append((label("report.prov.policy", lang),
                           f"{report.policy_name or ''} sha256:{report.policy_hash}".strip()))
    for name, _, full in _fingerprints(report, lang):
        provenance.append((f"{label('report.prov.fingerprints', lang)} · {name}", full))
    provenance.append((label("report.prov.started", lang), report.started_at.isoformat()))
    provenance.append((label("report.prov.finished", lang), report.finished_at.isoformat()))
    provenance.append((label("report.prov.environment", lang),
                       ", ".join(f"{k} {v}" for k, v in sorted(report.environment.items()))))
    return Document(
        lang=lang, title=report.title.get(lang), status=report.status.value,
        status_text=status_label(report.status, lang), subject=_subject(report, lang),
        fingerprints=_fingerprints(report, lang), verdict=verdict, skipped_note=note,
        sections=tuple(sections),
        counts_line=counts_line(report, lang),
        exit_line=label("report.exit_code", lang, code=report.exit_code),
        totals=label("report.totals", lang, counts=counts_line(report, lang),
                     exit=label("report.exit_code", lang, code=report.exit_code)),
        provenance=tuple(provenance), identifiers=_identifiers(report),
        n_findings=len(report.findings),
    )


def identifier_pattern(idents: Iterable[str]) -> re.Pattern[str]:
    """A regex matching any of ``idents`` (longest first) or a snake/dotted identifier."""
    names = sorted({i for i in idents if i}, key=len, reverse=True)
    alts = [rf"(?<![\w.]){re.escape(n)}(?![\w])" for n in names[:500]]
    return re.compile("|".join([*alts, _IDENT.pattern]))
