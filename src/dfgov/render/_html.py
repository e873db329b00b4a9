"""Self-contained HTML: inline CSS, no script, no network assets, figures as data URIs.

Figures are embedded as ``<img src="data:...">`` (never inline SVG markup),
so a report read back from JSON cannot run script in the browser. Chart
figures are drawn as SVG in the report's language. The layout is
:mod:`dfgov.render._document`'s; the templates live in ``templates/``
(``report.html.j2`` with the ``_summary`` and ``_findings`` partials and
``report.css``, which carries the print rules: A4, one area per page).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from dfgov._version import __version__
from dfgov.i18n import check_lang
from dfgov.render._common import label
from dfgov.render._document import Document, build_document, identifier_pattern
from dfgov.report import Report

if TYPE_CHECKING:
    import jinja2

__all__ = ["render_html", "render_html_fragment"]


def _source(name: str) -> str:
    return resources.files("dfgov.render").joinpath(f"templates/{name}").read_text(
        encoding="utf-8")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FunctionLoader(_source), autoescape=True, trim_blocks=True,
        lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


@lru_cache(maxsize=1)
def css() -> str:
    """The report's stylesheet (screen and print)."""
    return _source("report.css")


class _Texts:
    """Fixed texts of the templates in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        for key in ("summary", "subject", "areas", "provenance"):
            setattr(self, key, label(f"report.heading.{key}", lang))
        for col in ("status", "control", "subject", "metric", "value", "threshold",
                    "interval", "message"):
            setattr(self, f"col_{col}", label(f"report.col.{col}", lang))
        self.details = label("report.details", lang)
        self.none = label("report.none", lang)
        self.fingerprint = label("report.prov.fingerprints", lang)
        self.generated = label("report.generated_by", lang, version=__version__)
        self.colon = "：" if lang == "zh-CN" else ": "

    def count(self, status_text: str, n: int) -> str:
        return label("report.tile.count", self.lang, status=status_text, n=n)

    def show(self, n: int) -> str:
        return label("report.group.show", self.lang, n=n)

    def tables(self, n: int) -> str:
        return label("report.tables.show", self.lang, n=n)


def _marker(doc: Document) -> Any:
    """A template function: escape a text and mark the identifiers in it as code."""
    from markupsafe import Markup, escape

    pattern = identifier_pattern(doc.identifiers)

    def mark(text: object) -> Markup:
        s = str(text)
        out: list[str] = []
        pos = 0
        for m in pattern.finditer(s):
            if m.start() == m.end():
                continue
            out.append(str(escape(s[pos:m.start()])))
            out.append(f'<code translate="no">{escape(m.group(0))}</code>')
            pos = m.end()
        out.append(str(escape(s[pos:])))
        return Markup("".join(out))

    return mark


def _wbr(ident: str) -> Any:
    """An identifier that may wrap after its dots and underscores (never inside a word)."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"([._])", r"\1<wbr>", str(escape(ident))))


def _render(template: str, doc: Document, *, open_details: bool, **extra: Any) -> str:
    env = _env()
    tpl = env.get_template(template)
    ctx = {"doc": doc, "t": _Texts(doc.lang), "version": __version__, "css": css(),
           "open": " open" if open_details else "", "mark": _marker(doc), "wbr": _wbr,
           **extra}
    return tpl.render(**ctx)


def _headline(report: Report, doc: Document) -> str:
    parts = [v for _, v in doc.subject[:2]]
    return " · ".join(parts)


def render_html(report: Report, *, lang: str = "en", open_details: bool = False) -> str:
    """HTML text of ``report`` in ``lang`` ("en" or "zh-CN").

    Parameters
    ----------
    report : Report
    lang : {"en", "zh-CN"}
    open_details : bool
        Unfold the lists of collapsed findings and the tables (for printing and
        PDF); each finding's raw details stay folded.
    """
    doc = build_document(report, check_lang(lang))
    return _render("report.html.j2", doc, open_details=open_details,
                   headline=_headline(report, doc))


def render_html_fragment(report: Report, *, lang: str = "en") -> str:
    """The summary and the findings as an HTML fragment (for notebooks), styles scoped."""
    doc = build_document(report, check_lang(lang))
    screen = css().split("/* print:", 1)[0].split("@page", 1)[0]
    html = _render("fragment.html.j2", doc, open_details=False, css_screen=screen)
    return re.sub(r"\n\s*\n", "\n", html)
