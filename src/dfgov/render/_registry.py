"""The report formats and their writers: one :class:`Formatter` per :class:`Format`.

Every writer renders text and hands it to :func:`write_atomic`, so a file is
written whole or not at all. PDF is not a format of its own: it is the HTML
printed by headless Chromium (:func:`dfgov.render.render_pdf`), and
:func:`write_report` reaches it through the ``.pdf`` suffix.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError

if TYPE_CHECKING:
    from dfgov._report_model import ReportModel

__all__ = ["FORMATTERS", "Format", "Formatter", "format_for_path", "formatter", "render_report",
           "write_atomic", "write_report"]


class Format(StrEnum):
    """A report format: ``json``, ``markdown``, ``html``, ``junit`` or ``text``."""

    json = "json"
    markdown = "markdown"
    html = "html"
    junit = "junit"
    text = "text"


@dataclass(frozen=True)
class Formatter:
    """How one format renders a report and which file suffixes name it.

    Attributes
    ----------
    format : Format
    suffixes : tuple of str
        File suffixes (lower case, with the dot); the first is the usual one.
    function : str
        ``module:function`` of the renderer, imported on first use; it takes the
        report and ``lang`` (JSON has no language and takes none).
    """

    format: Format
    suffixes: tuple[str, ...]
    function: str

    def render(self, report: ReportModel, *, lang: str = "en") -> str:
        """The report as text in this format (``lang``: "en" or "zh-CN")."""
        module, name = self.function.split(":")
        fn: Any = getattr(importlib.import_module(module), name)
        if self.format is Format.json:
            from dfgov.i18n import check_lang

            check_lang(lang)
            return str(fn(report))
        return str(fn(report, lang=lang))

    def write(self, report: ReportModel, path: str | Path, *, lang: str = "en") -> Path:
        """Write the report in this format to ``path``, whole or not at all."""
        return write_atomic(Path(path), self.render(report, lang=lang).encode("utf-8"))


FORMATTERS: Mapping[Format, Formatter] = MappingProxyType({
    Format.json: Formatter(Format.json, (".json",), "dfgov.render._json:render_json"),
    Format.markdown: Formatter(Format.markdown, (".md", ".markdown"),
                               "dfgov.render._markdown:render_markdown"),
    Format.html: Formatter(Format.html, (".html", ".htm"), "dfgov.render._html:render_html"),
    Format.junit: Formatter(Format.junit, (".xml",), "dfgov.render._junit:render_junit"),
    Format.text: Formatter(Format.text, (".txt",), "dfgov.render._text:render_text"),
})

_PDF = ".pdf"


def formatter(fmt: Format | str) -> Formatter:
    """The :class:`Formatter` of ``fmt`` (a :class:`Format` or its name)."""
    try:
        return FORMATTERS[Format(fmt)]
    except ValueError:
        raise InvalidInputError(
            f"The 'format' must be one of {[f.value for f in Format]}. Got {fmt!r}."
        ) from None


def format_for_path(path: str | Path) -> Format | None:
    """The format a file suffix names (``None`` for ``.pdf`` and unknown suffixes)."""
    suffix = Path(path).suffix.lower()
    return next((f.format for f in FORMATTERS.values() if suffix in f.suffixes), None)


def render_report(report: ReportModel, fmt: Format | str, *, lang: str = "en") -> str:
    """``report`` as text in ``fmt``."""
    return formatter(fmt).render(report, lang=lang)


def write_report(report: ReportModel, path: str | Path, *, format: Format | str | None = None,
                 lang: str = "en") -> Path:
    """Write ``report`` to ``path``, whole or not at all (temporary file, then rename).

    Parameters
    ----------
    report : Report
    path : str or Path
    format : Format or str, optional
        The format; by default the one the suffix names: ``.json``, ``.md``,
        ``.html``, ``.xml`` (JUnit), ``.txt`` (text) or ``.pdf`` (the HTML
        printed by Chromium, which must be installed).
    lang : {"en", "zh-CN"}
    """
    p = Path(path)
    if format is not None:
        return formatter(format).write(report, p, lang=lang)
    if p.suffix.lower() == _PDF:
        from dfgov.render._pdf import render_pdf

        return render_pdf(report, p, lang=lang)
    fmt = format_for_path(p)
    if fmt is None:
        known = sorted({s for f in FORMATTERS.values() for s in f.suffixes} | {_PDF})
        raise InvalidInputError(
            f"The 'path' suffix must be one of {known}. Got {p.suffix or 'none'!r}."
        )
    return FORMATTERS[fmt].write(report, p, lang=lang)


def _file_mode() -> int:
    """Mode of a new file under the current umask (``mkstemp`` alone gives 0600)."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` whole or not at all (temporary file, then rename).

    Text is written as UTF-8. Missing parent directories are created; the new
    file gets the mode the umask gives an ordinary file.
    """
    import os
    import tempfile

    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
