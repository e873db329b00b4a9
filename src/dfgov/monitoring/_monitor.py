"""``Monitor``: one model version's monitoring history — add periods, add labels, trend, report."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np

from dfgov._frames import to_pandas
from dfgov._sql import Closable
from dfgov._validate import check_choice, param_error
from dfgov.clock import Clock, now
from dfgov.errors import ColumnError, InvalidInputError
from dfgov.monitoring._periods import period_key
from dfgov.monitoring._policy import MonitoringPolicy
from dfgov.monitoring._stats import (
    FeatureBins,
    Stats,
    check_scores,
    decision_stats,
    encode_groups,
    feature_bins,
    label_bits,
    label_stats,
)
from dfgov.monitoring._store import MonitoringStore
from dfgov.monitoring._vocabulary import Decisions, decision_vocabulary

if TYPE_CHECKING:
    import pandas as pd
    import sqlalchemy as sa

    from dfgov.monitoring._counts import PeriodCounts
    from dfgov.monitoring._trend import Trend
    from dfgov.policy import Policy
    from dfgov.report import Report

__all__ = ["CLAUSES", "Monitor"]

CLAUSES = ("AP-16", "SR 11-7 §V", "JR/T 0221-2021 §6.5")


def _day(value: date | datetime | str | None, arg: str, clock: Clock | None,
         caller: str = "Monitor") -> date:
    if value is None:
        return now(clock).date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise param_error(caller, arg, "must be a date or text 'YYYY-MM-DD'") from None


def _column(data: pd.DataFrame, value: Any, arg: str, caller: str) -> Any:
    """A column of ``data`` named by ``value``, or ``value`` itself aligned with ``data``."""
    import pandas as pd

    if isinstance(value, str):
        if value not in data.columns:
            raise ColumnError(f"The {arg!r} column {value!r} given to {caller} is not in the data.")
        return data[value]
    if isinstance(value, pd.Series):
        if not value.index.equals(data.index):
            raise InvalidInputError(
                f"The {arg!r} argument of {caller} is a Series whose index differs from the "
                "data's; align them first (inputs align by index, never by position)."
            )
        return value
    arr = np.asarray(value)
    if arr.ndim != 1 or arr.shape[0] != len(data):
        raise InvalidInputError(
            f"The {arg!r} argument of {caller} must be a column name or have one value per row "
            f"of the data ({len(data)})."
        )
    return arr


class Monitor(Closable):
    """The monitoring history of one model version, kept as per-period statistics.

    Parameters
    ----------
    store : MonitoringStore, str, Path or sqlalchemy.Engine, default "governance.db"
        Where the statistics live (a path or URL opens a :class:`MonitoringStore`
        with an audit log in the same database).
    model_id, version : str
        The model version monitored (as in the model inventory).
    policy : Policy, optional
        ``[monitoring]`` (periods, maturity, alarm rules), ``[fairness]``
        (sensitive features, rules, group sizes, confidence) and the decision
        vocabulary of ``[model_risk]`` (favourable label, score direction, decision
        threshold), which must be stated.
    actor : str, optional
        Actor recorded in the audit events.
    clock : Clock, optional
        Today's date (the default ``as_of``) and report times come from it (default
        :data:`dfgov.clock.SYSTEM_CLOCK`); also the store's, when the monitor opens it.

    Examples
    --------
    >>> import tempfile, os
    >>> from dfgov.datasets import load_german_credit
    >>> df = load_german_credit()
    >>> import dfgov
    >>> policy = dfgov.Policy.loads('[model_risk]\\nfavourable_label = 0\\n'
    ...                             'score_direction = "higher_is_unfavourable"\\n')
    >>> mon = Monitor(os.path.join(tempfile.mkdtemp(), "g.db"), model_id="scorecard",
    ...               policy=policy)
    >>> score = (df["duration_months"] / 80).clip(0, 1)
    >>> mon.start(df, y_true="default", y_score=score, sensitive_features=["sex"],
    ...           features=["age", "purpose"])
    >>> mon.add_period("2025-01", df, y_score=score)
    1
    >>> mon.trend(as_of="2025-02-01").first_alarm("stability") is None
    True
    >>> mon.close()
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "monitoring.trend"
    clauses: ClassVar[tuple[str, ...]] = (*CLAUSES, "JR/T 0221-2021 §6.1")

    def __init__(self, store: MonitoringStore | str | Path | sa.Engine = "governance.db", *,
                 model_id: str, version: str = "1", policy: Policy | None = None,
                 actor: str | None = None, clock: Clock | None = None) -> None:
        from dfgov.policy import Policy

        for arg, v in (("model_id", model_id), ("version", version)):
            if not isinstance(v, str) or not v.strip():
                raise InvalidInputError(f"The {arg!r} argument of Monitor must be a non-empty "
                                        "string.")
        if policy is not None and not isinstance(policy, Policy):
            raise InvalidInputError(
                f"The 'policy' argument of Monitor must be a dfgov.Policy or None. Got "
                f"{type(policy).__name__}."
            )
        self.model_id, self.version = model_id, version
        self.policy = policy or Policy.default()
        self.settings = self.policy.section(MonitoringPolicy)
        self._owns = not isinstance(store, MonitoringStore)
        self.store = (store if isinstance(store, MonitoringStore)
                      else MonitoringStore(store, clock=clock))
        self.actor = actor
        self.clock = clock

    @functools.cached_property
    def decisions(self) -> Decisions:
        """The decision vocabulary of the policy's ``[model_risk]`` (read when first needed)."""
        return decision_vocabulary(self.policy)

    # -- baseline --------------------------------------------------------------
    def start(self, reference: Any, *, y_true: Any, y_score: Any = None, model: Any = None,
              sensitive_features: Sequence[str] = (), features: Sequence[str] | None = None
              ) -> None:
        """Record the baseline: the reference (validation) sample's bins and performance.

        Parameters
        ----------
        reference : DataFrame
            The sample the model was validated on, with its outcomes.
        y_true : str or array-like
            Outcomes (column name or values aligned with ``reference``).
        y_score, model
            Scores (the probability of the policy's score label), or a fitted
            model that gives them.
        sensitive_features : list of str
            Columns that define groups in every period (default: the policy's
            ``fairness.sensitive_features``).
        features : list of str, optional
            Columns whose stability (CSI) is tracked (default: the model's
            features, else every column but the others named).
        """
        caller = "Monitor.start"
        frame = to_pandas(reference, argument="reference", caller=caller).frame
        if len(frame) == 0:
            raise InvalidInputError("The 'reference' argument of Monitor.start has no rows.")
        from dfgov.model_risk.fairness import FairnessPolicy

        sens = list(sensitive_features) or list(self.policy.section(
            FairnessPolicy).sensitive_features)
        missing = [c for c in sens if c not in frame.columns]
        if missing:
            raise ColumnError(f"The sensitive column(s) {missing} are not in the reference.")
        scores = self._scores(frame, y_score, model, caller)
        fav, pos = label_bits(_column(frame, y_true, "y_true", caller), self.decisions,
                              "y_true")
        names = self._feature_names(frame, features, model, sens, y_true, y_score)
        mon = self.settings
        specs, constant = feature_bins(frame, names, mon.feature_bins)
        score_spec = None
        if scores is not None:
            import pandas as pd

            ss, _ = feature_bins(pd.DataFrame({"__score__": scores}), ["__score__"],
                                 mon.feature_bins)
            score_spec = ss[0] if ss else None
        zeros = np.zeros(len(frame), dtype=np.intp)
        ref = decision_stats(groups=zeros, levels=[["all"]], pred_fav=fav, scores=scores,
                             features=frame, specs=specs, score_spec=score_spec,
                             resolution=mon.score_resolution, max_levels=mon.max_levels)
        lab = label_stats(groups=zeros, levels=[["all"]], true_fav=fav, true_pos=pos,
                          pred_fav=fav, scores=scores, resolution=mon.score_resolution,
                          calibration_bins=mon.calibration_bins, mature=len(frame), dated=False)
        arrays = {**ref.arrays, **{k: v for k, v in lab.arrays.items() if k not in ref.arrays}}
        config = {"sensitive": sens, "features": [s.as_dict() for s in specs],
                  "score": score_spec.as_dict() if score_spec else None,
                  "constant": constant, "decisions": self.decisions.as_dict(),
                  "resolution": mon.score_resolution, "calibration_bins": mon.calibration_bins,
                  "frequency": mon.frequency, "max_levels": mon.max_levels,
                  "reference_rows": len(frame)}
        self.store.write_baseline(self.model_id, self.version, _jsonable(config),
                                  Stats(arrays), actor=self.actor)

    def _feature_names(self, frame: pd.DataFrame, features: Sequence[str] | None, model: Any,
                       sens: list[str], *named: Any) -> list[str]:
        if features is not None:
            names = list(features)
        elif model is not None:
            from dfgov.model_risk import adapt

            names = list(adapt(model).feature_names or frame.columns)
        else:
            skip = set(sens) | {v for v in named if isinstance(v, str)}
            names = [c for c in frame.columns if c not in skip]
        absent = [c for c in names if c not in frame.columns]
        if absent:
            raise ColumnError(f"The feature column(s) {absent} are not in the reference.")
        return names

    def _scores(self, frame: pd.DataFrame, y_score: Any, model: Any, caller: str
                ) -> Any:
        if y_score is not None and model is not None:
            raise InvalidInputError(f"Give {caller} either 'y_score' or 'model', not both.")
        if model is not None:
            from dfgov.model_risk import adapt

            ad = adapt(model)
            p_fav = ad.proba_of(ad.select(frame, caller=caller), self.decisions.favourable_label)
            return check_scores(p_fav if self.decisions.score_is_favourable else 1.0 - p_fav)
        if y_score is None:
            return None
        return check_scores(_column(frame, y_score, "y_score", caller))

    def _config(self) -> tuple[dict[str, Any], Stats]:
        return self.store.baseline(self.model_id, self.version)

    def _decisions(self, frame: pd.DataFrame, y_pred: Any, scores: Any, caller: str) -> Any:
        if y_pred is not None:
            return label_bits(_column(frame, y_pred, "y_pred", caller), self.decisions,
                              "y_pred")[0]
        if scores is None:
            raise InvalidInputError(f"{caller} needs decisions ('y_pred'), scores or a model.")
        pos = scores >= self.decisions.decision_threshold
        fav = pos if self.decisions.score_is_favourable else ~pos
        return fav.astype(np.uint8)

    # -- periods ----------------------------------------------------------------
    def add_period(self, period: Any, data: Any, *, y_pred: Any = None, y_score: Any = None,
                   model: Any = None, as_of: date | datetime | str | None = None,
                   replace: bool = False) -> int:
        """Add one period's applications (one pass over its rows); return the revision.

        Decisions come from ``y_pred``, or from scores (``y_score`` or
        ``model``) and the policy's decision threshold. ``replace=True``
        records a new revision of a period already added (never overwriting).
        """
        caller = "Monitor.add_period"
        config, _ = self._config()
        key = period_key(period, config["frequency"])
        frame = to_pandas(data, argument="data", caller=caller).frame
        if len(frame) == 0:
            raise InvalidInputError(f"The 'data' of {caller} for period {key!r} has no rows.")
        sens = list(config["sensitive"])
        specs = [FeatureBins.from_dict(d) for d in config["features"]]
        absent = [c for c in [*sens, *(s.name for s in specs)] if c not in frame.columns]
        if absent:
            raise ColumnError(f"The data of period {key!r} lacks the column(s) {absent}.")
        scores = self._scores(frame, y_score, model, caller)
        if scores is None and config.get("score"):
            raise InvalidInputError(
                f"{caller} needs scores ('y_score' or 'model'): the baseline has them.")
        pred = self._decisions(frame, y_pred, scores, caller)
        groups, levels = encode_groups(frame, sens, int(config["max_levels"]))
        score_spec = FeatureBins.from_dict(config["score"]) if config.get("score") else None
        stats = decision_stats(groups=groups, levels=levels or [["all"]], pred_fav=pred,
                               scores=scores, features=frame, specs=specs,
                               score_spec=score_spec, resolution=int(config["resolution"]),
                               max_levels=int(config["max_levels"]))
        return self.store.write_period(
            self.model_id, self.version, key, "decisions", stats, rows=len(frame),
            as_of=_day(as_of, "as_of", self.clock, caller).isoformat(), replace=replace,
            actor=self.actor)

    def add_labels(self, period: Any, data: Any, *, y_true: Any, y_pred: Any = None,
                   y_score: Any = None, model: Any = None, label_dates: Any = None,
                   as_of: date | datetime | str | None = None,
                   mode: Literal["replace", "append"] = "replace") -> int:
        """Record a batch of outcomes of one period's applications; return the new revision.

        The batch holds the applications' sensitive columns, their decisions
        (``y_pred``, or scores and the threshold) and scores, and the outcome
        ``y_true``. ``mode="replace"``: the batch is everything known of the
        period's outcomes now (a new revision supersedes the last);
        ``"append"``: the batch adds outcomes of further applications.
        ``label_dates`` (per row, when each label became final) make the
        period mature once ``min_mature_share`` of them lie on or before ``as_of``.
        """
        from dfgov.monitoring._merge import check_within, merge_labels

        caller = "Monitor.add_labels"
        check_choice(mode, ("replace", "append"), caller=caller, parameter="mode")
        config, _ = self._config()
        key = period_key(period, config["frequency"])
        decided = {r.period: r for r in self.store.records(
            self.model_id, self.version, kind="decisions", period=key)}
        if key not in decided:
            raise InvalidInputError(
                f"Period {key!r} has no decisions recorded; add the period before its labels.")
        frame = to_pandas(data, argument="data", caller=caller).frame
        if len(frame) == 0:
            raise InvalidInputError(f"The label batch of {caller} for {key!r} has no rows.")
        sens = list(config["sensitive"])
        absent = [c for c in sens if c not in frame.columns]
        if absent:
            raise ColumnError(f"The label batch of period {key!r} lacks the column(s) {absent}.")
        day = _day(as_of, "as_of", self.clock, caller)
        scores = self._scores(frame, y_score, model, caller)
        if scores is None and config.get("score"):
            raise InvalidInputError(
                f"{caller} needs the applications' scores ('y_score' or 'model').")
        fav, pos = label_bits(_column(frame, y_true, "y_true", caller), self.decisions,
                              "y_true")
        pred = self._decisions(frame, y_pred, scores, caller)
        mature = len(frame)
        if label_dates is not None:
            import pandas as pd

            when = pd.to_datetime(_column(frame, label_dates, "label_dates", caller),
                                  errors="coerce")
            mature = int((when.notna() & (when <= pd.Timestamp(day))).sum())
        groups, levels = encode_groups(frame, sens, int(config["max_levels"]))
        stats = label_stats(groups=groups, levels=levels or [["all"]], true_fav=fav,
                            true_pos=pos, pred_fav=pred, scores=scores,
                            resolution=int(config["resolution"]),
                            calibration_bins=int(config["calibration_bins"]), mature=mature,
                            dated=label_dates is not None)
        previous = {r.period: r for r in self.store.records(
            self.model_id, self.version, kind="labels", period=key)}.get(key)
        if mode == "append" and previous is not None and previous.stats is not None:
            stats = merge_labels(previous.stats, stats)
        d_stats = decided[key].stats
        assert d_stats is not None
        check_within(d_stats, stats, key)
        return self.store.write_period(
            self.model_id, self.version, key, "labels", stats, rows=int(stats["n"][0]),
            as_of=day.isoformat(), replace=True, actor=self.actor,
            extra={"mode": mode, "batch_rows": len(frame)})

    def baseline_config(self) -> dict[str, Any]:
        """The stored baseline's configuration: sensitive columns, feature bins, score bins,
        resolution and decision vocabulary (what an aggregation elsewhere needs)."""
        return self._config()[0]

    def add_period_counts(self, period: Any, counts: PeriodCounts | Mapping[str, Any], *,
                          as_of: date | datetime | str | None = None,
                          replace: bool = False) -> int:
        """Add a period counted elsewhere (e.g. on Spark); stored like :meth:`add_period`."""
        from dfgov.monitoring._counts import PeriodCounts, stats_from_counts

        if isinstance(counts, Mapping):
            try:
                counts = PeriodCounts(**counts)
            except TypeError:
                raise InvalidInputError(
                    "The 'counts' mapping of Monitor.add_period_counts must have the fields of "
                    "PeriodCounts (rows, decisions, scores, features, score_bins).") from None
        if not isinstance(counts, PeriodCounts):
            raise InvalidInputError(
                "The 'counts' argument of Monitor.add_period_counts must be a PeriodCounts. "
                f"Got {type(counts).__name__}.")
        config, _ = self._config()
        key = period_key(period, config["frequency"])
        if config.get("score") and counts.scores is None:
            raise InvalidInputError(
                "Monitor.add_period_counts needs score counts: the baseline has scores.")
        stats = stats_from_counts(config, counts)
        return self.store.write_period(
            self.model_id, self.version, key, "decisions", stats, rows=int(counts.rows),
            as_of=_day(as_of, "as_of", self.clock, "Monitor.add_period_counts").isoformat(),
            replace=replace, actor=self.actor)

    # -- results ----------------------------------------------------------------
    def trend(self, as_of: date | datetime | str | None = None) -> Trend:
        """Every stored period's metrics, tests and alarms, from the statistics alone."""
        from dfgov.model_risk.fairness import FairnessPolicy
        from dfgov.monitoring._trend import compute_trend

        config, reference = self._config()
        return compute_trend(
            model_id=self.model_id, version=self.version, config=config, reference=reference,
            decisions=self.store.records(self.model_id, self.version, kind="decisions"),
            labels=self.store.records(self.model_id, self.version, kind="labels"),
            mon=self.settings, fair=self.policy.section(FairnessPolicy),
            as_of=_day(as_of, "as_of", self.clock, "Monitor.trend"))

    def report(self, as_of: date | datetime | str | None = None, *,
               figures: bool = True) -> Report:
        """The report over time: trend findings with clauses, tables and trend charts."""
        from dfgov.monitoring._report import trend_report

        started = now(self.clock)
        return trend_report(self.trend(as_of), self.policy, started=started, figures=figures,
                            clock=self.clock)

    def close(self) -> None:
        """Release the store if this monitor opened it."""
        if self._owns:
            self.store.close()

    def __repr__(self) -> str:
        return f"Monitor({self.model_id!r}, version={self.version!r})"


def _jsonable(value: Any) -> Any:
    from dfgov._jsonable import to_jsonable

    return to_jsonable(value)
