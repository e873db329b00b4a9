"""``dfgov audit``: verify and show a hash-chained audit log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dfgov.cli._terminal import safe_json, safe_text

if TYPE_CHECKING:
    from dfgov.audit import AuditLog

__all__ = ["register"]

_DB_HELP = "Audit database: an SQLite file or a SQLAlchemy URL."
_TABLE_HELP = "Events table of the log."
_KEY_HELP = "File holding the log's HMAC key (raw bytes), for keyed logs."


def _open(db: str, table: str, key_file: Path | None) -> AuditLog:
    from dfgov.audit import AuditLog
    from dfgov.errors import InputFileError

    key = None
    if key_file is not None:
        try:
            key = key_file.read_bytes()
        except OSError as exc:
            raise InputFileError(
                f"Cannot read the key file {str(key_file)!r}: {exc.__class__.__name__}."
            ) from None
    return AuditLog(db, table=table, hmac_key=key, create=False)


def register(app: typer.Typer) -> None:
    """Add the ``audit`` group to ``app``."""
    group = typer.Typer(help="Verify and inspect tamper-evident audit logs.",
                        no_args_is_help=True)

    @group.command("verify")
    def verify(
        db: str = typer.Argument(..., help=_DB_HELP),
        anchor: str | None = typer.Option(
            None, "--anchor", envvar="DFGOV_AUDIT_ANCHOR",
            help="A head hash kept from earlier: the log must still contain it "
                 "(detects a truncated tail). Default: none."),
        key_file: Path | None = typer.Option(
            None, "--key-file", envvar="DFGOV_AUDIT_KEY_FILE", help=_KEY_HELP),
        table: str = typer.Option("dfgov_audit_events", "--table", help=_TABLE_HELP),
        as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
        lang: str = typer.Option("en", "--lang", help="Language of the message: en or zh-CN."),
    ) -> None:
        """Verify the chain. Exit 0 consistent, 1 tampered, 2 unreadable or bad usage.

        The output says what an exit 0 proves: ``proves=keyed`` (checked with
        the log's HMAC key), ``proves=anchor`` (unkeyed; unchanged up to the
        anchor) or ``proves=consistency`` (unkeyed, no anchor: anyone able to
        write the database could have rebuilt the chain).
        """
        from dfgov.i18n import check_lang

        check_lang(lang)
        log = _open(db, table, key_file)
        try:
            result = log.verify(anchor=anchor)
        finally:
            log.close()
        message = result.message.get(lang) if result.message is not None else ""
        if as_json:
            typer.echo(safe_json({
                "schema_version": "1.0", "ok": result.ok, "events": result.events,
                "head": result.head, "first_bad_seq": result.first_bad_seq,
                "code": result.code, "anchor_seq": result.anchor_seq, "keyed": result.keyed,
                "proves": result.proves, "message": message,
            }, indent=2))
        else:
            typer.echo(f"{'ok' if result.ok else 'TAMPERED'}  events={result.events}  "
                       f"head={result.head or '-'}  proves={result.proves}")
        typer.echo(safe_text(message), err=True)
        raise typer.Exit(0 if result.ok else 1)

    @group.command("show")
    def show(
        db: str = typer.Argument(..., help=_DB_HELP),
        start: int = typer.Option(1, "--start", min=1, help="First sequence number."),
        limit: int | None = typer.Option(
            None, "--limit", min=0, help="At most this many events. Default: all."),
        last: int | None = typer.Option(
            None, "--last", min=1, help="Only the last N events (overrides --start)."),
        action: str | None = typer.Option(None, "--action", help="Only this action."),
        subject: str | None = typer.Option(None, "--subject", help="Only this subject."),
        key_file: Path | None = typer.Option(
            None, "--key-file", envvar="DFGOV_AUDIT_KEY_FILE", help=_KEY_HELP),
        table: str = typer.Option("dfgov_audit_events", "--table", help=_TABLE_HELP),
        as_json: bool = typer.Option(
            False, "--json", help="One JSON object per line (all fields, payload parsed)."),
    ) -> None:
        """Print events (not verified: run ``dfgov audit verify`` for that).

        Control characters in the fields (terminal escape codes, carriage
        returns, bidi overrides) are printed as escapes, never obeyed.
        """
        log = _open(db, table, key_file)
        try:
            if last is not None:
                start = max(1, len(log) - last + 1)
            n = 0
            for e in log.events(start, action=action, subject=subject, limit=limit):
                n += 1
                if as_json:
                    typer.echo(safe_json(e.to_dict()))
                else:
                    typer.echo(safe_text(f"{e.seq:>8}  {e.time}  {e.actor}  {e.action}  "
                                         f"{e.subject or '-'}  {e.payload_json}  "
                                         f"{e.hash[:16]}"))
        finally:
            log.close()
        typer.echo(f"{n} events", err=True)

    app.add_typer(group, name="audit")
