"""``dfgov vendor``: the outsourcing register — import, list, show, transition, review, export."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dfgov.cli._output import FORMAT, OUTPUT
from dfgov.render import Format

if TYPE_CHECKING:
    from dfgov.outsourcing import OutsourcingRegistry

__all__ = ["register"]

_DB_HELP = "Register database: an SQLite file or a SQLAlchemy URL."
_DB_DEFAULT = "governance.db"


class Register(StrEnum):
    """Registers ``dfgov vendor export`` writes."""

    dora = "dora"
    eba = "eba"
    ledger = "ledger"
    annual = "annual"


def _read_json(path: Path, option: str) -> Any:
    from dfgov.errors import InputFileError

    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"{option}: cannot read {str(path)!r} as JSON ({exc.__class__.__name__})."
        ) from None


def _records(items: list[dict[str, Any]], option: str) -> list[Any]:
    from dfgov.errors import InvalidInputError
    from dfgov.outsourcing import CASE_RECORDS

    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InvalidInputError(f"{option}: records[{i}] must be an object.")
        data = dict(item)
        kind = data.pop("kind", None)
        if kind not in CASE_RECORDS:
            raise InvalidInputError(
                f"{option}: records[{i}].kind must be one of {sorted(CASE_RECORDS)}.")
        out.append(CASE_RECORDS[kind].model_validate(data))
    return out


def _open(db: str, *, audit: bool) -> tuple[OutsourcingRegistry, Any]:
    from dfgov.outsourcing import OutsourcingRegistry

    log = None
    if audit:
        from dfgov.audit import AuditLog

        log = AuditLog(db)
    return OutsourcingRegistry(db, audit=log), log


def register(app: typer.Typer) -> None:
    """Add the ``vendor`` group to ``app``."""
    group = typer.Typer(help="Outsourcing (external partner) register and lifecycle.",
                        no_args_is_help=True)

    @group.command("import")
    def import_(
        file: Path = typer.Argument(..., help="JSON with 'providers', 'functions', "
                                    "'arrangements' and 'records' (each record has a 'kind')."),
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
    ) -> None:
        """Add providers, functions, new arrangements and their records (all or nothing)."""
        from dfgov.errors import InvalidInputError
        from dfgov.outsourcing import Arrangement, BusinessFunction, Provider

        data = _read_json(file, "FILE")
        if not isinstance(data, dict):
            raise InvalidInputError("FILE must hold a JSON object.")
        provs = [Provider.model_validate(p) for p in data.get("providers", [])]
        funcs = [BusinessFunction.model_validate(x) for x in data.get("functions", [])]
        arrs = [Arrangement.model_validate(a) for a in data.get("arrangements", [])]
        recs = _records(data.get("records", []), "FILE")
        reg, _ = _open(db, audit=False)
        with reg:
            reg.add_many(providers=provs, functions=funcs, arrangements=arrs, records=recs)
        typer.echo(f"imported {len(provs)} providers, {len(funcs)} functions, "
                   f"{len(arrs)} arrangements, {len(recs)} records", err=True)

    @group.command("list")
    def list_(
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
        status: str | None = typer.Option(None, "--status", help="Only this state. Default: all."),
        as_json: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
    ) -> None:
        """List arrangements: id, provider, status, importance, annual cost."""
        from dfgov._validate import check_choice
        from dfgov.outsourcing import STATES

        wanted = None if status is None else check_choice(
            status, STATES, caller="dfgov vendor list", parameter="--status")
        reg, _ = _open(db, audit=False)
        with reg:
            arrs = reg.arrangements(status=wanted)
        for a in arrs:
            if as_json:
                typer.echo(json.dumps({"id": a.id, "provider_id": a.provider_id,
                                       "status": a.status, "important": a.important,
                                       "annual_cost": a.annual_cost, "currency": a.currency}))
            else:
                flag = "important" if a.important else "-"
                typer.echo(f"{a.id}\t{a.provider_id}\t{a.status}\t{flag}\t"
                           f"{a.annual_cost:,.2f} {a.currency}")
        typer.echo(f"{len(arrs)} arrangement(s)", err=True)

    @group.command("show")
    def show(
        arrangement_id: str = typer.Argument(..., help="Arrangement id."),
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
    ) -> None:
        """Print an arrangement's whole dossier (records and history) as JSON."""
        reg, _ = _open(db, audit=False)
        with reg:
            case = reg.case(arrangement_id)
        typer.echo(case.model_dump_json(indent=2))

    @group.command("transition")
    def transition(
        arrangement_id: str = typer.Argument(..., help="Arrangement id."),
        to: str = typer.Argument(..., help="Target state, e.g. approved, contracted, exited."),
        actor: str = typer.Option(..., "--actor", help="Who performs the transition."),
        evidence: Path | None = typer.Option(
            None, "--evidence", help="JSON evidence file: TransitionEvidence fields and an "
            "optional 'records' list attached with the transition. Default: none."),
        at: datetime | None = typer.Option(None, "--at", help="When (ISO). Default: now."),
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
        audit: bool = typer.Option(True, "--audit/--no-audit",
                                   help="Append the transition to the audit log in the same "
                                        "database. Default: --audit."),
    ) -> None:
        """Move an arrangement to another state; refused (exit 2) when evidence is missing."""
        from dfgov._validate import check_choice
        from dfgov.clock import now
        from dfgov.errors import InvalidInputError
        from dfgov.outsourcing import STATES, TransitionEvidence

        when = at or now()
        if when.tzinfo is None:
            raise InvalidInputError("--at must carry a time zone, e.g. 2025-03-03T10:00+00:00.")
        raw = _read_json(evidence, "--evidence") if evidence else {}
        if not isinstance(raw, dict):
            raise InvalidInputError("--evidence must hold a JSON object.")
        recs = _records(raw.pop("records", []), "--evidence")
        ev = TransitionEvidence.model_validate(raw)
        target = check_choice(to, STATES, caller="dfgov vendor transition", parameter="TO")
        reg, log = _open(db, audit=audit)
        try:
            with reg:
                case = reg.case(arrangement_id)
                # check first with the attached records, so a refusal writes nothing
                reg.lifecycle.check(case.add(*recs), target, ev, as_of=when.date())
                version = case.version
                if recs:
                    version = reg.add_records(arrangement_id, *recs, expected_version=version)
                new = reg.transition(arrangement_id, target, actor=actor, evidence=ev, at=when,
                                     expected_version=version)
        finally:
            if log is not None:
                log.close()
        typer.echo(f"{arrangement_id}: {case.status} -> {new.status}")

    @group.command("review")
    def review(
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
        as_of: datetime | None = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                                              help="Review date. Default: today."),
        policy: Path | None = typer.Option(None, "--policy", help="Policy file. Default: none."),
        formats: list[Format] = FORMAT,
        outputs: list[str] = OUTPUT,
        lang: str = typer.Option("en", "--lang", help="en or zh-CN. Default: en."),
    ) -> None:
        """Continuous assessment of every arrangement. Exit 1 when a control fails."""
        from dfgov.cli._output import targets, write_targets
        from dfgov.i18n import check_lang
        from dfgov.outsourcing import OutsourcingReview
        from dfgov.policy import Policy

        check_lang(lang)
        chosen = targets(formats, outputs)
        pol = Policy.load(policy) if policy else None
        reg, _ = _open(db, audit=False)
        with reg:
            portfolio = reg.portfolio()
        rep = OutsourcingReview(pol).run(portfolio, as_of=as_of.date() if as_of else None)
        write_targets(rep, chosen, lang=lang)
        counts = rep.counts()
        typer.echo(f"review: {rep.status.value} ({counts['fail']} fail, {counts['warn']} warn)",
                   err=True)
        raise typer.Exit(rep.exit_code)

    @group.command("export")
    def export(
        kind: Register = typer.Argument(..., help="dora (xBRL-CSV .zip), eba (CSV), "
                                        "ledger (CSV) or annual (report: .json/.md/.html)."),
        out: Path = typer.Option(..., "--out", help="Output file."),
        db: str = typer.Option(_DB_DEFAULT, "--db", help=_DB_HELP),
        entity: Path | None = typer.Option(None, "--entity", help="JSON ReportingEntity "
                                           "(dora only)."),
        reference_date: datetime | None = typer.Option(
            None, "--reference-date", formats=["%Y-%m-%d"],
            help="DORA reference date. Default: today."),
        year: int | None = typer.Option(None, "--year", help="Annual report year. "
                                        "Default: the current year."),
        lang: str = typer.Option("zh-CN", "--lang", help="Ledger/annual language. "
                                 "Default: zh-CN."),
    ) -> None:
        """Write a regulator register: DORA package, EBA register, China ledger or report."""
        from dfgov.clock import now
        from dfgov.errors import InvalidInputError
        from dfgov.i18n import check_lang
        from dfgov.outsourcing.registers import (
            RegisterData,
            ReportingEntity,
            china_annual_report,
            china_ledger,
            eba_register,
            export_dora_package,
        )

        check_lang(lang)
        reg, _ = _open(db, audit=False)
        with reg:
            cases, functions = reg.cases(), reg.functions()
            providers = reg.providers()
        if kind is Register.dora:
            if entity is None:
                raise InvalidInputError("--entity is required for the dora register.")
            ent = ReportingEntity.model_validate(_read_json(entity, "--entity"))
            ref = reference_date.date() if reference_date else now().date()
            export_dora_package(RegisterData.from_cases(cases, functions, providers=providers),
                                ent, out, reference_date=ref)
        elif kind is Register.eba:
            eba_register(cases, functions=functions, path=out)
        elif kind is Register.ledger:
            china_ledger(cases, lang=lang, path=out)
        else:
            china_annual_report(cases, year or now().year).save(out, lang=lang)
        typer.echo(f"wrote {out}", err=True)

    app.add_typer(group, name="vendor")


