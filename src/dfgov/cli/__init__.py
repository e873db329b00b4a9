"""The ``dfgov`` command line (typer).

Exit codes follow linters: 0 nothing fails, 1 a control fails (or evidence is
tampered), 2 bad usage or unreadable input — with a one-line message.
"""

from __future__ import annotations

from dfgov.cli._app import build_app, main

__all__ = ["build_app", "main"]
