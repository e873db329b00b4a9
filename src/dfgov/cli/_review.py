"""``dfgov review``: compliance review of new business — dossier, evidence, workflow, report.

A refused step (missing, stale or failing evidence; a four-eyes rule) exits 1
with the reason on stderr; bad usage or unreadable input exits 2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dfgov.cli._output import format_option, output_option
from dfgov.render import Format

if TYPE_CHECKING:
    from dfgov.report import Report
    from dfgov.review import ReviewStore

__all__ = ["aware", "emit_report", "open_store", "refusals", "register", "store_options"]

DB_HELP = "Governance database: an SQLite file or a SQLAlchemy URL (shared with the audit " \
    "log and the other registers)."
DB_DEFAULT = "governance.db"
AT_HELP = "When it happens, e.g. 2026-03-01T09:00+08:00. Default: now (or SOURCE_DATE_EPOCH)."
AT_FORMATS = ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"]


def open_store(db: str, policy: Path | None) -> ReviewStore:
    """The review store of ``db`` under the policy file (defaults without one)."""
    from dfgov.policy import Policy
    from dfgov.review import ReviewStore

    return ReviewStore(db, policy=Policy.load(policy) if policy else None)


def emit_report(report: Report, formats: list[Format], outputs: list[str], lang: str) -> None:
    """The report per ``--format``/``--output`` (stdout by default); a one-line summary to
    stderr."""
    from dfgov.cli._output import targets, write_targets
    from dfgov.i18n import check_lang

    lang = check_lang(lang)
    write_targets(report, targets(formats, outputs), lang=lang)
    c = {k: v for k, v in report.counts().items() if v}
    typer.echo(f"{report.status.value}: " + ", ".join(f"{v} {k}" for k, v in c.items()),
               err=True)


def store_options(section: str) -> tuple[Any, Any, Any]:
    """The ``--db``, ``--policy`` and ``--at`` options of a store's commands.

    ``section`` says what the policy file sets, e.g. ``"\\[waivers] rules"``.
    """
    return (typer.Option(DB_DEFAULT, "--db", envvar="DFGOV_DB", help=DB_HELP),
            typer.Option(None, "--policy", envvar="DFGOV_POLICY",
                         help=f"Policy file ({section}). Default: built-in."),
            typer.Option(None, "--at", help=AT_HELP, formats=AT_FORMATS))


@contextmanager
def refusals() -> Iterator[None]:
    """Turn a refused step (LifecycleError, not a conflict) into exit 1 with its reason."""
    from dfgov.errors import ConflictError, LifecycleError

    try:
        yield
    except ConflictError:
        raise
    except LifecycleError as exc:
        typer.echo(f"dfgov: refused: {exc}", err=True)
        raise typer.Exit(1) from None


def aware(value: datetime | None) -> datetime | None:
    """``--at`` checked to carry a time zone."""
    from dfgov.errors import InvalidInputError

    if value is not None and value.tzinfo is None:
        raise InvalidInputError("--at must carry a time zone, e.g. 2026-03-01T09:00+08:00.")
    return value


def _read(path: Path, option: str) -> Any:
    import tomllib

    from dfgov.errors import InputFileError

    try:
        raw = path.read_text(encoding="utf-8")
        return tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputFileError(f"{option}: cannot read {str(path)!r} ({exc.__class__.__name__})."
                             ) from None


def _evidence(path: Path, kind: str) -> Any:
    """The evidence object in a JSON file of ``kind``."""
    from dfgov.errors import InputFileError, InvalidInputError
    from dfgov.model_risk.disclosure import AlgorithmDisclosure
    from dfgov.report import Report
    from dfgov.review import ImpactAssessment

    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"FILE: cannot read {str(path)!r} ({exc.__class__.__name__})."
                             ) from None
    if kind == "disclosure":
        return AlgorithmDisclosure.from_json(raw)
    if kind == "impact_assessment":
        return ImpactAssessment.model_validate_json(raw)
    if kind in ("model_risk_report", "data_protection_scan", "data_security_assessment"):
        return Report.from_json(raw)
    raise InvalidInputError(
        "--kind must be one of model_risk_report, data_protection_scan, "
        "data_security_assessment, disclosure, impact_assessment.")


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def register(app: typer.Typer) -> None:
    """Add the ``review`` group to ``app``."""
    group = typer.Typer(help="Compliance review of new business: dossier, evidence-gated "
                        "workflow with four-eyes sign-offs, conditions, post-launch reviews.",
                        no_args_is_help=True)
    db_opt, pol_opt, at_opt = store_options("\\[review] checklists")
    as_of_opt = typer.Option(None, "--as-of", formats=["%Y-%m-%d"],
                             help="Day judged (YYYY-MM-DD). Default: today.")
    fmt_opt = format_option()
    out_opt = output_option()
    lang_opt = typer.Option("en", "--lang", help="Language: en or zh-CN.")

    @group.command("create")
    def create(
        file: Path = typer.Argument(..., help="Dossier (.json or .toml): id, product, "
                                    "product_type, owner, models, datasets, arrangements, "
                                    "data_flows."),
        actor: str = typer.Option(..., "--actor", help="Who opens the review."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Open a review of a new product (state draft)."""
        from dfgov.review import Dossier

        dossier = Dossier.model_validate(_read(file, "FILE"))
        with open_store(db, policy) as store:
            store.create(dossier, actor=actor, at=aware(at))
        typer.echo(f"{dossier.id}: draft")

    @group.command("attach")
    def attach(
        review_id: str = typer.Argument(..., help="Review id."),
        file: Path = typer.Argument(..., help="Evidence JSON: a report (Report.save), an "
                                    "algorithm disclosure, or an impact assessment."),
        kind: str = typer.Option(..., "--kind", help="model_risk_report, data_protection_scan, "
                                 "data_security_assessment, disclosure or impact_assessment."),
        subject: str | None = typer.Option(None, "--subject", help="Model key (id@version) or "
                                           "dataset name. Default: inferred when one fits."),
        actor: str = typer.Option(..., "--actor", help="Who adds the evidence."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Store a piece of evidence and link it to the review (prints its digest)."""
        obj = _evidence(file, kind)
        with open_store(db, policy) as store, refusals():
            link = store.attach(review_id, obj, kind=kind, subject=subject,  # type: ignore[arg-type]
                                actor=actor, at=aware(at))
        typer.echo(f"{link.kind} {link.subject} {link.ref}")

    @group.command("link")
    def link(
        review_id: str = typer.Argument(..., help="Review id."),
        digest: str = typer.Argument(..., help="SHA-256 digest of evidence already stored."),
        kind: str = typer.Option(..., "--kind", help="Evidence kind."),
        subject: str = typer.Option(..., "--subject", help="Model key or dataset name."),
        actor: str = typer.Option(..., "--actor", help="Who links it."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Link evidence already in the store (e.g. attached to another review) by digest."""
        with open_store(db, policy) as store, refusals():
            got = store.link(review_id, kind, digest, subject=subject,  # type: ignore[arg-type]
                             actor=actor, at=aware(at))
        typer.echo(f"{got.kind} {got.subject} {got.ref}")

    def _move(name: str, help_text: str, *, reason: bool) -> None:
        def command(
            review_id: str = typer.Argument(..., help="Review id."),
            actor: str = typer.Option(..., "--actor", help="Who takes the step."),
            why: str = typer.Option("" if not reason else ..., "--reason",
                                    help="Why (recorded in the history and audit log)."),
            db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
        ) -> None:
            with open_store(db, policy) as store, refusals():
                before = store.case(review_id).state
                case = _step(store, name, review_id, actor, why, aware(at))
            typer.echo(f"{review_id}: {before} -> {case.state}")

        command.__doc__ = help_text
        group.command(name)(command)

    _move("submit", "draft -> submitted: every required piece of evidence must be linked.",
          reason=False)
    _move("start", "submitted -> under_review, by a reviewer other than the submitter.",
          reason=False)
    _move("approve", "under_review -> approved (or approved_with_conditions): evidence holds, "
          "every role signed.", reason=False)
    _move("reject", "under_review -> rejected.", reason=True)
    _move("return", "submitted or under_review (or rejected) -> draft, for rework.", reason=True)
    _move("launch", "approved -> launched: evidence holds, no condition past its deadline.",
          reason=False)
    _move("post-launch", "launched -> post_launch_review_due (when due, or early with a "
          "--reason).", reason=False)
    _move("complete", "post_launch_review_due -> launched: evidence holds, post-launch roles "
          "signed.", reason=False)
    _move("withdraw", "Withdraw the product (any open state).", reason=True)

    @group.command("sign")
    def sign(
        review_id: str = typer.Argument(..., help="Review id."),
        role: str = typer.Option(..., "--role", help="compliance, risk, legal, "
                                 "data_protection or business."),
        person: str = typer.Option(..., "--person", help="Who signs."),
        reject_: bool = typer.Option(False, "--reject", help="Sign a rejection. Default: "
                                     "approve."),
        comment: str = typer.Option("", "--comment", help="Comment. Default: none."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Record one role's sign-off in the current round (four eyes enforced)."""
        with open_store(db, policy) as store, refusals():
            store.sign_off(review_id, role, person=person, comment=comment, at=aware(at),
                           decision="reject" if reject_ else "approve")
        typer.echo(f"{review_id}: {role} {'rejected' if reject_ else 'approved'} by {person}")

    @group.command("condition")
    def condition(
        review_id: str = typer.Argument(..., help="Review id."),
        text: str = typer.Option(..., "--text", help="The condition."),
        deadline: datetime = typer.Option(..., "--deadline", formats=["%Y-%m-%d"],
                                          help="Deadline (YYYY-MM-DD)."),
        owner: str = typer.Option(..., "--owner", help="Who must meet it."),
        actor: str = typer.Option(..., "--actor", help="The reviewer setting it."),
        condition_id: str | None = typer.Option(None, "--id", help="Id. Default: C<n>."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Attach a condition with a deadline during a review."""
        with open_store(db, policy) as store, refusals():
            c = store.add_condition(review_id, text, deadline=deadline.date(), owner=owner,
                                    actor=actor, condition_id=condition_id, at=aware(at))
        typer.echo(f"{review_id}/{c.id}: due {c.deadline.isoformat()}")

    @group.command("meet")
    def meet(
        review_id: str = typer.Argument(..., help="Review id."),
        condition_id: str = typer.Argument(..., help="Condition id."),
        actor: str = typer.Option(..., "--actor", help="Who records it."),
        evidence: str = typer.Option(..., "--evidence", help="Reference of what shows it."),
        db: str = db_opt, policy: Path | None = pol_opt, at: datetime | None = at_opt,
    ) -> None:
        """Record that a condition is met."""
        with open_store(db, policy) as store, refusals():
            c = store.meet_condition(review_id, condition_id, actor=actor, evidence=evidence,
                                     at=aware(at))
        typer.echo(f"{review_id}/{c.id}: met on {c.met_on}")

    @group.command("check")
    def check(
        review_id: str = typer.Argument(..., help="Review id."),
        as_of: datetime | None = as_of_opt, formats: list[Format] = fmt_opt,
        outputs: list[str] = out_opt, lang: str = lang_opt,
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """The review's state and checklist as a report. Exit 1 when something fails."""
        with open_store(db, policy) as store:
            report = store.report(review_id, as_of=_day(as_of))
        emit_report(report, formats, outputs, lang)
        raise typer.Exit(report.exit_code)

    @group.command("show")
    def show(
        review_id: str = typer.Argument(..., help="Review id."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """Print the whole review (dossier, evidence, sign-offs, conditions, history) as JSON."""
        with open_store(db, policy) as store:
            typer.echo(store.case(review_id).model_dump_json(indent=2))

    @group.command("list")
    def list_(
        state: str | None = typer.Option(None, "--state", help="Only this state. Default: "
                                         "all."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """List reviews: id, state, product type, product, next post-launch review."""
        with open_store(db, policy) as store:
            cases = store.cases(state=state)
        for c in cases:
            due = c.next_review_due.isoformat() if c.next_review_due else "-"
            typer.echo(f"{c.id}\t{c.state}\t{c.dossier.product_type}\t{c.dossier.product}\t"
                       f"{due}")
        typer.echo(f"{len(cases)} review(s)", err=True)

    @group.command("due")
    def due(
        as_of: datetime | None = as_of_opt,
        within: int | None = typer.Option(None, "--within", help="Days counted as due soon. "
                                          "Default: [review] due_soon_days."),
        refresh: bool = typer.Option(False, "--refresh", help="Also open the post-launch "
                                     "reviews that are due (an audited step)."),
        db: str = db_opt, policy: Path | None = pol_opt,
    ) -> None:
        """Post-launch reviews, conditions and waiver expiries due. Exit 1 when overdue."""
        from dfgov.review import due_items

        with open_store(db, policy) as store:
            if refresh:
                for case in store.refresh(_day(as_of)):
                    typer.echo(f"{case.id}: post-launch review opened", err=True)
            items = due_items(store, _day(as_of), within_days=within)
        for i in items:
            typer.echo(f"{i.due.isoformat()}\t{i.status}\t{i.kind}\t{i.subject}\t"
                       f"{i.message.en}")
        overdue = sum(i.status == "overdue" for i in items)
        typer.echo(f"{len(items)} item(s) due, {overdue} overdue", err=True)
        raise typer.Exit(1 if overdue else 0)

    app.add_typer(group, name="review")


def _step(store: ReviewStore, name: str, review_id: str, actor: str, reason: str,
          at: datetime | None) -> Any:
    if name == "submit":
        return store.submit(review_id, actor=actor, at=at)
    if name == "start":
        return store.start_review(review_id, actor=actor, at=at)
    if name == "approve":
        return store.approve(review_id, actor=actor, at=at)
    if name == "launch":
        return store.launch(review_id, actor=actor, at=at)
    if name == "post-launch":
        return store.open_post_launch_review(review_id, actor=actor, reason=reason, at=at)
    if name == "complete":
        return store.complete_post_launch_review(review_id, actor=actor, at=at)
    to = {"reject": "rejected", "return": "draft", "withdraw": "withdrawn"}[name]
    return store.transition(review_id, to, actor=actor, reason=reason, at=at)
