"""The ``dfgov`` command line (typer).

Exit codes follow linters: 0 nothing fails, 1 a control fails (or evidence is
tampered), 2 bad usage or unreadable input — with a one-line message. Nothing the
command writes to stderr shows a personal identifier: it passes dfgov's own detector.
"""

from __future__ import annotations

from collections.abc import Sequence

from dfgov.cli import _app
from dfgov.cli._app import build_app
from dfgov.cli._stderr import masked_stderr

__all__ = ["build_app", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return (and, as a script, exit with) its exit code.

    See :func:`dfgov.cli._app.main`; everything written to stderr meanwhile is masked.
    """
    with masked_stderr():
        return _app.main(argv)
