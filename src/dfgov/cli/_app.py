"""Assembly of the ``dfgov`` command and its error handling.

Each command group lives in its own module exposing ``register(app)``; add the
module to :data:`COMMAND_MODULES`. Command modules import only light things at
module level (typer, pathlib); heavy work is imported inside the commands.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

from dfgov._version import __version__
from dfgov.errors import DfgovError

__all__ = ["COMMAND_MODULES", "EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "build_app", "main"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

COMMAND_MODULES: tuple[str, ...] = (
    "dfgov.cli._policy",
    "dfgov.cli._scan",
    "dfgov.cli._gate",
    "dfgov.cli._demo",
    "dfgov.cli._render",
    "dfgov.cli._clauses",
    "dfgov.cli._audit",
    "dfgov.cli._evidence",
    "dfgov.cli._vendor",
    "dfgov.cli._review",
    "dfgov.cli._waiver",
    "dfgov.cli._monitor", "dfgov.cli._due",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dfgov {__version__}")
        raise typer.Exit(EXIT_OK)


def build_app() -> typer.Typer:
    """The typer application with every registered command group."""
    app = typer.Typer(
        name="dfgov",
        help=(
            "Digital-finance risk and governance controls (PBoC 2025 action plan, "
            "measures 16 and 17). Exit codes: 0 pass, 1 a control failed, 2 bad usage "
            "or unreadable input."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ) -> None:
        """dfgov command line."""

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return (and, as a script, exit with) its exit code."""
    app = build_app()
    command = typer.main.get_command(app)
    try:
        result = command.main(
            args=list(argv) if argv is not None else None, prog_name="dfgov",
            standalone_mode=False,
        )
    except typer.Exit as exc:
        code = int(exc.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        code = EXIT_USAGE
    except typer.TyperException as exc:  # usage errors (typer's bundled click)
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"dfgov: error: {exc}", err=True)
        code = int(getattr(exc, "exit_code", EXIT_USAGE))
    except DfgovError as exc:
        typer.echo(f"dfgov: error: {exc}", err=True)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        code = 130
    else:
        code = result if isinstance(result, int) else EXIT_OK
    if argv is None:
        sys.exit(code)
    return code
