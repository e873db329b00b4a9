"""``scan_spark``: the data-protection scan over a Spark DataFrame, per partition in Arrow.

Each partition runs :class:`dfgov.data_protection.ColumnEvidence` (the same
vectorised validators and column-name evidence as :func:`scan` and
:func:`scan_file`) over its Arrow record batches through ``mapInArrow`` (no
per-row Python UDF) and returns one small evidence record per column. The
driver merges the records in partition order (:meth:`ColumnEvidence.merge`)
and decides each column with the same :meth:`ColumnEvidence.finish`, so the
inventory equals a
sequential pass over the same batches (see the docs for the one per-batch
shortcut, the validators' 1,000-value pilot, that can differ).

Only counters, at most three examples per identifier kind (masked before
they are stored in the inventory) and the first 2,000 strings of a column
(for the free-text search) travel to the driver; the evidence records are
pickled on executors that run the same dfgov version.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from dfgov.errors import InvalidInputError
from dfgov.spark._common import require_dataframe, require_pyspark

if TYPE_CHECKING:
    from dfgov.data_protection import DataInventory, DataProtectionPolicy
    from dfgov.policy import Policy

__all__ = ["EXACT_SAMPLE_LIMIT", "scan_spark"]

EXACT_SAMPLE_LIMIT = 1_000_000
"""Up to this ``sample`` size exactly that many random rows are drawn (a top-k by a seeded
random key); above it, a Bernoulli sample of about that many rows."""
_SCHEMA = "part int, col int, state binary"


def _evidence_batches(names: list[str]) -> Any:
    """The function run by ``mapInArrow``: one evidence record per column of the partition."""

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa
        from pyspark import TaskContext

        from dfgov.data_protection import ColumnEvidence

        ctx = TaskContext.get()
        part = ctx.partitionId() if ctx is not None else 0
        evidence = [ColumnEvidence(n) for n in names]
        seen = False
        for batch in batches:
            if batch.num_rows == 0:
                continue
            seen = True
            for i, ev in enumerate(evidence):
                ev.update(batch.column(i))
        if seen:
            yield pa.RecordBatch.from_pydict({
                "part": pa.array([part] * len(names), pa.int32()),
                "col": pa.array(range(len(names)), pa.int32()),
                "state": pa.array([pickle.dumps(ev) for ev in evidence], pa.binary()),
            })

    return run


def _sampled(df: Any, sample: int, seed: int) -> tuple[Any, bool]:
    sql = require_pyspark()
    F = sql.functions
    total = df.count()
    if sample >= total:
        return df, False
    if sample <= EXACT_SAMPLE_LIMIT:
        key = "__dfgov_sample_key"
        return df.withColumn(key, F.rand(seed)).orderBy(key).limit(sample).drop(key), True
    return df.sample(fraction=min(1.0, sample / total), seed=seed), True


def scan_spark(
    df: Any,
    *,
    sample: int | None = None,
    policy: Policy | DataProtectionPolicy | None = None,
    random_state: int | None = None,
) -> DataInventory:
    """Classify every column of a Spark DataFrame (the data inventory).

    Parameters
    ----------
    df : pyspark.sql.DataFrame
    sample : int, optional
        Examine this many random rows instead of all (default: the policy's
        ``sample``, else every row). Costs one count job; up to
        :data:`EXACT_SAMPLE_LIMIT` rows exactly ``sample`` rows are drawn.
    policy : Policy or DataProtectionPolicy, optional
    random_state : int, optional
        Seed of the sample (default: the policy's ``random_state``).

    Returns
    -------
    DataInventory
        As :func:`dfgov.data_protection.scan` returns; ``dtype`` is the Arrow
        type of the column as Spark hands it over (``string`` or ``large_string``
        by ``spark.sql.execution.arrow.useLargeVarTypes``, ``int64``, ``double``),
        as :func:`dfgov.data_protection.scan_file` reports the Arrow type it read.
    """
    require_pyspark()
    from dfgov.data_protection import ColumnEvidence, DataInventory, DataProtectionScan

    caller = "scan_spark"
    require_dataframe(df, "df", caller)
    control = DataProtectionScan(policy)
    section = control.section
    names = [str(c) for c in df.columns]
    if len(set(names)) != len(names):
        raise InvalidInputError("The table has duplicate column names; rename them.")
    sample, seed = control.sampling(sample, random_state, caller=caller)
    sampled = False
    if sample is not None:
        df, sampled = _sampled(df, sample, seed)
    records = df.mapInArrow(_evidence_batches(names), _SCHEMA).collect()
    merged = [ColumnEvidence(n) for n in names]
    for r in sorted(records, key=lambda r: (r["part"], r["col"])):
        merged[r["col"]].merge(pickle.loads(r["state"]))
    rows = merged[0].rows if merged else 0
    return DataInventory.from_columns([ev.finish(section) for ev in merged], rows=rows,
                                      sampled=sampled)
