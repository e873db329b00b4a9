"""JUnit XML: one ``<testcase>`` per finding.

``fail`` → ``<failure>``, ``error`` → ``<error>``, ``skipped`` → ``<skipped>``,
``warn`` → a passing test with the warning in ``<system-out>``, ``waived`` → a
passing test whose ``<system-out>`` starts with "[waived]" and names the waiver
(a ``waived`` property on the testcase and a ``waived`` count on each suite). Test cases are
grouped by control into ``<testsuite>`` elements, so CI shows one suite per
control.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from dfgov._report_model import Finding, ReportModel, Status
from dfgov.i18n import check_lang
from dfgov.render._common import fmt_interval, fmt_number, status_label, waiver_note

__all__ = ["render_junit"]

# Characters XML 1.0 cannot carry (C0 controls but tab/newline/CR, surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """Text made safe for XML 1.0 (disallowed characters become U+FFFD)."""
    return _NOT_XML.sub("\ufffd", text)


def _detail(f: Finding, lang: str) -> str:
    parts = [f.message.get(lang)]
    if f.metric:
        parts.append(f"{f.metric} = {fmt_number(f.value)} (threshold {fmt_number(f.threshold)}, "
                     f"interval {fmt_interval(f)})")
    if f.clauses:
        parts.append("clauses: " + "; ".join(f.clauses))
    if f.waiver is not None:
        parts.append(waiver_note(f, lang))
    return "\n".join(parts)


def render_junit(report: ReportModel, *, lang: str = "en") -> str:
    """JUnit XML text of ``report``."""
    lang = check_lang(lang)
    suites = ET.Element("testsuites", name=_x(report.title.get(lang)))
    by_control: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_control.setdefault(f.control, []).append(f)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0, "waived": 0}
    for control, findings in by_control.items():
        suite = ET.SubElement(suites, "testsuite", name=_x(control))
        counts = {"tests": len(findings), "failures": 0, "errors": 0, "skipped": 0, "waived": 0}
        for i, f in enumerate(findings):
            name = f.subject or f.metric or f"finding-{i + 1}"
            if f.metric and f.subject:
                name = f"{f.metric}[{f.subject}]"
            case = ET.SubElement(suite, "testcase", classname=_x(f"dfgov.{control}"),
                                 name=_x(name), time="0")
            detail = _x(_detail(f, lang))
            message = _x(f.message.get(lang))
            if f.status is Status.FAIL:
                el = ET.SubElement(case, "failure", message=message,
                                   type=status_label(f.status, lang))
                el.text = detail
                counts["failures"] += 1
            elif f.status is Status.ERROR:
                el = ET.SubElement(case, "error", message=message,
                                   type=status_label(f.status, lang))
                el.text = detail
                counts["errors"] += 1
            elif f.status is Status.SKIPPED:
                ET.SubElement(case, "skipped", message=message)
                counts["skipped"] += 1
            else:
                if f.status is Status.WAIVED and f.waiver is not None:
                    props = ET.SubElement(case, "properties")
                    ET.SubElement(props, "property", name="waived", value=_x(f.waiver.id))
                    counts["waived"] += 1
                out = ET.SubElement(case, "system-out")
                flagged = f.status in (Status.WARN, Status.WAIVED)
                out.text = (f"[{status_label(f.status, lang)}] " if flagged else "") + detail
        for k, v in counts.items():
            if k != "waived" or v:  # no "waived" attribute where nothing was waived
                suite.set(k, str(v))
            totals[k] += v
        suite.set("timestamp", report.started_at.isoformat())
    for k, v in totals.items():
        if k != "waived" or v:
            suites.set(k, str(v))
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
