"""``dfgov render``: a saved JSON report in another format, in either language."""

from __future__ import annotations

from pathlib import Path

import typer

from dfgov.cli._output import FORMAT, OUTPUT, legacy_option
from dfgov.render import Format

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``render`` to ``app``."""

    @app.command("render")
    def render(
        report: Path = typer.Argument(..., help="A JSON report written by dfgov "
                                      "(--format json)."),
        formats: list[Format] = FORMAT,
        outputs: list[str] = OUTPUT,
        pdf: Path | None = typer.Option(None, "--pdf", help="Write an A4 PDF here (needs "
                                        "Chromium).", show_default=False),
        html: str = legacy_option("--html", Format.html),
        markdown: str = legacy_option("--markdown", Format.markdown),
        junit: str = legacy_option("--junit", Format.junit),
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
    ) -> None:
        """Render a saved JSON report; exit with the report's gate code (0 or 1)."""
        from dfgov.cli._output import targets, write_targets
        from dfgov.errors import InputFileError, InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.render import render_pdf
        from dfgov.report import Report

        lang = check_lang(lang)
        chosen = targets(formats, outputs, implicit=False, legacy=(
            ("--junit", Format.junit, junit), ("--html", Format.html, html),
            ("--markdown", Format.markdown, markdown)))
        try:
            data = report.read_bytes()
        except OSError as exc:
            raise InputFileError(f"The report file cannot be read: {exc.strerror}.") from None
        parsed = Report.from_json(data)
        if not chosen and pdf is None:
            raise InvalidInputError("dfgov render needs --format/--output or --pdf.")
        write_targets(parsed, chosen, lang=lang)
        if pdf is not None:
            render_pdf(parsed, pdf, lang=lang)
        raise typer.Exit(parsed.exit_code)
