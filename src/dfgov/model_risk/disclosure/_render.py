"""The disclosure document in Markdown and HTML (one layout, two languages)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from dfgov._version import __version__
from dfgov.i18n import LocalizedText, check_lang, text

if TYPE_CHECKING:
    from dfgov.model_risk.disclosure._model import AlgorithmDisclosure

__all__ = ["render_html", "render_markdown", "sections"]

LAYOUT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("portfolio", ("algorithm_id", "name", "version", "algorithm_type", "portfolio_entry")),
    ("logic", ("logic", "main_factors")),
    ("application", ("scenario", "decision_use", "human_oversight")),
    ("data", ("data_sources", "data_period", "excluded_attributes",
              "training_data_fingerprint")),
    ("entity", ("responsible_entity", "contact", "appeal_channel")),
    ("changes", ("event", "effective_date", "changes")),
    ("audit", ("last_assessment_date", "assessment_status", "assessment_summary",
               "report_digest")),
    ("card", ("performance", "fairness", "limitations")),
)

Row = tuple[str, list[str], bool]

_STATUSES = ("pass", "warn", "fail", "error", "skipped")


def _value(d: AlgorithmDisclosure, name: str, lang: str) -> list[str]:
    v: Any = getattr(d, name)
    if name == "event":
        return [text(f"disclosure.event.{v}").get(lang)]
    if name == "assessment_status" and v in _STATUSES:
        return [text(f"disclosure.status.{v}").get(lang)]
    if name == "assessment_summary" and isinstance(v, dict):
        return [f"{text(f'disclosure.count.{k}').get(lang) if k in _STATUSES else k}: {x}"
                for k, x in v.items()]
    if v is None or v in ("", [], {}):
        return []
    if isinstance(v, LocalizedText):
        return [v.get(lang)]
    if isinstance(v, date):
        return [v.isoformat()]
    if isinstance(v, dict):
        return [f"{k}: {x:.4g}" if isinstance(x, float) else f"{k}: {x}" for k, x in v.items()]
    if isinstance(v, list):
        out = []
        for x in v:
            if isinstance(x, LocalizedText):
                out.append(x.get(lang))
            elif hasattr(x, "description"):
                out.append(f"{x.date.isoformat()} ({x.version}): {x.description.get(lang)}")
            else:
                out.append(str(x))
        return out
    return [str(v)]


def sections(
    d: AlgorithmDisclosure, *, lang: str, required: list[str] | None = None
) -> list[tuple[str, list[Row]]]:
    """The document as (section title, rows of (label, values, missing-and-required))."""
    lang = check_lang(lang)
    missing = set(d.missing_fields(required))
    out = []
    for key, names in LAYOUT:
        rows = [(text(f"disclosure.field.{n}").get(lang), _value(d, n, lang), n in missing)
                for n in names]
        out.append((text(f"disclosure.section.{key}").get(lang), rows))
    return out


def _md_cell(s: str) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def render_markdown(d: AlgorithmDisclosure, *, lang: str = "en") -> str:
    """Markdown: a heading per JR/T 0287 area and a two-column table of its items."""
    lang = check_lang(lang)
    name = d.name.get(lang) if d.name is not None else d.algorithm_id
    head = f"# {text('disclosure.title').get(lang)}: {_md_cell(name)}"
    if d.version:
        head += f" {_md_cell(d.version)}"
    lines = [head, "",
             f"_{text('disclosure.field.audience').get(lang)}: "
             f"{text(f'disclosure.audience.{d.audience}').get(lang)}_", ""]
    missing = text("disclosure.missing_value").get(lang)
    empty = text("disclosure.empty").get(lang)
    for title, rows in sections(d, lang=lang):
        lines += [f"## {title}", "",
                  f"| {text('disclosure.col.field').get(lang)} | "
                  f"{text('disclosure.col.value').get(lang)} |", "|---|---|"]
        for label, values, is_missing in rows:
            cell = "<br>".join(_md_cell(v) for v in values) if values else (
                f"**{missing}**" if is_missing else empty)
            lines.append(f"| {_md_cell(label)} | {cell} |")
        lines.append("")
    footer = text("disclosure.footer", version=__version__, digest=d.digest[:16]).get(lang)
    lines.append(f"<sub>{footer}</sub>")
    return "\n".join(lines) + "\n"


# The body of the page; the head, the stylesheet and the footer are the report's
# (dfgov.render.render_html_page), with a few rules of the disclosure's own.
_HTML = """{% extends "_page.html.j2" %}
{% block style %}
body.dfgov { max-width: 60rem; }
.dfgov table.disclosure th { width: 32%; white-space: normal; word-break: keep-all;
  font-weight: 500; color: var(--muted); }
.dfgov table.disclosure td { overflow-wrap: anywhere; }
.dfgov table.disclosure ul { margin: 0; padding-left: 1.1rem; }
.dfgov .missing { color: var(--fail); font-weight: 600; }
@media print { .dfgov table.disclosure tr { break-inside: avoid; } }
{% endblock %}
{% block body %}
<h1>{{ title }}</h1>
<p><em>{{ audience_label }}{{ sep }}{{ audience }}</em></p>
{% for section, rows in sections %}
<h2>{{ section }}</h2>
<div class="table-wrap"><table class="disclosure">
{% for label, values, missing in rows %}<tr><th>{{ label }}</th><td>
{%- if values|length > 1 %}<ul>{% for v in values %}<li>{{ v }}</li>{% endfor %}</ul>
{%- elif values %}{{ values[0] }}
{%- elif missing %}<span class="missing">{{ missing_text }}</span>
{%- else %}{{ empty }}{% endif %}</td></tr>
{% endfor %}</table></div>
{% endfor %}
{% endblock %}
"""


def render_html(d: AlgorithmDisclosure, *, lang: str = "en") -> str:
    """Self-contained HTML in the report's page shell (no external assets); every value is
    escaped."""
    from dfgov.render import render_html_page

    lang = check_lang(lang)
    name = d.name.get(lang) if d.name is not None else d.algorithm_id
    sep = "：" if lang == "zh-CN" else ": "
    title = f"{text('disclosure.title').get(lang)}{sep}{name}" + (f" {d.version}" if d.version
                                                                  else "")
    return render_html_page(
        _HTML, lang=lang, title=title, sep=sep, sections=sections(d, lang=lang),
        audience_label=text("disclosure.field.audience").get(lang),
        audience=text(f"disclosure.audience.{d.audience}").get(lang),
        missing_text=text("disclosure.missing_value").get(lang),
        empty=text("disclosure.empty").get(lang),
        footer=text("disclosure.footer", version=__version__, digest=d.digest[:16]).get(lang),
    )
