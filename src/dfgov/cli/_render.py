"""``dfgov render``: a saved JSON report as HTML, Markdown, PDF or JUnit, in either language."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``render`` to ``app``."""

    @app.command("render")
    def render(
        report: Path = typer.Argument(..., help="A JSON report written by dfgov (--json)."),
        html: str = typer.Option(None, "--html", help="Write HTML here ('-' for stdout).",
                                 show_default=False),
        markdown: str = typer.Option(None, "--markdown",
                                     help="Write Markdown here ('-' for stdout).",
                                     show_default=False),
        junit: str = typer.Option(None, "--junit", help="Write JUnit XML here ('-' for stdout).",
                                  show_default=False),
        pdf: Path | None = typer.Option(None, "--pdf", help="Write an A4 PDF here (needs "
                                        "Chromium).", show_default=False),
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
    ) -> None:
        """Render a saved JSON report; exit with the report's gate code (0 or 1)."""
        from dfgov.cli._gate import write_outputs
        from dfgov.errors import InputFileError, InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.render import parse_json, render_pdf

        lang = check_lang(lang)
        try:
            data = report.read_bytes()
        except OSError as exc:
            raise InputFileError(f"The report file cannot be read: {exc.strerror}.") from None
        parsed = parse_json(data)
        if not any((html, markdown, junit, pdf)):
            raise InvalidInputError("dfgov render needs --html, --markdown, --junit or --pdf.")
        write_outputs(parsed, json_out=None, junit=junit, html=html, markdown=markdown,
                      lang=lang)
        if pdf is not None:
            render_pdf(parsed, pdf, lang=lang)
        raise typer.Exit(parsed.exit_code)
