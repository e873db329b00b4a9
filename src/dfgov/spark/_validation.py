"""The stability part of :class:`~dfgov.model_risk.validation.ValidationCheck` on Spark.

:func:`stability_findings_spark` turns :func:`~dfgov.spark.stability_table_spark`
(and, for a score column, the score's PSI) into findings through the public
:meth:`ValidationCheck.stability_findings
<dfgov.model_risk.validation.ValidationCheck.stability_findings>`, the code
the in-memory check uses: the same controls, bands of the ``[validation]``
policy (``psi_watch``, ``psi_shift``), messages, details and order, and a
``skipped`` finding for a column constant in the reference sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_columns, require_dataframe

if TYPE_CHECKING:
    from dfgov.model_risk.validation import ValidationPolicy
    from dfgov.policy import Policy
    from dfgov.report import Report, Table

__all__ = ["stability_findings_spark"]


def stability_findings_spark(
    reference: Any,
    current: Any,
    policy: Policy | ValidationPolicy | None = None,
    *,
    score: str | None = None,
    features: Sequence[str] | None = None,
    relative_error: float = 1e-4,
    edges: Mapping[str, Sequence[float]] | None = None,
    tables: list[Table] | None = None,
) -> Report:
    """PSI/CSI findings and the PSI table between two Spark DataFrames, as
    ``ValidationCheck.run`` gives them.

    Parameters
    ----------
    reference, current : pyspark.sql.DataFrame
        Reference (development) and current (monitoring) samples, same columns.
    policy : Policy or ValidationPolicy, optional
        ``psi_bins``, ``psi_epsilon``, ``psi_watch`` and ``psi_shift`` come
        from its ``[validation]`` section (default: the defaults).
    score : str, optional
        A score column of both samples: judged as the score's PSI
        (``validation.stability.score``), as ``y_score``/``y_score_reference``
        are in memory; it is then not among the default features.
    features : list of str, optional
        Columns for CSI (``validation.stability.feature``); default every
        column except ``score``.
    relative_error, edges
        As for :func:`stability_table_spark`: with ``relative_error=0`` (exact
        quantiles falling on data points) or the in-memory cut points as
        ``edges``, the findings equal the in-memory ones.
    tables : list, optional
        Deprecated (one release): the PSI table is in the returned Report's
        ``tables``; a list given here still receives it, with a
        ``DeprecationWarning``.

    Returns
    -------
    Report
        ``findings``: the score finding (if ``score``), then a ``skipped``
        finding per column constant in the reference sample, then one per
        column; ``tables``: the PSI table (when a feature was compared).
    """
    from dfgov.clock import now
    from dfgov.i18n import LocalizedText
    from dfgov.model_risk.validation import ValidationCheck, ValidationPolicy
    from dfgov.policy import Policy, resolve_section
    from dfgov.report import Report
    from dfgov.spark._stability import stability_table_spark

    started = now()
    caller = "stability_findings_spark"
    pol = resolve_section(policy, ValidationPolicy, caller)
    require_dataframe(reference, "reference", caller)
    require_dataframe(current, "current", caller)
    if score is not None:
        require_columns(reference, [score], "score", caller)
        require_columns(current, [score], "score", caller)
    if features is not None and (isinstance(features, str) or not all(
            isinstance(f, str) for f in features)):
        raise InvalidInputError(f"The 'features' argument of {caller} must be a list of names.")
    names = list(features) if features is not None else [
        str(c) for c in reference.columns if c != score]
    score_psi = None
    if score is not None:
        ref_s, cur_s = reference.select(score), current.select(score)
        score_psi = stability_table_spark(
            ref_s, cur_s, bins=pol.psi_bins, epsilon=pol.psi_epsilon,
            relative_error=relative_error,
            edges={score: edges[score]} if edges and score in edges else None)[0].psi
    table = []
    if names:
        table = stability_table_spark(
            reference.select(*names), current.select(*names), columns=names,
            bins=pol.psi_bins, epsilon=pol.psi_epsilon, relative_error=relative_error,
            edges={c: e for c, e in (edges or {}).items() if c in names} or None,
            constant="skip")
    findings = ValidationCheck.stability_findings(pol, names, table, score_psi=score_psi)
    psi_tables = (ValidationCheck.psi_table(pol, table),) if table else ()
    if tables is not None:
        import warnings

        warnings.warn("stability_findings_spark(tables=...) is deprecated: the PSI table is in "
                      "the returned Report's 'tables'.", DeprecationWarning, stacklevel=2)
        tables.extend(psi_tables)
    return Report.build(
        findings, title=LocalizedText(en="Model validation: stability on Spark",
                                      zh_cn="模型验证：Spark 上的稳定性"),
        policy=policy if isinstance(policy, Policy) else None, tables=psi_tables,
        started_at=started)
