"""``dfgov policy``: init, validate, schema."""

from __future__ import annotations

import json
from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``policy`` group to ``app``."""
    group = typer.Typer(help="Write, validate and describe policy files.", no_args_is_help=True)

    @group.command("init")
    def init(
        path: Path = typer.Argument(Path("policy.toml"), help="Where to write the policy."),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    ) -> None:
        """Write a commented default policy (TOML)."""
        from dfgov.errors import InputFileError
        from dfgov.policy import Policy

        if path.exists() and not force:
            raise InputFileError(f"{str(path)!r} exists; pass --force to overwrite it.")
        path.write_text(Policy.template(), encoding="utf-8")
        typer.echo(f"wrote {path}", err=True)

    @group.command("validate")
    def validate(
        files: list[Path] = typer.Argument(..., help="Policy files (.toml or .json)."),
    ) -> None:
        """Validate policy files; print each one's content hash."""
        from dfgov.policy import Policy

        for f in files:
            p = Policy.load(f)
            typer.echo(f"{f}: ok  sha256:{p.hash}")

    @group.command("schema")
    def schema() -> None:
        """Print the JSON Schema of a policy file."""
        from dfgov.policy import Policy

        typer.echo(json.dumps(Policy.json_schema(), indent=2, ensure_ascii=False))

    app.add_typer(group, name="policy")
