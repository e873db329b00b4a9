"""k-anonymity, ℓ-diversity, t-closeness and re-identification risk over quasi-identifiers.

Equivalence classes are formed once by hashing each quasi-identifier
(``pandas.factorize``, nulls are a value of their own) and combining the codes;
every figure is then a ``numpy.bincount`` over class ids, so the whole set costs
about one ``groupby``.

Definitions
-----------
* k-anonymity: size of the smallest equivalence class (Sweeney 2002).
* distinct ℓ-diversity: fewest distinct sensitive values in a class; entropy
  ℓ-diversity: ``exp`` of the smallest class entropy (natural log) (Machanavajjhala
  et al. 2007).
* t-closeness: largest Earth Mover's Distance between a class's sensitive
  distribution and the whole table's (Li, Li, Venkatasubramanian 2007): the
  equal-distance EMD (half the L1 distance) for categorical attributes and the
  ordered-distance EMD ``sum_i |cumsum(q - p)_i| / (m - 1)`` for numeric ones.
* prosecutor risk: ``1 / f_j`` for a record in class ``j``; the maximum is
  ``1 / k`` and the average ``J / n``. Journalist risk uses the class sizes ``F_j``
  in a population table instead (El Emam 2013).

Examples
--------
>>> import pandas as pd
>>> from dfgov.data_protection import k_anonymity, l_diversity
>>> df = pd.DataFrame({"age": ["30-39"] * 3 + ["40-49"] * 2, "dx": ["a", "b", "a", "c", "c"]})
>>> k_anonymity(df, ["age"]), l_diversity(df, ["age"], "dx")
(2, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
from numpy.typing import NDArray

from dfgov._judge import judge
from dfgov.errors import ColumnError, InvalidInputError

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.clock import Clock
    from dfgov.data_protection._policy import DataProtectionPolicy, MaskingRules
    from dfgov.policy import Policy
    from dfgov.report import Finding, Report

__all__ = [
    "AnonymityCheck",
    "EquivalenceClasses",
    "RiskFigures",
    "equivalence_classes",
    "k_anonymity",
    "l_diversity",
    "reidentification_risk",
    "smallest_classes",
    "suppress_small_classes",
    "t_closeness",
    "uniqueness_details",
]

Ints = NDArray[np.int64]


@dataclass(frozen=True)
class EquivalenceClasses:
    """Class id per row (``ids``), class sizes (``sizes``) and a first row of each class."""

    quasi_identifiers: tuple[str, ...]
    ids: Ints
    sizes: Ints
    first_row: Ints

    @property
    def count(self) -> int:
        """Number of classes."""
        return len(self.sizes)


def _check(df: Any, columns: Sequence[str], argument: str) -> None:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidInputError(f"The data must be a pandas DataFrame. Got {type(df).__name__}.")
    if isinstance(columns, str) or not len(columns):
        raise InvalidInputError(f"The {argument!r} argument must be a non-empty list of columns.")
    for c in columns:
        if c not in df.columns:
            raise ColumnError(f"The {argument!r} column {c!r} is not in the data.")


def _codes(values: Any) -> tuple[Ints, int]:
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return np.asarray(codes, np.int64), max(len(uniques), 1)


def equivalence_classes(df: pd.DataFrame, quasi_identifiers: Sequence[str]) -> EquivalenceClasses:
    """Group rows by their quasi-identifier values (nulls form their own value)."""
    import pandas as pd

    _check(df, quasi_identifiers, "quasi_identifiers")
    key = np.zeros(len(df), np.int64)
    radix = 1
    for c in quasi_identifiers:
        codes, n = _codes(df[c])
        if radix * n >= 2**62:  # re-compress before the mixed-radix key overflows
            key, u = pd.factorize(key)
            key = np.asarray(key, np.int64)
            radix = max(len(u), 1)
        key = key * n + codes
        radix *= n
    ids, _ = pd.factorize(key)
    ids = np.asarray(ids, np.int64)
    sizes = np.bincount(ids).astype(np.int64) if len(ids) else np.zeros(0, np.int64)
    first = np.full(len(sizes), len(ids), np.int64)
    np.minimum.at(first, ids, np.arange(len(ids), dtype=np.int64))
    return EquivalenceClasses(tuple(quasi_identifiers), ids, sizes, first)


def _classes(df: pd.DataFrame, qis: Sequence[str] | EquivalenceClasses) -> EquivalenceClasses:
    return qis if isinstance(qis, EquivalenceClasses) else equivalence_classes(df, qis)


def k_anonymity(df: pd.DataFrame, quasi_identifiers: Sequence[str] | EquivalenceClasses) -> int:
    """Size of the smallest equivalence class (0 for an empty table)."""
    ec = _classes(df, quasi_identifiers)
    return int(ec.sizes.min()) if ec.count else 0


def _pairs(ec: EquivalenceClasses, s_codes: Ints, ns: int) -> tuple[Ints, Ints, Ints]:
    """Unique (class, sensitive code) pairs and their counts."""
    import pandas as pd

    pair = ec.ids * ns + s_codes
    pcodes, uniq = pd.factorize(pair)
    counts = np.bincount(np.asarray(pcodes, np.int64))
    uniq = np.asarray(uniq, np.int64)
    return uniq // ns, uniq % ns, counts.astype(np.int64)


def _sensitive(df: pd.DataFrame, sensitive: str) -> None:
    if not isinstance(sensitive, str) or sensitive not in df.columns:
        raise ColumnError(f"The 'sensitive' column {sensitive!r} is not in the data.")


def l_diversity(
    df: pd.DataFrame,
    quasi_identifiers: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    *,
    kind: Literal["distinct", "entropy"] = "distinct",
) -> float:
    """Distinct or entropy ℓ-diversity of ``sensitive`` (the worst class's)."""
    if kind not in ("distinct", "entropy"):
        raise InvalidInputError("The 'kind' argument of l_diversity must be 'distinct' or "
                                f"'entropy'. Got {kind!r}.")
    _sensitive(df, sensitive)
    ec = _classes(df, quasi_identifiers)
    if not ec.count:
        return 0.0
    s, ns = _codes(df[sensitive])
    g, _, c = _pairs(ec, s, ns)
    if kind == "distinct":
        return float(np.bincount(g, minlength=ec.count).min())
    p = c / ec.sizes[g]
    h = np.bincount(g, weights=-p * np.log(p), minlength=ec.count)
    return float(np.exp(h.min()))


def t_closeness(
    df: pd.DataFrame,
    quasi_identifiers: Sequence[str] | EquivalenceClasses,
    sensitive: str,
    *,
    ordered: bool | None = None,
) -> float:
    """Largest EMD between a class's distribution of ``sensitive`` and the table's.

    ``ordered`` (default: whether the column is numeric) selects the ordered
    distance; otherwise the equal distance is used. Nulls count as a category in
    the equal distance and are not allowed in the ordered one.
    """
    import pandas as pd

    _sensitive(df, sensitive)
    ec = _classes(df, quasi_identifiers)
    n = len(df)
    if not ec.count:
        return 0.0
    col = df[sensitive]
    if ordered is None:
        ordered = bool(pd.api.types.is_numeric_dtype(col)) and not pd.api.types.is_bool_dtype(col)
    if not ordered:
        s, ns = _codes(col)
        g, v, c = _pairs(ec, s, ns)
        p = np.bincount(s, minlength=ns) / n
        q = c / ec.sizes[g]
        part = np.bincount(g, weights=np.abs(q - p[v]) - p[v], minlength=ec.count)
        return float(np.max(0.5 * (1.0 + part)))
    if col.isna().any():
        raise InvalidInputError(
            f"The 'sensitive' column {sensitive!r} has nulls; the ordered distance needs values.")
    codes, uniques = pd.factorize(col)
    m = len(uniques)
    if m <= 1:
        return 0.0
    rank_of = np.empty(m, np.int64)
    rank_of[np.argsort(np.asarray(uniques), kind="stable")] = np.arange(m)
    r = rank_of[np.asarray(codes, np.int64)]
    g, v, c = _pairs(ec, r, m)
    order = np.lexsort((v, g))
    g, v, c = g[order], v[order], c[order]
    cum_p = np.cumsum(np.bincount(r, minlength=m) / n)          # cumP_i, i = 0..m-1
    s_pref = np.concatenate(([0.0], np.cumsum(cum_p)))           # S[k] = sum_{i<k} cumP_i
    q = c / ec.sizes[g]
    start = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    cq = np.cumsum(q)
    cq -= np.repeat(np.r_[0.0, cq[start[1:] - 1]], np.diff(np.r_[start, len(g)]))
    last = np.r_[g[1:] != g[:-1], True]
    nxt = np.where(last, m - 1, np.r_[v[1:], 0])
    a, b = np.minimum(v, m - 1), np.minimum(nxt, m - 1)
    t = np.clip(np.searchsorted(cum_p, cq, side="left"), a, b)
    seg = cq * (t - a) - (s_pref[t] - s_pref[a]) + (s_pref[b] - s_pref[t]) - cq * (b - t)
    before = s_pref[v[start]]  # classes are 0 below their smallest value: sum of cumP there
    total = np.bincount(g, weights=seg, minlength=ec.count)
    total[g[start]] += before
    return float(np.max(total) / (m - 1))


@dataclass(frozen=True)
class RiskFigures:
    """Re-identification risk.

    Attributes
    ----------
    prosecutor_max, prosecutor_avg : float
        ``1/min f_j`` and ``J/n``.
    journalist_max, journalist_avg : float or None
        With a population table: ``1/min F_j`` over classes in the sample, and the mean of
        ``1/F_j`` over records; None without one.
    records_at_risk : float
        Share of records whose prosecutor risk exceeds ``threshold``.
    """

    prosecutor_max: float
    prosecutor_avg: float
    journalist_max: float | None
    journalist_avg: float | None
    records_at_risk: float


def reidentification_risk(
    df: pd.DataFrame,
    quasi_identifiers: Sequence[str],
    *,
    population: pd.DataFrame | None = None,
    threshold: float = 0.2,
) -> RiskFigures:
    """Prosecutor (and, given a population table, journalist) re-identification risk."""
    import pandas as pd

    ec = equivalence_classes(df, quasi_identifiers)
    n = len(df)
    if not n:
        return RiskFigures(0.0, 0.0, None, None, 0.0)
    risk = 1.0 / ec.sizes[ec.ids]
    jmax = javg = None
    if population is not None:
        _check(population, quasi_identifiers, "quasi_identifiers")
        both = pd.concat([df[list(quasi_identifiers)], population[list(quasi_identifiers)]],
                         ignore_index=True)
        allc = equivalence_classes(both, quasi_identifiers)
        pop_sizes = np.bincount(allc.ids[n:], minlength=allc.count)
        f = pop_sizes[allc.ids[:n]]
        if (f == 0).any():
            raise InvalidInputError(
                "The 'population' table lacks some of the sample's equivalence classes; "
                "the sample must be drawn from it.")
        jmax, javg = float(1.0 / f.min()), float(np.mean(1.0 / f))
    return RiskFigures(
        prosecutor_max=float(1.0 / ec.sizes.min()),
        prosecutor_avg=float(ec.count / n),
        journalist_max=jmax,
        journalist_avg=javg,
        records_at_risk=float(np.mean(risk > threshold)),
    )


def smallest_classes(
    df: pd.DataFrame, quasi_identifiers: Sequence[str] | EquivalenceClasses, n: int = 5
) -> pd.DataFrame:
    """The ``n`` smallest equivalence classes: their quasi-identifier values and ``size``."""
    ec = _classes(df, quasi_identifiers)
    pick = np.argsort(ec.sizes, kind="stable")[:n]
    out = df.iloc[ec.first_row[pick]][list(ec.quasi_identifiers)].reset_index(drop=True)
    out["size"] = ec.sizes[pick]
    return out


def suppress_small_classes(
    df: pd.DataFrame, quasi_identifiers: Sequence[str], k: int
) -> tuple[pd.DataFrame, int]:
    """Local suppression: blank the quasi-identifiers of rows in classes smaller than ``k``.

    The blanked rows form one class of their own (nulls are a value), so repeat with
    coarser generalisation if that class is itself smaller than ``k``.

    Returns
    -------
    (DataFrame, int)
        A copy with the quasi-identifiers of small-class rows set to None, and the number
        of rows suppressed.
    """
    if not isinstance(k, int) or k < 1:
        raise InvalidInputError("The 'k' argument of suppress_small_classes must be an "
                                "integer >= 1.")
    ec = equivalence_classes(df, quasi_identifiers)
    small = ec.sizes[ec.ids] < k
    out = df.copy()
    for c in quasi_identifiers:
        col = out[c].astype(object)
        col[small] = None
        out[c] = col
    return out, int(small.sum())


def uniqueness_details(
    df: pd.DataFrame, ec: EquivalenceClasses, k: int, rules: MaskingRules | None = None,
    n: int = 5,
) -> dict[str, Any]:
    """What a report may say about small classes: counts, and masked examples only.

    Returns ``classes`` (how many), ``unique_records`` (classes of one record: people
    the quasi-identifiers single out), ``records_below_k`` (records in classes smaller
    than ``k``), ``class_sizes_below_k`` (``{size: number of classes}``) and
    ``smallest_classes``: the ``n`` smallest classes with each quasi-identifier value
    masked (:func:`~dfgov.data_protection.mask`, by the type the column's name or
    values show) and the class ``size``. Raw quasi-identifier values never appear:
    they are exactly what re-identifies someone.
    """
    from dfgov.data_protection._mask import mask

    sizes = ec.sizes
    below = sizes[sizes < k]
    pick = np.argsort(sizes, kind="stable")[:n]
    rows = ec.first_row[pick]
    masked = {q: mask(df[q].iloc[rows].reset_index(drop=True), _display_type(df[q]),
                      rules=rules).tolist() for q in ec.quasi_identifiers}
    examples = [{**{q: masked[q][i] for q in ec.quasi_identifiers}, "size": int(sizes[c])}
                for i, c in enumerate(pick)]
    return {
        "classes": ec.count,
        "unique_records": int((sizes == 1).sum()),
        "records_below_k": int(below.sum()),
        "class_sizes_below_k": {str(s): int(c) for s, c in zip(
            *np.unique(below, return_counts=True), strict=True)},
        "smallest_classes": examples,
    }


def _display_type(column: pd.Series) -> str:
    """The data type whose display rule masks ``column``: by name, else by values."""
    from dfgov.data_protection._detect._validators import is_valid
    from dfgov.data_protection._types import DATA_TYPES, KIND_TO_TYPE, name_type

    cue = name_type(str(column.name))
    if cue is not None and DATA_TYPES[cue].maskable:
        return cue
    head = column.dropna().head(200)
    for kind, data_type in KIND_TO_TYPE.items():
        if len(head) and DATA_TYPES[data_type].maskable and is_valid(head, kind).mean() > 0.5:
            return data_type
    return "unknown"


class AnonymityCheck:
    """Gate before data leaves the bank: k, ℓ, t and prosecutor risk against the policy.

    Parameters
    ----------
    policy : Policy or DataProtectionPolicy, optional
        Reads ``[data_protection.anonymity]`` (defaults k >= 5, ℓ >= 2, t <= 0.2).
    clock : dfgov.clock.Clock, optional
        Where the report's times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.anonymity"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-17",
        "JR/T 0223-2021",
        "GB/T 35273-2020 §6.2",
        "PIPL Art.51",
    )

    control = "data_protection.anonymity"

    def __init__(self, policy: Policy | DataProtectionPolicy | None = None, *,
                 clock: Clock | None = None) -> None:
        from dfgov.data_protection._policy import DataProtectionPolicy
        from dfgov.policy import resolve_section

        resolve_section(policy, DataProtectionPolicy, "AnonymityCheck")
        self.policy = policy
        self.clock = clock

    def run(self, data: pd.DataFrame, quasi_identifiers: Sequence[str] | None = None,
            sensitive: Sequence[str] | None = None) -> Report:
        """A Report of the findings for ``data`` (quasi-identifiers and sensitive columns
        from the policy unless given)."""
        from dfgov.clock import now
        from dfgov.data_protection import _messages  # noqa: F401
        from dfgov.i18n import text
        from dfgov.policy import Policy
        from dfgov.report import Report

        started = now(self.clock)
        findings = self._findings(data, quasi_identifiers, sensitive)
        return Report.build(findings, title=text("data_protection.anonymity.title"),
                            policy=self.policy if isinstance(self.policy, Policy) else None,
                            started_at=started, clock=self.clock)

    def _findings(self, data: pd.DataFrame, quasi_identifiers: Sequence[str] | None,
                  sensitive: Sequence[str] | None) -> list[Finding]:
        from dfgov.data_protection import _messages  # noqa: F401
        from dfgov.data_protection._policy import DataProtectionPolicy
        from dfgov.i18n import text
        from dfgov.policy import resolve_section
        from dfgov.report import Finding, Status

        section = resolve_section(self.policy, DataProtectionPolicy, "AnonymityCheck")
        rules = section.anonymity
        qis = tuple(quasi_identifiers if quasi_identifiers is not None
                    else rules.quasi_identifiers)
        sens = tuple(sensitive if sensitive is not None else rules.sensitive)
        clauses = ("AP-17", "GB/T 35273-2020 §6.2", "PIPL Art.51", "JR/T 0223-2021")
        for c in (*qis, *sens):
            if c not in data.columns:
                return [Finding(control=self.control, status=Status.ERROR,
                                message=text("data_protection.anonymity.missing", column=c),
                                subject=c, clauses=clauses)]
        ec = equivalence_classes(data, qis)
        qtext = ", ".join(qis)
        k = k_anonymity(data, ec)
        out = [Finding(control=self.control, status=judge(k, fail=rules.k, worse="lower"),
                       message=text("data_protection.anonymity.k", qis=qtext, value=k,
                                    threshold=rules.k),
                       metric="k_anonymity", value=k, threshold=rules.k, subject=qtext,
                       clauses=clauses,
                       details=uniqueness_details(data, ec, rules.k, section.masking))]
        risk = reidentification_risk(data, qis, threshold=rules.max_prosecutor_risk)
        out.append(Finding(
            control=self.control,
            status=judge(risk.prosecutor_max, fail=rules.max_prosecutor_risk),
            message=text("data_protection.anonymity.risk", qis=qtext, value=risk.prosecutor_max,
                         average=risk.prosecutor_avg, threshold=rules.max_prosecutor_risk),
            metric="prosecutor_risk", value=risk.prosecutor_max,
            threshold=rules.max_prosecutor_risk, subject=qtext, clauses=clauses,
            details={"average": risk.prosecutor_avg, "records_at_risk": risk.records_at_risk}))
        for s in sens:
            lv = l_diversity(data, ec, s, kind=rules.l_kind)
            out.append(Finding(
                control=self.control, status=judge(lv, fail=rules.l, worse="lower"),
                message=text("data_protection.anonymity.l", kind=rules.l_kind, sensitive=s,
                             qis=qtext, value=lv, threshold=rules.l),
                metric=f"l_diversity_{rules.l_kind}", value=lv, threshold=rules.l,
                subject=s, clauses=clauses))
            tv = t_closeness(data, ec, s)
            out.append(Finding(
                control=self.control, status=judge(tv, fail=rules.t),
                message=text("data_protection.anonymity.t", sensitive=s, qis=qtext, value=tv,
                             threshold=rules.t),
                metric="t_closeness", value=tv, threshold=rules.t, subject=s, clauses=clauses))
        return out
