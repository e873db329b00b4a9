"""Self-contained HTML: inline CSS, no network assets, figures as data URIs.

Figures are embedded as ``<img src="data:...">`` (never inline SVG markup),
so a report read back from JSON cannot run script in the browser.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from dfgov._version import __version__
from dfgov.i18n import check_lang
from dfgov.render._common import (
    counts_line,
    fmt_interval,
    fmt_number,
    label,
    status_label,
    waiver_note,
)
from dfgov.report import Report

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html"]


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    import jinja2

    source = resources.files("dfgov.render").joinpath("templates/report.html.j2").read_text(
        encoding="utf-8"
    )
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    return env.from_string(source)


def render_html(report: Report, *, lang: str = "en") -> str:
    """HTML text of ``report`` in ``lang``."""
    lang = check_lang(lang)
    status = report.status
    findings = [
        {
            "status": f.status.value,
            "status_text": status_label(f.status, lang),
            "control": f.control,
            "subject": f.subject or "—",
            "metric": f.metric or "—",
            "value": fmt_number(f.value),
            "threshold": fmt_number(f.threshold),
            "interval": fmt_interval(f),
            "message": " — ".join(t for t in (f.message.get(lang), waiver_note(f, lang)) if t),
            "clauses": " · ".join(f.clauses),
        }
        for f in report.findings
    ]
    tables = [
        {
            "title": t.title.get(lang),
            "columns": [c.get(lang) for c in t.columns],
            "rows": [
                [{"text": fmt_number(v), "num": isinstance(v, (int, float))
                  and not isinstance(v, bool)} for v in r]
                for r in t.rows
            ],
        }
        for t in report.tables
    ]
    figures = []
    for fig in report.figures:
        data = fig.data
        if fig.media_type == "image/svg+xml" and data.lstrip().startswith("<"):
            data = base64.b64encode(data.encode("utf-8")).decode("ascii")
        figures.append({"title": fig.title.get(lang), "media_type": fig.media_type, "data": data})
    provenance: list[tuple[str, Any]] = []
    if report.policy_hash:
        provenance.append((label("report.prov.policy", lang),
                           f"{report.policy_name or ''} sha256:{report.policy_hash}"))
    for k, v in sorted(report.fingerprints.items()):
        provenance.append((f"{label('report.prov.fingerprints', lang)} · {k}", v))
    provenance.append((label("report.prov.started", lang), report.started_at.isoformat()))
    provenance.append((label("report.prov.finished", lang), report.finished_at.isoformat()))
    provenance.append((label("report.prov.environment", lang),
                       ", ".join(f"{k} {v}" for k, v in sorted(report.environment.items()))))
    cols = ["status", "control", "subject", "metric", "value", "threshold", "interval", "message"]
    return _template().render(
        lang=lang,
        version=__version__,
        title=report.title.get(lang),
        status=status.value,
        status_text=status_label(status, lang),
        overall=label("report.overall", lang, status=status_label(status, lang)),
        counts=counts_line(report, lang),
        exit_line=label("report.exit_code", lang, code=report.exit_code),
        h_findings=label("report.heading.findings", lang),
        h_tables=label("report.heading.tables", lang),
        h_figures=label("report.heading.figures", lang),
        h_provenance=label("report.heading.provenance", lang),
        finding_cols=[label(f"report.col.{c}", lang) for c in cols],
        findings=findings,
        tables=tables,
        figures=figures,
        provenance=provenance,
        none_text=label("report.none", lang),
        generated=label("report.generated_by", lang, version=__version__),
    )
