"""Report renderers: JSON (with ``schema_version``), Markdown, HTML, PDF, JUnit XML.

Every fixed text comes from the message catalog, in English or Chinese
(``lang="en" | "zh-CN"``). HTML and Markdown open with an executive summary
(what was assessed, the verdict, a tile per area), then one section per area;
chart figures are drawn as SVG in the report's language. PDF prints the HTML
with headless Chromium (A4).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports
from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    from dfgov.render._html import render_html, render_html_fragment
    from dfgov.render._json import parse_json, render_json
    from dfgov.render._junit import render_junit
    from dfgov.render._markdown import render_markdown
    from dfgov.render._pdf import render_pdf
    from dfgov.report import Report

__all__ = ["parse_json", "render_html", "render_html_fragment", "render_json", "render_junit",
           "render_markdown", "render_pdf", "write_report"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "parse_json": "._json",
        "render_json": "._json",
        "render_html": "._html",
        "render_html_fragment": "._html",
        "render_pdf": "._pdf",
        "render_junit": "._junit",
        "render_markdown": "._markdown",
    },
)

_SUFFIXES = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html",
             ".htm": "html", ".xml": "junit", ".pdf": "pdf"}


def _file_mode() -> int:
    """Mode of a new file under the current umask (``mkstemp`` alone gives 0600)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_report(report: Report, path: str | Path, *, lang: str = "en") -> Path:
    """Write ``report`` to ``path`` in the format its suffix names.

    ``.json``, ``.md``, ``.html``, ``.pdf`` (needs Chromium) or ``.xml``
    (JUnit). The file is written whole or not at all (temporary file, then
    rename).
    """
    from dfgov.render._html import render_html
    from dfgov.render._json import render_json
    from dfgov.render._junit import render_junit
    from dfgov.render._markdown import render_markdown

    p = Path(path)
    kind = _SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise InvalidInputError(
            f"The 'path' suffix must be one of {sorted(_SUFFIXES)}. Got {p.suffix or 'none'!r}."
        )
    if kind == "pdf":
        from dfgov.render._pdf import render_pdf

        return render_pdf(report, p, lang=lang)
    if kind == "json":
        content = render_json(report)
    elif kind == "markdown":
        content = render_markdown(report, lang=lang)
    elif kind == "html":
        content = render_html(report, lang=lang)
    else:
        content = render_junit(report, lang=lang)
    return _write_atomic(p, content.encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename)."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
