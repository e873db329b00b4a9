"""``dfgov gate``: the CI gate over a model (or precomputed decisions) and a dataset.

Exit codes: 0 nothing fails, 1 a control fails, 2 bad usage or unreadable
input. Every option can also be set through a ``DFGOV_*`` environment
variable (shown in ``--help``).
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from dfgov.cli._output import (
    env_option,
    format_option,
    legacy_option,
    legacy_paths,
    output_option,
    print_summary,
    targets,
    wants_figures,
    write_targets,
)
from dfgov.render import Format

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.clock import Clock, FixedClock
    from dfgov.report import Report

__all__ = ["register", "run_gate"]

_FORMAT = format_option(envvar="DFGOV_FORMAT")
_OUTPUT = output_option(envvar="DFGOV_OUTPUT")
_POLICY = env_option("--policy", "Policy file (.toml or .json); defaults apply without one.")
_MODEL = env_option("--model", "Fitted model (.skops; .joblib/.pkl need --trust-pickle).")
_REFERENCE_DATA = env_option("--reference-data", "Reference (development) sample for PSI/CSI.")
_PDF = env_option("--pdf", "Write an A4 PDF of the HTML report here (needs Chromium).")
_AUDIT_KEY_FILE = env_option(
    "--audit-key-file",
    "File holding the HMAC key (raw bytes) of a keyed --audit-db log.")
_EVIDENCE = env_option(
    "--evidence",
    "Write a signed evidence bundle to this new directory (needs --signing-key).")
_SIGNING_KEY = env_option(
    "--signing-key",
    "Private key (PEM, Ed25519 or SM2: the algorithm is told from the key; "
    "passphrase in $DFGOV_SIGNING_KEY_PASSPHRASE) that signs the evidence; make one "
    "with 'dfgov evidence keygen'.")


def register(app: typer.Typer) -> None:
    """Add ``gate`` to ``app``."""

    @app.command("gate")
    def gate(
        data: Path = typer.Option(..., "--data", envvar="DFGOV_DATA",
                                  help="Evaluation data (.csv or .parquet)."),
        target: str = typer.Option(..., "--target", envvar="DFGOV_TARGET",
                                   help="Column of true labels."),
        sensitive: str = env_option(
            "--sensitive", "Sensitive columns, comma-separated (e.g. sex,age_band)."),
        policy: Path | None = _POLICY,
        model: Path | None = _MODEL,
        trust_pickle: bool = typer.Option(False, "--trust-pickle", envvar="DFGOV_TRUST_PICKLE",
                                          help="Allow loading pickle/joblib models (runs code!)."),
        trusted: list[str] = typer.Option(
            [], "--trusted", envvar="DFGOV_TRUSTED", show_default=False,
            help="Exact type name a .skops model may hold beyond the built-in list (e.g. "
            "xgboost.sklearn.XGBClassifier); repeatable. Only for types you vouch for; "
            "names that can run code are always refused."),
        reference_data: Path | None = _REFERENCE_DATA,
        prediction_column: str = env_option(
            "--prediction-column", "Column of precomputed decisions (no model)."),
        score_column: str = env_option(
            "--score-column", "Column of precomputed scores in [0, 1]."),
        formats: list[Format] = _FORMAT,
        outputs: list[str] = _OUTPUT,
        json_out: str = legacy_option("--json", Format.json, envvar="DFGOV_JSON"),
        junit: str = legacy_option("--junit", Format.junit, envvar="DFGOV_JUNIT"),
        html: str = legacy_option("--html", Format.html, envvar="DFGOV_HTML"),
        markdown: str = legacy_option("--markdown", Format.markdown, envvar="DFGOV_MARKDOWN"),
        pdf: Path | None = _PDF,
        lang: str = typer.Option("en", "--lang", envvar="DFGOV_LANG",
                                 help="Report language: en or zh-CN."),
        audit_db: str = env_option(
            "--audit-db",
            "Append the gate decision to this audit log (SQLite path or SQLAlchemy URL)."),
        audit_key_file: Path | None = _AUDIT_KEY_FILE,
        fixed_time: str = env_option(
            "--fixed-time", "Pin report timestamps (ISO 8601 or Unix seconds) for "
            "byte-identical re-runs; SOURCE_DATE_EPOCH also works."),
        actor: str = env_option(
            "--actor", "Who runs the gate (recorded in the audit log)."),
        evidence: Path | None = _EVIDENCE,
        signing_key: Path | None = _SIGNING_KEY,
        waivers: str = env_option(
            "--waivers",
            "Risk acceptances to apply: a waiver file (.json, 'dfgov waiver export') or "
            "a database with a waiver register. A valid waiver turns a failure into 'waived' "
            "(exit 0, never 'pass'); needs --model-id and --model-version."),
        model_id: str = env_option(
            "--model-id", "Model id (as the inventory and the waivers name it)."),
        model_version: str = env_option("--model-version", "Model version."),
    ) -> None:
        """Run the model-risk gate on a dataset and exit 0 (pass), 1 (fail) or 2 (error)."""
        from dfgov.cli._app import debug_enabled
        from dfgov.errors import InvalidInputError
        from dfgov.i18n import check_lang

        lang = check_lang(lang)
        chosen = targets(formats, outputs, implicit=pdf is None, legacy=legacy_paths(
            json=json_out, junit=junit, html=html, markdown=markdown))
        audit_key = _evidence_options(evidence, signing_key, audit_db, audit_key_file)
        clock = fixed_clock(fixed_time)
        if model is None and prediction_column is None and score_column is None:
            raise InvalidInputError(
                "dfgov gate needs --model, or --prediction-column/--score-column for "
                "precomputed decisions."
            )
        report = run_gate(
            data=data, target=target, sensitive=sensitive, policy=policy, model=model,
            trust_pickle=trust_pickle, trusted=tuple(trusted), reference_data=reference_data,
            prediction_column=prediction_column, score_column=score_column,
            audit_db=audit_db, actor=actor, figures=pdf is not None or wants_figures(chosen),
            audit_key=audit_key, debug=debug_enabled(), clock=clock,
        )
        if waivers is not None:
            from dfgov.cli._waiver import apply_gate_waivers

            report = apply_gate_waivers(report, waivers, model_id=model_id,
                                        model_version=model_version, policy=policy,
                                        audit_db=audit_db, actor=actor, clock=clock)
        write_targets(report, chosen, lang=lang)
        if pdf is not None:
            from dfgov.render import render_pdf

            render_pdf(report, pdf, lang=lang)
        if evidence is not None:
            _write_evidence(report, evidence, signing_key, policy, data, model, audit_db, actor,
                            audit_key, clock)
        print_summary(report, lang)
        raise typer.Exit(report.exit_code)


def _evidence_options(evidence: Path | None, signing_key: Path | None, audit_db: str | None,
                      audit_key_file: Path | None) -> bytes | None:
    """Check the evidence and audit options before any work; return the audit HMAC key.

    Evidence is only ever signed with a key the bank keeps: a throwaway key
    whose public half sits beside the bundle would let anyone re-sign a
    forged bundle, so ``--evidence`` without ``--signing-key`` is bad usage.
    """
    from dfgov.errors import InputFileError, InvalidInputError

    if evidence is not None and signing_key is None:
        raise InvalidInputError(
            "--evidence needs --signing-key: evidence is signed only with a key you keep "
            "(make one with 'dfgov evidence keygen'), so that a verifier can trust it."
        )
    if audit_key_file is None:
        return None
    if not audit_db:
        raise InvalidInputError("--audit-key-file needs --audit-db (the keyed audit log).")
    try:
        return audit_key_file.read_bytes()
    except OSError as exc:
        raise InputFileError(f"--audit-key-file: cannot read {str(audit_key_file)!r} "
                             f"({type(exc).__name__}).") from None


def _write_evidence(report: Report, bundle: Path, signing_key: Path | None,
                    policy: Path | None, data: Path, model: Path | None,
                    audit_db: str | None, actor: str | None,
                    audit_key: bytes | None = None, clock: Clock | None = None) -> None:
    from dfgov.audit import AuditLog, save_evidence
    from dfgov.cli._anchor import read_signer
    from dfgov.cli._evidence import _require_algorithm, policy_signature_algorithm
    from dfgov.errors import InputFileError

    if signing_key is None:  # checked by _evidence_options; never a throwaway key
        raise InputFileError("--evidence needs --signing-key.")
    signer = read_signer(signing_key, "--signing-key")
    _require_algorithm(policy_signature_algorithm(policy), signer.algorithm, "--signing-key")
    # A model file is copied into the bundle; an MLflow model directory is recorded by the
    # digests of its model file and of the whole directory in the report's fingerprints.
    extra = {"model" + (model.suffix if model else ""): model} if model and model.is_file() \
        else None
    log = AuditLog(audit_db, hmac_key=audit_key) if audit_db else None
    try:
        save_evidence(report, bundle, signer=signer, policy_file=policy, operator=actor,
                      extra_files=extra, audit=log, clock=clock)
    finally:
        if log is not None:
            log.close()


def _model_digests(path: Path, fitted: Any) -> dict[str, str]:
    """Digests of the model file (and of an MLflow model directory, file by file)."""
    from dfgov.fingerprint import fingerprint_file
    from dfgov.model_risk.validation import model_provenance

    prov = model_provenance(fitted)
    if prov is None:
        return {"model_file": fingerprint_file(path)}
    out = {"model_file": prov.sha256}
    if prov.directory_sha256 is not None:
        out["model_directory"] = prov.directory_sha256
    return out


def fixed_clock(value: str | None, option: str = "--fixed-time") -> FixedClock | None:
    """The clock a ``--fixed-time`` value pins (``None`` without one: the system clock).

    The time is passed to every component of the command that reads one; it is
    never written to ``os.environ`` (a ``SOURCE_DATE_EPOCH`` the user sets still
    pins the system clock, as before).
    """
    if not value:
        return None
    from dfgov.clock import FixedClock

    return FixedClock(datetime.fromtimestamp(_epoch(value, option), tz=UTC))


def _epoch(value: str, option: str = "--fixed-time") -> int:
    from dfgov.errors import InvalidInputError

    try:
        return int(value)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(
            f"{option} must be Unix seconds or an ISO 8601 time. Got {value!r}."
        ) from None
    return int((dt if dt.tzinfo else dt.replace(tzinfo=UTC)).timestamp())


def run_gate(
    *, data: Path, target: str, sensitive: str | None, policy: Path | None,
    model: Path | None, trust_pickle: bool, reference_data: Path | None,
    trusted: tuple[str, ...] = (),
    prediction_column: str | None, score_column: str | None, audit_db: str | None,
    actor: str | None, figures: bool = True, audit_key: bytes | None = None,
    debug: bool = False, clock: Clock | None = None,
) -> Report:
    """Load the inputs and run :class:`~dfgov.model_risk.ModelRiskAssessment`.

    The model receives exactly the columns it was fitted on, in its order (a
    missing one is exit 2 naming it); the target, prediction and score columns
    never reach it, nor do the sensitive columns unless it was fitted on them.
    Report times are read from ``clock`` (default the system clock).
    """
    from dfgov.cli._io import read_table, split_columns
    from dfgov.errors import InputFileError
    from dfgov.fingerprint import fingerprint_file
    from dfgov.model_risk.assessment import ModelRiskAssessment
    from dfgov.policy import Policy

    pol = Policy.load(policy) if policy is not None else Policy.default()
    sens = split_columns(sensitive)
    fitted = None
    fmt = None
    if model is not None:
        fitted = _load(model, trust_pickle=trust_pickle, trusted=trusted)
        fmt = model.suffix.lower().lstrip(".")
    if fitted is None:
        cols = [target, *sens, *(c for c in (prediction_column, score_column) if c)]
        df = read_table(data, columns=cols)
    else:
        df = read_table(data)
        if target not in df.columns:
            read_table(data, columns=[target, *sens])  # raises a ColumnError naming them
    missing = [c for c in sens if c not in df.columns]
    if missing:
        read_table(data, columns=missing)
    if len(df) == 0:
        raise InputFileError(f"--data: no rows in {str(data)!r} (the file has only a header).")
    y = df[target].to_numpy()
    y_pred = df[prediction_column].to_numpy() if prediction_column else None
    y_score = _scores(df, score_column) if score_column else None
    drop = [target, *(c for c in (prediction_column, score_column) if c)]
    X = None
    X_ref = None
    if fitted is not None:
        X = df.drop(columns=[c for c in drop if c in df.columns])
        if reference_data is not None:
            ref = read_table(reference_data, option="--reference-data")
            X_ref = ref.drop(columns=[c for c in drop if c in ref.columns])
    log = None
    if audit_db:
        from dfgov.audit import AuditLog

        log = AuditLog(audit_db, hmac_key=audit_key)
    fps = {"data_file": fingerprint_file(data)}
    if model is not None:
        fps.update(_model_digests(model, fitted))
    assessment = ModelRiskAssessment(pol, audit=log, actor=actor, clock=clock)
    report = assessment.run(
        fitted, X, y,
        sensitive_features=(sens or None) if X is not None else (df[sens] if sens else None),
        X_reference=X_ref, y_pred=y_pred, y_score=y_score, model_format=fmt,
        fingerprints=fps, figures=figures,
    )
    if debug:
        import traceback

        for name, exc in getattr(assessment, "errors_", []):
            sys.stderr.write(f"dfgov: control {name!r} raised:\n")
            traceback.print_exception(exc, file=sys.stderr)
    return report


def _load(path: Path, *, trust_pickle: bool, trusted: tuple[str, ...]) -> Any:
    """The model in ``path``, recognised by the model adapter (exit 2 otherwise)."""
    from dfgov.errors import DfgovError, ModelError
    from dfgov.model_risk.validation import load_model

    try:
        fitted = load_model(path, trust_pickle=trust_pickle, trusted=trusted)
    except DfgovError:
        raise
    except Exception as exc:  # a file that is not a model, of whatever kind
        raise ModelError(f"--model: cannot load {str(path)!r} as a model "
                         f"({type(exc).__name__}).") from exc
    if fitted is None:
        raise ModelError(f"--model: {str(path)!r} holds no model (it loads as None).")
    return fitted


def _scores(df: pd.DataFrame, column: str) -> Any:
    from dfgov.errors import ColumnError

    try:
        return df[column].to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ColumnError(f"--score-column: column {column!r} must hold numbers (scores in "
                          "[0, 1]).") from None
