"""``dfgov clauses``: the traceability matrix clause → controls → tests."""

from __future__ import annotations

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``clauses`` to ``app``."""

    @app.command("clauses")
    def clauses(
        markdown: bool = typer.Option(False, "--markdown",
                                      help="Print the Markdown page (docs/clauses.md)."),
        tests_dir: Path = typer.Option(Path("tests"), "--tests",
                                       help="Test directory to search for the tests of each "
                                       "control (in a source checkout)."),
    ) -> None:
        """Print which controls serve each regulatory clause, and the tests exercising them."""
        from dfgov.clauses import controls, matrix, to_markdown

        rows = matrix(tests_dir)
        if markdown:
            typer.echo(to_markdown(rows, controls()), nl=False)
            return
        for row in rows:
            typer.echo(f"{row.clause}")
            typer.echo(f"    controls: {', '.join(row.controls)}")
            typer.echo(f"    tests:    {len(row.tests)}"
                       + (f" (e.g. {row.tests[0]})" if row.tests else ""))
