"""Finding 10 (Markdown): names from the data must not become HTML or links.

Before the fix, a group label, feature name or policy name such as
``<img src=x onerror=alert(1)>`` or ``[click](javascript:alert(1))`` went raw into the
Markdown report (e.g. a CI step summary), where a renderer turns it into live HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest

from dfgov import Policy
from dfgov.i18n import LocalizedText
from dfgov.policy import PolicyMeta
from dfgov.report import Finding, Report, Status, Table
from tests.security_helpers import report

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[click me](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "a | b\n# heading\n<b>x</b>",
    "`code` ** bold ** ~~s~~ $x$",
    "\u202egnp.exe\x1b[31m",
]


def _report(payload: str) -> Report:
    policy = Policy().replace(PolicyMeta(name=payload))
    finding = Finding(control="fairness.dp", status=Status.FAIL, subject=payload,
                      metric=payload, message=LocalizedText.same(f"group {payload} differs"),
                      value=0.5)
    table = Table(title=LocalizedText.same(payload), columns=(LocalizedText.same(payload),),
                  rows=((payload,),))
    return Report.build([finding], title=LocalizedText.same(payload), policy=policy,
                        tables=(table,), fingerprints={payload: "ab" * 32})


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_report_holds_no_live_html_or_links(payload: str) -> None:
    for lang in ("en", "zh-CN"):
        md = _report(payload).to_markdown(lang=lang)
        html = markdown.markdown(md, extensions=["tables"])
        tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html))
        assert tags <= {"h1", "h2", "h3", "p", "strong", "table", "thead", "tbody", "tr",
                        "th", "td", "code", "details", "summary", "ul", "li", "em"}, tags
        markup = re.sub(r">[^<]*<", "><", html)  # the tags alone, visible text dropped
        assert "javascript:" not in markup and "href" not in markup and "src" not in markup
        assert "onerror" not in markup
        assert "\x1b" not in md and "\u202e" not in md
        # every finding is still one table row: the payload adds no row, line or cell
        plain = _report("x").to_markdown(lang=lang)
        assert len([ln for ln in md.splitlines() if ln.startswith("| ")]) == len(
            [ln for ln in plain.splitlines() if ln.startswith("| ")])
        assert [ln.count(" | ") for ln in md.splitlines() if ln.startswith("| ")] == [
            ln.count(" | ") for ln in plain.splitlines() if ln.startswith("| ")]


def test_html_and_junit_output_are_escaped() -> None:
    evil = "<script>alert(1)</script>\"'&]]>"
    r = report(subject=evil, metric=evil)
    html = r.to_html()
    assert "<script>alert(1)" not in html
    junit = r.to_junit()
    root = ET.fromstring(junit)  # well-formed XML, whatever the names hold
    assert "<script>" not in junit
    assert any(evil in "".join(el.attrib.values()) + (el.text or "") for el in root.iter())
