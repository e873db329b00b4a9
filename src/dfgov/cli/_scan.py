"""``dfgov scan``: data inventory and data-protection findings for a Parquet or CSV file."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``scan`` command to ``app``."""

    @app.command("scan")
    def scan(
        file: Path = typer.Argument(..., help="Parquet (.parquet) or CSV (.csv) file to scan."),
        policy: Path | None = typer.Option(
            None, "--policy", help="Policy file (.toml or .json); default: built-in defaults."),
        sample: int | None = typer.Option(
            None, "--sample", min=1, help="Scan only the first N rows (default: every row)."),
        as_json: bool = typer.Option(False, "--json", help="Write the report as JSON."),
        as_html: bool = typer.Option(False, "--html", help="Write the report as HTML."),
        as_markdown: bool = typer.Option(
            False, "--markdown", help="Write the report as Markdown (the default)."),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="Write the report here instead of stdout."),
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
        progress: bool | None = typer.Option(
            None, "--progress/--no-progress",
            help="Progress line on stderr (default: only on a terminal)."),
    ) -> None:
        """Classify every column (JR/T 0171 category, JR/T 0197 level) and judge the policy.

        Exit codes: 0 nothing fails, 1 a rule fails, 2 bad usage or unreadable input.
        """
        from dfgov.data_protection import DataProtectionScan
        from dfgov.errors import InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.policy import Policy

        check_lang(lang)
        chosen = [n for n, on in (("json", as_json), ("html", as_html),
                                  ("markdown", as_markdown)) if on]
        if len(chosen) > 1:
            raise InvalidInputError("Choose at most one of --json, --html and --markdown.")
        fmt = chosen[0] if chosen else "markdown"
        pol = Policy.load(policy) if policy is not None else Policy.default()
        report = DataProtectionScan(pol).run_file(file, sample=sample, progress=progress)
        if fmt == "json":
            text = report.to_json()
        elif fmt == "html":
            text = report.to_html(lang=lang)
        else:
            text = report.to_markdown(lang=lang)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text)
        counts = report.counts()
        typer.echo(
            f"dfgov scan: {report.status.value} — {len(report.tables[0].rows)} columns, "
            f"{counts['fail']} fail, {counts['warn']} warn", err=True)
        raise typer.Exit(report.exit_code)
