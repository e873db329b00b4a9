"""``dfgov evidence anchor`` / ``verify-anchor``: signed audit-log anchors (Ed25519 or SM2)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from dfgov.audit import Ed25519Signer, SM2Signer

__all__ = ["read_signer", "register_anchor"]


def read_signer(path: Path, option: str) -> Ed25519Signer | SM2Signer:
    """The signer in a PEM private-key file (algorithm from the key; passphrase from
    ``$DFGOV_SIGNING_KEY_PASSPHRASE``)."""
    from dfgov.audit import load_signer
    from dfgov.errors import InputFileError

    try:
        pem = path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{option}: cannot read {str(path)!r} "
                             f"({type(exc).__name__}).") from None
    passphrase = os.environ.get("DFGOV_SIGNING_KEY_PASSPHRASE")
    return load_signer(pem, passphrase=passphrase.encode() if passphrase else None)


def register_anchor(group: typer.Typer) -> None:
    """Add ``anchor`` and ``verify-anchor`` to the ``evidence`` group."""

    @group.command("anchor")
    def anchor(
        db: str = typer.Argument(..., help="Audit database: an SQLite file or a SQLAlchemy URL."),
        signing_key: Path = typer.Option(
            ..., "--signing-key", envvar="DFGOV_SIGNING_KEY",
            help="Private key (PEM, Ed25519 or SM2; passphrase in "
                 "$DFGOV_SIGNING_KEY_PASSPHRASE) that signs the anchor."),
        out: Path = typer.Option(..., "--out", help="Where to write the signed anchor (JSON)."),
        note: str | None = typer.Option(None, "--note", show_default=False,
                                        help="Free text kept in the anchor (e.g. a ticket)."),
        key_file: Path | None = typer.Option(
            None, "--key-file", envvar="DFGOV_AUDIT_KEY_FILE", show_default=False,
            help="File holding the log's HMAC key (raw bytes), for keyed logs."),
        table: str = typer.Option("dfgov_audit_events", "--table", help="Events table of the log."),
    ) -> None:
        """Sign the audit log's current head hash; keep the file outside the database."""
        from dfgov.audit import sign_anchor
        from dfgov.cli._audit import _open
        from dfgov.errors import InputFileError

        if out.exists():
            raise InputFileError(f"{str(out)!r} exists; choose a new file for the anchor.")
        signer = read_signer(signing_key, "--signing-key")
        log = _open(db, table, key_file)
        try:
            doc = sign_anchor(log, signer, note=note)
        finally:
            log.close()
        out.write_text(json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        body = doc["anchor"]
        typer.echo(f"events={body['events']}  head={body['head']}  "
                   f"algorithm={doc['signature_algorithm']}  key_id={doc['key_id']}")

    @group.command("verify-anchor")
    def verify_anchor_cmd(
        db: str = typer.Argument(..., help="Audit database: an SQLite file or a SQLAlchemy URL."),
        anchor_file: Path = typer.Argument(..., help="Signed anchor written by 'evidence anchor'."),
        public_key: Path = typer.Option(
            ..., "--public-key", envvar="DFGOV_EVIDENCE_PUBLIC_KEY",
            help="PEM public key you trust (Ed25519 or SM2)."),
        key_file: Path | None = typer.Option(
            None, "--key-file", envvar="DFGOV_AUDIT_KEY_FILE", show_default=False,
            help="File holding the log's HMAC key (raw bytes), for keyed logs."),
        table: str = typer.Option("dfgov_audit_events", "--table", help="Events table of the log."),
        lang: str = typer.Option("en", "--lang", help="Language of the message: en or zh-CN."),
    ) -> None:
        """Check the anchor's signature, then the log against it. Exit 0 ok, 1 not, 2 error."""
        from dfgov.audit import verify_anchor
        from dfgov.cli._audit import _open
        from dfgov.i18n import check_lang

        check_lang(lang)
        log = _open(db, table, key_file)
        try:
            result = verify_anchor(log, anchor_file, public_key)
        finally:
            log.close()
        typer.echo(f"{'ok' if result.ok else 'TAMPERED'}  events={result.events}  "
                   f"code={result.code or '-'}")
        if result.message is not None:
            typer.echo(result.message.get(lang), err=True)
        raise typer.Exit(0 if result.ok else 1)
