"""``log_report`` and ``load_model`` for MLflow (see the package docstring)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError, MissingDependencyError

if TYPE_CHECKING:
    from dfgov.report import Report

__all__ = ["load_model", "log_report"]

_METRIC_SAFE = re.compile(r"[^A-Za-z0-9_\-./ ]")


def _mlflow() -> Any:
    try:
        import mlflow
    except ImportError as exc:
        raise MissingDependencyError("mlflow", "mlflow", purpose="the MLflow integration") \
            from exc
    return mlflow


def _metric_name(prefix: str, *parts: str | None) -> str:
    name = ".".join(p for p in (prefix, *parts) if p)
    return _METRIC_SAFE.sub("_", name)[:250]


def headline_metrics(report: Report, *, prefix: str = "dfgov") -> dict[str, float]:
    """The numbers :func:`log_report` logs: exit code, counts by status, finding values.

    A finding with a numeric value gives ``<prefix>.<control>[.<subject>].<metric>``.
    """
    import math

    out: dict[str, float] = {f"{prefix}.exit_code": float(report.exit_code)}
    for status, count in report.counts().items():
        out[_metric_name(prefix, "findings", status)] = float(count)
    for f in report.findings:
        value = f.value
        if f.metric and isinstance(value, (int, float)) and not isinstance(value, bool) \
                and math.isfinite(float(value)):
            out[_metric_name(prefix, f.control, f.subject, f.metric)] = float(value)
    return out


def log_report(
    report: Report,
    evidence: str | Path | None = None,
    *,
    run_id: str | None = None,
    lang: str = "en",
    artifact_path: str = "dfgov",
) -> dict[str, float]:
    """Log ``report`` (and an evidence bundle) to an MLflow run.

    Parameters
    ----------
    report : Report
        E.g. from :meth:`ModelRiskAssessment.run`.
    evidence : str or Path, optional
        An evidence bundle directory (``dfgov gate --evidence DIR`` or
        :func:`dfgov.audit.save_evidence`), logged under ``<artifact_path>/evidence``.
    run_id : str, optional
        The run to log to; by default the active run (``mlflow.start_run()``).
    lang : {"en", "zh-CN"}, default "en"
        Language of the HTML, JUnit and Markdown renderings.
    artifact_path : str, default "dfgov"
        Artifact folder of the renderings.

    Returns
    -------
    dict of str to float
        The metrics logged (see :func:`headline_metrics`); tags ``dfgov.status``,
        ``dfgov.exit_code`` and ``dfgov.policy_hash`` are set as well.

    Raises
    ------
    InvalidInputError
        No ``run_id`` and no active run, or ``evidence`` is not a directory.
    """
    from dfgov.i18n import check_lang
    from dfgov.render import render_html, render_json, render_junit, render_markdown

    mlflow = _mlflow()
    lang = check_lang(lang)
    if run_id is None:
        active = mlflow.active_run()
        if active is None:
            raise InvalidInputError(
                "log_report needs an MLflow run: call it inside `with mlflow.start_run():` "
                "or pass run_id=..."
            )
        run_id = active.info.run_id
    if evidence is not None and not Path(evidence).is_dir():
        raise InvalidInputError(
            f"The 'evidence' argument of log_report must be an evidence bundle directory; "
            f"{str(evidence)!r} is not a directory."
        )
    client = mlflow.MlflowClient()
    metrics = headline_metrics(report)
    with tempfile.TemporaryDirectory(prefix="dfgov-mlflow-") as tmp:
        out = Path(tmp)
        (out / "report.json").write_text(render_json(report), encoding="utf-8")
        (out / "report.html").write_text(render_html(report, lang=lang), encoding="utf-8")
        (out / "junit.xml").write_text(render_junit(report, lang=lang), encoding="utf-8")
        (out / "report.md").write_text(render_markdown(report, lang=lang), encoding="utf-8")
        client.log_artifacts(run_id, str(out), artifact_path)
    if evidence is not None:
        client.log_artifacts(run_id, str(evidence), f"{artifact_path}/evidence")
    import time

    stamp = int(time.time() * 1000)
    entities = mlflow.entities
    client.log_batch(
        run_id,
        metrics=[entities.Metric(k, v, stamp, 0) for k, v in metrics.items()],
        tags=[entities.RunTag("dfgov.status", report.status.value),
              entities.RunTag("dfgov.exit_code", str(report.exit_code)),
              entities.RunTag("dfgov.policy_hash", str(report.policy_hash or ""))],
    )
    return metrics


def load_model(model_uri: str | Path, *, trust_pickle: bool = False,
               trusted: Sequence[str] = ()) -> Any:
    """Load an MLflow model through dfgov's safe loader.

    Parameters
    ----------
    model_uri : str or Path
        A local MLflow model directory, or any MLflow URI (``runs:/<run>/model``,
        ``models:/<name>/<version>``, ``file:...``) — downloaded first.
    trust_pickle, trusted
        As for :func:`dfgov.model_risk.load_model`: pickled flavors load only with
        ``trust_pickle=True``; skops files hold only exactly named trusted types.
    """
    from dfgov.model_risk import load_model as safe_load

    local = Path(str(model_uri))
    if local.is_dir():
        return safe_load(local, trust_pickle=trust_pickle, trusted=trusted)
    mlflow = _mlflow()
    target = Path(tempfile.mkdtemp(prefix="dfgov-mlflow-model-"))
    path = mlflow.artifacts.download_artifacts(artifact_uri=str(model_uri),
                                               dst_path=str(target))
    return safe_load(Path(path), trust_pickle=trust_pickle, trusted=trusted)
