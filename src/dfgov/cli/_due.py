"""``dfgov due``: one report of what is overdue or soon due across the governance stores.

Exit codes: 0 nothing overdue, 1 something overdue, 2 bad usage.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import typer

from dfgov.cli._output import FORMAT, LEGACY, OUTPUT, env_option
from dfgov.render import Format

__all__ = ["register"]

_POLICY = env_option("--policy",
                     "Policy file (monitoring.due_soon_days, the outsourcing frequencies).")


def _review_items(db: str, day: date | None) -> dict[str, list[dict[str, Any]]]:
    """The review register's dated work (post-launch reviews, conditions, waiver expiries)."""
    from dfgov.review import due_items

    items = due_items(db, day, include_scheduled=True)
    if not items:
        return {}
    return {"review_register": [
        {"area": "review", "kind": i.kind.split(".")[-1], "subject": i.subject,
         "due": i.due, "last": None, "clauses": i.clauses} for i in items]}


def register(app: typer.Typer) -> None:
    """Add ``due`` to ``app``."""

    @app.command("due")
    def due(
        db: str = typer.Option("governance.db", "--db", envvar="DFGOV_DB",
                               help="Governance database: an SQLite file or a SQLAlchemy URL."),
        as_of: str = typer.Option(None, "--as-of", show_default=False,
                                  help="Day judged (YYYY-MM-DD); default today."),
        policy: Path | None = _POLICY,
        formats: list[Format] = FORMAT, outputs: list[str] = OUTPUT,
        json_out: str = LEGACY["--json"], html: str = LEGACY["--html"],
        markdown: str = LEGACY["--markdown"], junit: str = LEGACY["--junit"],
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
    ) -> None:
        """List overdue (fail) and soon-due (warn) reviews, validations, assessments,
        exit tests, audits and monitoring work from the stores of one database."""
        from dfgov.cli._output import finish, legacy_paths, targets
        from dfgov.errors import InputFileError, InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.monitoring import due as due_report
        from dfgov.policy import Policy

        check_lang(lang)
        chosen = targets(formats, outputs, legacy=legacy_paths(
            json=json_out, junit=junit, html=html, markdown=markdown))
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise InvalidInputError("--as-of must be a date YYYY-MM-DD.") from None
        if "://" not in db and not Path(db).is_file():
            raise InputFileError(f"--db: no such database file {db!r}.")
        pol = Policy.load(policy) if policy is not None else None
        rep = due_report(db, as_of=day, policy=pol, extra=_review_items(db, day))
        if not rep.metadata.get("stores"):
            raise InvalidInputError(
                f"--db: {db!r} holds no governance store (model inventory, data-security "
                "assessments, outsourcing register, monitoring); nothing can be listed.")
        finish(rep, chosen, lang=lang)
