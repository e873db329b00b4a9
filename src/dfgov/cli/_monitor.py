"""``dfgov monitor``: a model's monitoring history — init, add a period, add labels, report.

Exit codes: ``init``, ``add`` and ``labels`` 0 when stored, 2 for bad usage or
unreadable input; ``report`` is a gate: 0 when no trend finding fails, 1 when
one does (a drift shift, a confirmed disparity, a performance drop), 2 for
bad usage.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dfgov.cli._output import FORMAT, LEGACY, OUTPUT, env_option
from dfgov.render import Format

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.monitoring import Monitor

__all__ = ["register"]

_DB = typer.Option("governance.db", "--db", envvar="DFGOV_DB",
                   help="Governance database: an SQLite file or a SQLAlchemy URL.")
_MODEL_ID = typer.Option(..., "--model-id", envvar="DFGOV_MODEL_ID",
                         help="Model id (as in the model inventory).")
_VERSION = typer.Option("1", "--version", envvar="DFGOV_MODEL_VERSION", help="Model version.")
_POLICY = env_option("--policy", "Policy file: monitoring, fairness and assessment sections "
                     "(decision vocabulary).")
_MODEL = typer.Option(None, "--model", show_default=False,
                      help="Fitted model (.skops) giving the scores (instead of --score-column).")
_TRUST_PICKLE = typer.Option(False, "--trust-pickle",
                             help="Allow pickle/joblib models (runs code!).")
_SCORE = typer.Option(None, "--score-column", show_default=False,
                      help="Column of scores: the probability of the policy's score label.")
_PRED = typer.Option(None, "--prediction-column", show_default=False,
                     help="Column of decisions (labels); default: from the scores and the "
                     "policy's decision threshold.")
_PERIOD = typer.Option(..., "--period", help="Period: YYYY-MM (monthly) or YYYY-Qn (quarterly).")
_AS_OF = typer.Option(None, "--as-of", show_default=False,
                      help="Date recorded or judged (YYYY-MM-DD); default today.")


def _monitor(db: str, model_id: str, version: str, policy: Path | None,
             clock: Clock | None = None) -> Monitor:
    from dfgov.monitoring import Monitor
    from dfgov.policy import Policy

    pol = Policy.load(policy) if policy is not None else Policy.default()
    return Monitor(db, model_id=model_id, version=version, policy=pol, clock=clock)


def _model(path: Path | None, trust_pickle: bool) -> Any:
    if path is None:
        return None
    from dfgov.model_risk.validation import load_model

    return load_model(path, trust_pickle=trust_pickle)


def _store_batch(what: str, data: Path, where: tuple[str, str, str, Path | None],
                 write: Callable[[Monitor, pd.DataFrame], int]) -> None:
    """Read ``--data``, then write it to the monitor ``where`` names; say which revision."""
    frame = _read(data, "--data")
    with _monitor(*where) as mon:
        rev = write(mon, frame)
    typer.echo(f"{what} stored: {len(frame)} rows, revision {rev}", err=True)


def _read(path: Path, option: str) -> pd.DataFrame:
    from dfgov.cli._io import read_table
    from dfgov.errors import InputFileError

    frame = read_table(path, option=option)
    if len(frame) == 0:
        raise InputFileError(f"{option}: no rows in {str(path)!r}.")
    return frame


def register(app: typer.Typer) -> None:
    """Add the ``monitor`` group to ``app``."""
    group = typer.Typer(help="Monitor a model over time: per-period statistics, late labels, "
                        "trend report.", no_args_is_help=True)

    @group.command("init")
    def init(
        reference: Path = typer.Option(..., "--reference",
                                       help="Reference (validation) sample, .csv or .parquet."),
        target: str = typer.Option(..., "--target", help="Column of outcomes."),
        sensitive: str = typer.Option(None, "--sensitive", show_default=False,
                                      help="Sensitive columns, comma-separated (default: the "
                                      "policy's fairness.sensitive_features)."),
        features: str = typer.Option(None, "--features", show_default=False,
                                     help="Feature columns tracked for stability, "
                                     "comma-separated (default: the model's, else all others)."),
        score_column: str = _SCORE, model: Path | None = _MODEL,
        trust_pickle: bool = _TRUST_PICKLE,
        db: str = _DB, model_id: str = _MODEL_ID, version: str = _VERSION,
        policy: Path | None = _POLICY,
    ) -> None:
        """Start monitoring a model version: record its reference bins and baseline."""
        from dfgov.cli._io import split_columns

        frame = _read(reference, "--reference")
        with _monitor(db, model_id, version, policy) as mon:
            mon.start(frame, y_true=target, y_score=score_column,
                      model=_model(model, trust_pickle),
                      sensitive_features=split_columns(sensitive),
                      features=split_columns(features) or None)
        typer.echo(f"monitoring started: {model_id}@{version} ({len(frame)} reference rows)",
                   err=True)

    @group.command("add")
    def add(
        period: str = _PERIOD,
        data: Path = typer.Option(..., "--data", help="The period's applications (.csv/.parquet)."),
        score_column: str = _SCORE, prediction_column: str = _PRED,
        model: Path | None = _MODEL,
        trust_pickle: bool = _TRUST_PICKLE,
        replace: bool = typer.Option(False, "--replace",
                                     help="Record a new revision of a period already added."),
        as_of: str = _AS_OF, db: str = _DB, model_id: str = _MODEL_ID,
        version: str = _VERSION, policy: Path | None = _POLICY,
    ) -> None:
        """Add one period's applications (stored as statistics, never as rows)."""
        _store_batch(f"period {period}", data, (db, model_id, version, policy),
                     lambda mon, frame: mon.add_period(
                         period, frame, y_pred=prediction_column, y_score=score_column,
                         model=_model(model, trust_pickle), as_of=as_of, replace=replace))

    @group.command("labels")
    def labels(
        period: str = _PERIOD,
        data: Path = typer.Option(..., "--data",
                                  help="Outcomes of the period's applications (.csv/.parquet)."),
        target: str = typer.Option(..., "--target", help="Column of outcomes."),
        score_column: str = _SCORE, prediction_column: str = _PRED,
        model: Path | None = _MODEL,
        trust_pickle: bool = _TRUST_PICKLE,
        label_date_column: str = typer.Option(None, "--label-date-column", show_default=False,
                                              help="Column of the date each label became "
                                              "final (maturity by date instead of by months)."),
        append: bool = typer.Option(False, "--append",
                                    help="Add to the period's earlier outcomes instead of "
                                    "replacing them (a new revision either way)."),
        as_of: str = _AS_OF, db: str = _DB, model_id: str = _MODEL_ID,
        version: str = _VERSION, policy: Path | None = _POLICY,
    ) -> None:
        """Record a batch of outcome labels of one period (a new revision)."""
        _store_batch(f"labels of {period}", data, (db, model_id, version, policy),
                     lambda mon, frame: mon.add_labels(
                         period, frame, y_true=target, y_pred=prediction_column,
                         y_score=score_column, model=_model(model, trust_pickle),
                         label_dates=label_date_column, as_of=as_of,
                         mode="append" if append else "replace"))

    @group.command("report")
    def report(
        as_of: str = _AS_OF, db: str = _DB, model_id: str = _MODEL_ID,
        version: str = _VERSION, policy: Path | None = _POLICY,
        formats: list[Format] = FORMAT, outputs: list[str] = OUTPUT,
        json_out: str = LEGACY["--json"], html: str = LEGACY["--html"],
        markdown: str = LEGACY["--markdown"], junit: str = LEGACY["--junit"],
        lang: str = typer.Option("en", "--lang", help="Report language: en or zh-CN."),
        fixed_time: str = typer.Option(None, "--fixed-time", show_default=False,
                                       help="Fix the report's timestamps (ISO time) for "
                                       "byte-identical re-runs."),
    ) -> None:
        """The report over time; exit 1 when a trend finding fails (a gate)."""
        from dfgov.cli._output import finish, legacy_paths, targets
        from dfgov.i18n import check_lang

        check_lang(lang)
        chosen = targets(formats, outputs, legacy=legacy_paths(
            json=json_out, junit=junit, html=html, markdown=markdown))
        from dfgov.cli._gate import fixed_clock
        from dfgov.errors import InvalidInputError

        with _monitor(db, model_id, version, policy, fixed_clock(fixed_time)) as mon:
            rep = mon.report(as_of=as_of)
        if not rep.metadata.get("periods"):
            raise InvalidInputError(
                f"No period of {model_id}@{version} has been added yet; nothing can be judged "
                "(add periods with 'dfgov monitor add').")
        finish(rep, chosen, lang=lang)

    app.add_typer(group, name="monitor")
