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

__all__ = ["COMMAND_MODULES", "EXIT_FAIL", "EXIT_OK", "EXIT_USAGE", "build_app",
           "debug_enabled", "main"]

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_DEBUG = {"on": False}


def debug_enabled() -> bool:
    """Whether ``--debug`` (or ``DFGOV_DEBUG=1``) asked for full tracebacks."""
    return _DEBUG["on"]

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
        debug: bool = typer.Option(
            False, "--debug", envvar="DFGOV_DEBUG",
            help="On an error, print the full traceback (and those of controls that raised) "
            "after the one-line message."),
    ) -> None:
        """dfgov command line."""
        _DEBUG["on"] = debug

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
    return app


def _error(exc: BaseException, text: str) -> None:
    """One line on stderr; the traceback too with ``--debug``."""
    typer.echo(f"dfgov: error: {text}", err=True)
    if _DEBUG["on"]:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return (and, as a script, exit with) its exit code.

    Never shows a traceback unless ``--debug`` is given: bad usage, unreadable
    input, a model that cannot be loaded or called, a failure while rendering
    or writing reports — every error ends as one line ``dfgov: error: ...`` on
    stderr and exit code 2.
    """
    _DEBUG["on"] = False
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
        _error(exc, " ".join(str(exc).split()))
        code = EXIT_USAGE
    except KeyboardInterrupt:
        code = 130
    except OSError as exc:
        what = f" {exc.filename!r}" if getattr(exc, "filename", None) else ""
        _error(exc, f"{type(exc).__name__}{what}: {exc.strerror or exc}.")
        code = EXIT_USAGE
    except Exception as exc:  # a library's error: one line, never a traceback
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else ""
        _error(exc, f"unexpected {type(exc).__name__}{': ' + first if first else ''} "
                    "(run with --debug for the traceback).")
        code = EXIT_USAGE
    else:
        code = result if isinstance(result, int) else EXIT_OK
    if argv is None:
        sys.exit(code)
    return code
