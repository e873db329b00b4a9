"""``dfgov scan``: data inventory and data-protection findings for a Parquet or CSV file."""

from __future__ import annotations

from pathlib import Path

import typer

from dfgov.cli._output import FORMAT, OUTPUT
from dfgov.render import Format

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
        formats: list[Format] = FORMAT,
        outputs: list[str] = OUTPUT,
        as_json: bool = typer.Option(False, "--json", hidden=True,
                                     help="Deprecated: use --format json."),
        as_html: bool = typer.Option(False, "--html", hidden=True,
                                     help="Deprecated: use --format html."),
        as_markdown: bool = typer.Option(False, "--markdown", hidden=True,
                                         help="Deprecated: use --format markdown."),
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
        progress: bool | None = typer.Option(
            None, "--progress/--no-progress",
            help="Progress line on stderr (default: only on a terminal)."),
    ) -> None:
        """Classify every column (JR/T 0171 category, JR/T 0197 level) and judge the policy.

        Exit codes: 0 nothing fails, 1 a rule fails, 2 bad usage or unreadable input.
        """
        from dfgov.cli._output import deprecated, targets, write_targets
        from dfgov.data_protection import DataProtectionScan
        from dfgov.errors import InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.policy import Policy

        check_lang(lang)
        switches = [f for f, on in ((Format.json, as_json), (Format.html, as_html),
                                    (Format.markdown, as_markdown)) if on]
        if len(switches) > 1:
            raise InvalidInputError("Choose at most one of --json, --html and --markdown.")
        for f in switches:
            deprecated(f"--{f.value}", f"--format {f.value}")
        chosen = targets([*switches, *formats], outputs)
        pol = Policy.load(policy) if policy is not None else Policy.default()
        report = DataProtectionScan(pol).run_file(file, sample=sample, progress=progress)
        write_targets(report, chosen, lang=lang)
        counts = report.counts()
        typer.echo(
            f"dfgov scan: {report.status.value} — {len(report.tables[0].rows)} columns, "
            f"{counts['fail']} fail, {counts['warn']} warn", err=True)
        raise typer.Exit(report.exit_code)
