"""``dfgov waiver``: risk acceptances — request, approve, reject, revoke, list, report, export.

A refused request or approval (non-waivable control, too long, no
compensating control, self-approval) exits 1 with the reason on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from dfgov.cli._output import FORMAT, OUTPUT
from dfgov.cli._review import aware, emit_report, open_store, refusals, store_options
from dfgov.render import Format

if TYPE_CHECKING:
    from dfgov.clock import Clock
    from dfgov.report import Report
    from dfgov.review import Waiver, WaiverRegister

__all__ = ["apply_gate_waivers", "register"]


def apply_gate_waivers(report: Report, source: str, *, model_id: str | None,
                       model_version: str | None, policy: Path | None, audit_db: str | None,
                       actor: str | None, clock: Clock | None = None) -> Report:
    """``dfgov gate --waivers``: apply a waiver file's or database's waivers to the report.

    Each use is an audit event in ``--audit-db``, by default the waiver
    database itself; a waiver file therefore needs ``--audit-db``. Applied
    and ineffective waivers are listed on stderr (the report says it too).
    """
    import sys

    from dfgov.audit import AuditLog
    from dfgov.errors import InvalidInputError
    from dfgov.policy import Policy
    from dfgov.review import load_waivers
    from dfgov.waivers import apply_waivers

    if not model_id or not model_version:
        raise InvalidInputError(
            "--waivers needs --model-id and --model-version: a waiver covers one model version.")
    is_file = source.lower().endswith(".json")
    if is_file and not audit_db:
        raise InvalidInputError(
            "--waivers FILE needs --audit-db: every use of a waiver is an audit-log event.")
    waivers = load_waivers(source)
    log = AuditLog(audit_db or source)
    try:
        pol = Policy.load(policy) if policy is not None else Policy.default()
        out, decisions = apply_waivers(report, waivers, model=model_id, version=model_version,
                                       policy=pol, audit=log, actor=actor, clock=clock)
    finally:
        log.close()
    for d in decisions:
        if d.outcome != "unused":
            sys.stderr.write(f"waiver {d.waiver_id}: {d.outcome} — {d.message.en}\n")
    return out


def register(app: typer.Typer) -> None:
    """Add the ``waiver`` group to ``app``."""
    group = typer.Typer(help="Risk acceptance (waivers) of failing findings: one finding, one "
                        "model version, an expiry, an approver other than the requester.",
                        no_args_is_help=True)
    db_opt, pol_opt, at_opt = store_options("\\[waivers] rules")

    @group.command("request")
    def request(
        waiver_id: str = typer.Option(..., "--id", help="Waiver id, e.g. W-2026-001."),
        control: str = typer.Option(..., "--control", help="Control id of the finding, e.g. "
                                    "fairness.four_fifths_rule."),
        subject: str | None = typer.Option(None, "--subject", help="The finding's subject "
                                           "(e.g. sex). Default: none."),
        fingerprint: str | None = typer.Option(None, "--fingerprint", help="The finding's "
                                               "fingerprint, to name exactly one finding. "
                                               "Default: match control and subject."),
        model: str = typer.Option(..., "--model", help="Model id."),
        version: str = typer.Option(..., "--version", help="Model version covered."),
        model_fingerprint: str | None = typer.Option(
            None, "--model-fingerprint", help="Pin the exact fitted model (the report's "
            "fingerprints.model). Default: any build of the version."),
        reason: str = typer.Option(..., "--reason", help="Why the risk is accepted."),
        compensating: list[str] = typer.Option([], "--compensating", help="A compensating "
                                               "control (repeatable)."),
        requester: str = typer.Option(..., "--requester", help="Who asks."),
        expires: datetime = typer.Option(..., "--expires", formats=["%Y-%m-%d"],
                                         help="Last day the waiver holds (YYYY-MM-DD)."),
        valid_from: datetime | None = typer.Option(None, "--valid-from", formats=["%Y-%m-%d"],
                                                   help="First day. Default: today."),
        dossier: str | None = typer.Option(None, "--review", help="The compliance review it "
                                           "belongs to. Default: none."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Request a waiver; it has no effect until someone else approves it."""
        with open_store(db, policy) as store, refusals():
            w = store.waivers.request(
                id=waiver_id, control=control, subject=subject,
                finding_fingerprint=fingerprint, model=model, version=version,
                model_fingerprint=model_fingerprint, reason=reason,
                compensating_controls=compensating, requester=requester,
                expires=expires.date(), valid_from=valid_from.date() if valid_from else None,
                dossier_id=dossier, at=aware(at))
        typer.echo(f"{w.id}: requested ({w.target}, {w.model}@{w.version}, until "
                   f"{w.expires.isoformat()})")

    def decision(name: str, doc: str, who: tuple[str, str], why: tuple[str, str, str | None],
                 act: Callable[[WaiverRegister, str, str, str, datetime | None], Waiver],
                 said: Callable[[Waiver], str]) -> None:
        """Register one decision on a waiver: ``dfgov waiver approve|reject|revoke ID``.

        ``who`` and ``why`` are (flag, help) of the person deciding and of the note
        (with its default; None: required); ``act`` makes the decision in the register.
        """
        def command(
            waiver_id: str = typer.Argument(..., help="Waiver id."),
            person: str = typer.Option(..., who[0], help=who[1]),
            note: str = typer.Option(... if why[2] is None else why[2], why[0], help=why[1]),
            db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
        ) -> None:
            with open_store(db, policy) as store, refusals():
                w = act(store.waivers, waiver_id, person, note, aware(at))
            typer.echo(said(w))

        command.__doc__ = doc
        group.command(name)(command)

    decision("approve", "Approve a requested waiver.",
             ("--approver", "Who accepts the risk (never the requester)."),
             ("--note", "Note. Default: none.", ""),
             lambda reg, wid, who, why, at: reg.approve(wid, approver=who, note=why, at=at),
             lambda w: f"{w.id}: approved by {w.approver} until {w.expires.isoformat()}")
    decision("reject", "Reject a requested waiver.",
             ("--approver", "Who decides."), ("--note", "Why it is rejected.", None),
             lambda reg, wid, who, why, at: reg.reject(wid, approver=who, note=why, at=at),
             lambda w: f"{w.id}: rejected")
    decision("revoke", "End an approved waiver before its expiry.",
             ("--actor", "Who revokes it."), ("--reason", "Why.", None),
             lambda reg, wid, who, why, at: reg.revoke(wid, actor=who, reason=why, at=at),
             lambda w: f"{w.id}: revoked")

    @group.command("list")
    def list_(
        status: str | None = typer.Option(None, "--status", help="requested, approved, "
                                          "rejected or revoked. Default: all."),
        model: str | None = typer.Option(None, "--model", help="Only this model. Default: "
                                         "all."),
        as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """List waivers: id, status, finding, model version, expiry."""
        with open_store(db, policy) as store:
            items = store.waivers.all(status=status, model=model)
        for w in items:
            if as_json:
                typer.echo(json.dumps(w.model_dump(mode="json"), ensure_ascii=False))
            else:
                typer.echo(f"{w.id}\t{w.status}\t{w.target}\t{w.model}@{w.version}\t"
                           f"{w.expires.isoformat()}\t{w.approver or '-'}")
        typer.echo(f"{len(items)} waiver(s)", err=True)

    @group.command("report")
    def report(
        as_of: datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                              help="Day judged. Default: today."),
        formats: list[Format] = FORMAT,
        outputs: list[str] = OUTPUT,
        lang: str = typer.Option("en", "--lang", help="Language: en or zh-CN."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """Active and expiring waivers as a report (en or zh-CN)."""
        with open_store(db, policy) as store:
            rep = store.waivers.report(as_of.date() if as_of else None)
        emit_report(rep, formats, outputs, lang)

    @group.command("export")
    def export(
        out: Path = typer.Argument(..., help="Waiver file to write (.json), for "
                                   "'dfgov gate --waivers FILE'."),
        status: str | None = typer.Option("approved", "--status", help="Only this status "
                                          "('all' for every one). Default: approved."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """Write waivers to a JSON file the gate can read."""
        from dfgov.review import dump_waivers

        with open_store(db, policy) as store:
            items = store.waivers.all(status=None if status == "all" else status)
        out.write_text(dump_waivers(items), encoding="utf-8")
        typer.echo(f"wrote {len(items)} waiver(s) to {out}", err=True)

    app.add_typer(group, name="waiver")
