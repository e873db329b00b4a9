"""Report renderers: JSON (with ``schema_version``), Markdown, HTML, JUnit XML, text; PDF.

Every fixed text comes from the message catalog, in English or Chinese
(``lang="en" | "zh-CN"``). HTML and Markdown open with an executive summary
(what was assessed, the verdict, a tile per area), then one section per area;
chart figures are drawn as SVG in the report's language. PDF prints the HTML
with headless Chromium (A4).

The formats are a registry: :class:`Format` names one, :func:`formatter`
gives its :class:`Formatter` (render to text, write a file atomically), and
:func:`write_report` writes any of them, choosing by the file suffix when no
format is given. :func:`render_html_page` is the HTML shell (head, stylesheet,
footer) other documents, such as the algorithm disclosure, are rendered in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.render._html import render_html as render_html
    from dfgov.render._html import render_html_fragment as render_html_fragment
    from dfgov.render._html import render_html_page as render_html_page
    from dfgov.render._json import render_json as render_json
    from dfgov.render._junit import render_junit as render_junit
    from dfgov.render._markdown import render_markdown as render_markdown
    from dfgov.render._pdf import render_pdf as render_pdf
    from dfgov.render._registry import FORMATTERS as FORMATTERS
    from dfgov.render._registry import Format as Format
    from dfgov.render._registry import Formatter as Formatter
    from dfgov.render._registry import format_for_path as format_for_path
    from dfgov.render._registry import formatter as formatter
    from dfgov.render._registry import render_report as render_report
    from dfgov.render._registry import write_atomic as write_atomic
    from dfgov.render._registry import write_report as write_report
    from dfgov.render._text import render_text as render_text

_EXPORTS = {
    "render_html": "._html",
    "render_html_fragment": "._html",
    "render_html_page": "._html",
    "render_json": "._json",
    "render_junit": "._junit",
    "render_markdown": "._markdown",
    "render_pdf": "._pdf",
    "FORMATTERS": "._registry",
    "Format": "._registry",
    "Formatter": "._registry",
    "format_for_path": "._registry",
    "formatter": "._registry",
    "render_report": "._registry",
    "write_atomic": "._registry",
    "write_report": "._registry",
    "render_text": "._text",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
