"""Plain text: the summary a terminal shows, and the failures a test assertion reports.

The full view is one line per finding (status, control, subject, metric
value), the overall status with the counts, then the decision vocabulary and
the controls that did not run, when the report records them. The
``only_failed`` view is what :func:`dfgov.testing.assert_passes` raises: a
headline and, for each finding that fails the gate, its value, threshold,
interval and message.
"""

from __future__ import annotations

from typing import Any

from dfgov._report_model import ReportModel
from dfgov.i18n import check_lang
from dfgov.render._common import counts_line, fmt_interval, fmt_number, label, status_label

__all__ = ["render_text"]


def render_text(report: ReportModel, *, lang: str = "en", only_failed: bool = False) -> str:
    """Plain text of ``report`` in ``lang`` ("en" or "zh-CN").

    Parameters
    ----------
    report : Report
    lang : {"en", "zh-CN"}
    only_failed : bool
        Only the findings that fail the gate, each with its threshold, interval
        and message (the text of a failed test).
    """
    lang = check_lang(lang)
    lines = _failures(report, lang) if only_failed else _summary(report, lang)
    return "\n".join(lines) + "\n"


def _summary(report: ReportModel, lang: str) -> list[str]:
    width = max([len(f.control) for f in report.findings] + [10])
    lines = []
    for f in report.findings:
        subject = f" [{f.subject}]" if f.subject else ""
        value = f" {f.metric}={fmt_number(f.value)}" if f.metric else ""
        lines.append(f"  {status_label(f.status, lang):8} {f.control:<{width}}{subject}{value}")
    lines.append(f"{label('report.overall', lang, status=status_label(report.status, lang))} — "
                 f"{counts_line(report, lang)}")
    return lines + [s for s in (_vocabulary(report, lang), _not_run(report, lang)) if s]


def _failures(report: ReportModel, lang: str) -> list[str]:
    failed = report.failed()
    lines = [label("report.text.failed", lang, title=report.title.get(lang), n=len(failed))]
    for f in failed:
        where = f" [{f.subject}]" if f.subject else ""
        metric = (f" {f.metric}={fmt_number(f.value)} (threshold {fmt_number(f.threshold)}, "
                  f"interval {fmt_interval(f)})") if f.metric else ""
        lines.append(f"  - {status_label(f.status, lang)} {f.control}{where}:{metric} "
                     f"{f.message.get(lang)}")
    return lines


def _vocabulary(report: ReportModel, lang: str) -> str:
    """The decision vocabulary the verdict used ("" when the report has none)."""
    voc = report.metadata.get("decision_vocabulary")
    if not voc or voc.get("favourable_label") is None:
        return ""
    return label("report.text.vocabulary", lang, favourable=repr(voc["favourable_label"]),
                 direction=voc.get("score_direction") or "-",
                 threshold=voc.get("decision_threshold"))


def _not_run(report: ReportModel, lang: str) -> str:
    """"3 control(s) not run: explainability (no model was given); ..." ("" when all ran)."""
    not_run: dict[str, Any] = report.metadata.get("controls_not_run") or {}
    if not not_run:
        return ""
    parts = [f"{name} ({why.get(lang, why.get('reason', ''))})" if isinstance(why, dict)
             else f"{name} ({why})" for name, why in not_run.items()]
    return label("report.text.not_run", lang, n=len(parts), controls="; ".join(parts))
