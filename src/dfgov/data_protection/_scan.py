"""``scan`` (DataFrame), ``scan_file`` (Parquet/CSV in batches), the ``DataProtectionScan`` control.

Examples
--------
>>> import pandas as pd
>>> from dfgov.data_protection import scan
>>> inv = scan(pd.DataFrame({"手机号": ["13812345678", "13987654321"]}))
>>> inv["手机号"].data_type, inv["手机号"].category, inv["手机号"].level
('mobile', 'C2', 3)
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dfgov.clock import Clock, now
from dfgov.data_protection import _messages  # noqa: F401  (registers texts)
from dfgov.data_protection._classify import ColumnEvidence
from dfgov.data_protection._inventory import ColumnClassification, DataInventory
from dfgov.data_protection._policy import DataProtectionPolicy
from dfgov.data_protection._types import DATA_TYPES
from dfgov.errors import InputFileError, InvalidInputError, PolicyError
from dfgov.policy import resolve_section
from dfgov.report import Finding, Report, Status

if TYPE_CHECKING:
    import pandas as pd

    from dfgov.policy import Policy

__all__ = ["DataProtectionScan", "scan", "scan_file"]

BATCH_ROWS = 200_000


def _section(policy: Policy | DataProtectionPolicy | None) -> DataProtectionPolicy:
    if policy is None:
        return DataProtectionPolicy()
    section = resolve_section(policy, DataProtectionPolicy, "DataProtectionScan")
    bad = sorted(set(section.column_types.values()) - set(DATA_TYPES))
    if bad:
        raise PolicyError(
            f"Policy key 'data_protection.column_types' names unknown data types {bad}; "
            f"known: {sorted(DATA_TYPES)}.", path="data_protection.column_types")
    bad_levels = sorted(t for t, lv in section.levels.items() if not 1 <= lv <= 5)
    if bad_levels:
        raise PolicyError(
            f"Policy key 'data_protection.levels' must map data types to levels 1-5; "
            f"out of range for {bad_levels}.", path="data_protection.levels")
    return section


class _Progress:
    """A one-line progress counter on a terminal; silent otherwise."""

    def __init__(self, enabled: bool | None) -> None:
        self.on = sys.stderr.isatty() if enabled is None else enabled
        self.rows = 0

    def step(self, rows: int) -> None:
        self.rows += rows
        if self.on:
            sys.stderr.write(f"\rdfgov scan: {self.rows:,} rows")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on:
            sys.stderr.write("\n")


def _accumulate(
    batches: Iterable[Any], names: list[str] | None, policy: DataProtectionPolicy,
    progress: _Progress,
) -> tuple[list[ColumnClassification], int]:
    evidence: list[ColumnEvidence] | None = None
    rows = 0
    for frame in batches:
        cols = [str(c) for c in (frame.column_names if hasattr(frame, "column_names")
                                 else frame.columns)]
        if evidence is None:
            if len(set(cols)) != len(cols):
                raise InvalidInputError("The table has duplicate column names; rename them.")
            evidence = [ColumnEvidence(c) for c in cols]
        for i, ev in enumerate(evidence):
            col = frame.column(i) if hasattr(frame, "column_names") else frame.iloc[:, i]
            ev.update(col)
        n = frame.num_rows if hasattr(frame, "num_rows") else len(frame)
        rows += n
        progress.step(n)
    progress.close()
    return [ev.finish(policy) for ev in (evidence or [])], rows


def scan(
    data: pd.DataFrame,
    *,
    sample: int | None = None,
    policy: Policy | DataProtectionPolicy | None = None,
    random_state: int | None = None,
) -> DataInventory:
    """Classify every column of a DataFrame.

    Parameters
    ----------
    data : pandas.DataFrame
    sample : int, optional
        Examine this many randomly chosen rows instead of all (default: the policy's
        ``sample``, else every row).
    policy : Policy or DataProtectionPolicy, optional
    random_state : int, optional
        Seed of the sample (default: the policy's ``random_state``).

    Returns
    -------
    DataInventory
    """
    import pandas as pd

    control = DataProtectionScan(policy)
    section = control.section
    if not isinstance(data, pd.DataFrame):
        raise InvalidInputError(
            f"The 'data' argument of scan must be a pandas DataFrame. Got {type(data).__name__}."
        )
    sample, seed = control.sampling(sample, random_state, caller="scan")
    sampled = sample is not None and sample < len(data)
    if sampled:
        data = data.sample(n=sample, random_state=seed)
    columns, rows = _accumulate([data], None, section, _Progress(False))
    return DataInventory.from_columns(columns, rows=rows, sampled=sampled)


def _file_batches(path: Path, sample: int | None, batch_rows: int) -> Iterator[Any]:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        from dfgov.data_protection._detect._normalize import require_pyarrow

        require_pyarrow()
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
        except Exception as exc:
            raise InputFileError(
                f"Cannot read {str(path)!r} as Parquet: {exc.__class__.__name__}.") from None
        left = sample
        batches = pf.iter_batches(batch_size=batch_rows)
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                return
            except Exception as exc:  # a corrupt page or column chunk
                raise InputFileError(
                    f"Cannot read {str(path)!r} as Parquet: {exc.__class__.__name__}.") from None
            if left is not None:
                batch = batch.slice(0, left)
                left -= batch.num_rows
            yield batch
            if left is not None and left <= 0:
                return
    elif suffix in (".csv", ".txt", ".tsv"):
        import pandas as pd

        sep = "\t" if suffix == ".tsv" else ","
        try:
            reader = pd.read_csv(path, dtype=str, chunksize=batch_rows, sep=sep,
                                 keep_default_na=True, nrows=sample, encoding_errors="replace")
            yield from reader
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
            raise InputFileError(
                f"Cannot read {str(path)!r} as CSV: {exc.__class__.__name__}.") from None
    else:
        raise InputFileError(
            f"The file {str(path)!r} must be .parquet or .csv (got {suffix or 'no suffix'!r}).")


def scan_file(
    path: str | Path,
    *,
    sample: int | None = None,
    policy: Policy | DataProtectionPolicy | None = None,
    batch_rows: int = BATCH_ROWS,
    progress: bool | None = None,
) -> DataInventory:
    """Classify every column of a Parquet or CSV file, batch by batch (bounded memory).

    Parameters
    ----------
    path : str or Path
        ``.parquet`` (read in record batches) or ``.csv`` (read as text, in chunks).
    sample : int, optional
        Examine only the first ``sample`` rows.
    policy : Policy or DataProtectionPolicy, optional
    batch_rows : int
        Rows per batch.
    progress : bool, optional
        Show a progress line (default: only when stderr is a terminal).
    """
    from dfgov.fingerprint import fingerprint_file

    control = DataProtectionScan(policy)
    section = control.section
    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"The file {str(p)!r} does not exist or is not a file.")
    sample, _ = control.sampling(sample, None, caller="scan_file")
    columns, rows = _accumulate(_file_batches(p, sample, batch_rows), None, section,
                                _Progress(progress))
    return DataInventory.from_columns(columns, rows=rows, sampled=sample is not None,
                                      source=str(p), fingerprints={"data": fingerprint_file(p)})


class DataProtectionScan:
    """Control: inventory plus the policy's profile rules and anonymity gate.

    Parameters
    ----------
    policy : Policy or DataProtectionPolicy, optional
    clock : Clock, optional
        Where report times are read (default :data:`dfgov.clock.SYSTEM_CLOCK`); a
        :class:`dfgov.clock.FixedClock` pins them.

    Notes
    -----
    Profile rules (``[data_protection] profile``):

    * ``storage``: C3 columns warn (store them only encrypted);
    * ``display``: C3 columns fail; maskable C2 columns holding clear values fail;
    * ``export``: as ``display``, plus the anonymity gate when quasi-identifiers are set.
    """

    #: Traceability (``dfgov clauses``): the control and the clauses it serves.
    control_id: ClassVar[str] = "data_protection.scan"
    clauses: ClassVar[tuple[str, ...]] = (
        "AP-17",
        "JR/T 0171-2020",
        "JR/T 0197-2020",
        "JR/T 0223-2021",
        "GB/T 35273-2020 §6.2",
        "PIPL Art.28",
        "PIPL Art.51",
    )

    control = "data_protection.scan"

    def __init__(self, policy: Policy | DataProtectionPolicy | None = None, *,
                 clock: Clock | None = None) -> None:
        _section(policy)
        self.policy = policy
        self.clock = clock

    @property
    def section(self) -> DataProtectionPolicy:
        """The ``[data_protection]`` section in force (defaults when no policy), checked.

        Raises
        ------
        PolicyError
            ``column_types`` names an unknown data type, or ``levels`` a level outside 1-5.
        """
        return _section(self.policy)

    def sampling(
        self, sample: int | None, random_state: int | None = None, *, caller: str = "scan"
    ) -> tuple[int | None, int]:
        """The rows a scan examines and the seed it draws them with (every scan front end).

        Parameters
        ----------
        sample : int, optional
            Rows to examine; default the policy's ``sample`` (None: every row).
        random_state : int, optional
            Seed of the sample; default the policy's ``random_state``.
        caller : str
            The function named in the error message.

        Returns
        -------
        tuple of (int or None, int)
            The sample size (None: every row) and the seed.

        Raises
        ------
        InvalidInputError
            ``sample`` is not an integer >= 1.
        """
        section = self.section
        sample = section.sample if sample is None else sample
        if sample is not None and (isinstance(sample, bool) or not isinstance(sample, int)
                                   or sample < 1):
            raise InvalidInputError(f"The 'sample' argument of {caller} must be an integer >= 1.")
        return sample, section.random_state if random_state is None else random_state

    def _report(self, inventory: DataInventory, data: pd.DataFrame | None) -> Report:
        section = self.section
        started = now(self.clock)
        findings = list(profile_findings(inventory, section))
        if data is not None and section.anonymity.quasi_identifiers:
            from dfgov.data_protection._anonymity import AnonymityCheck

            findings.extend(AnonymityCheck(section).run(data).findings)
        pol = self.policy if not isinstance(self.policy, DataProtectionPolicy) else None
        return inventory.to_report(policy=pol, extra=findings, started_at=started,
                                   clock=self.clock)

    def run(self, data: pd.DataFrame, *, sample: int | None = None) -> Report:
        """Scan a DataFrame and judge it against the policy.

        Raises
        ------
        InvalidInputError
            ``data`` has no rows: there is nothing to judge, and no verdict is a pass.
        """
        inv = scan(data, sample=sample, policy=self.policy)
        if inv.rows == 0:
            raise InvalidInputError(
                "The 'data' argument of DataProtectionScan.run has no rows; there is nothing "
                "to classify or judge.")
        return self._report(inv, data)

    def run_file(self, path: str | Path, *, sample: int | None = None,
                 progress: bool | None = None) -> Report:
        """Scan a file in batches; the anonymity gate reads only the quasi-identifier columns.

        Raises
        ------
        InputFileError
            The file cannot be read, or has no rows ("no rows in ..."): no verdict is a pass.
        """
        inv = scan_file(path, sample=sample, policy=self.policy, progress=progress)
        if inv.rows == 0:
            raise InputFileError(
                f"no rows in {str(path)!r}: the file has {len(inv)} column(s) and no data to "
                "classify or judge.")
        section = _section(self.policy)
        data = None
        if section.anonymity.quasi_identifiers:
            data = _read_columns(Path(path), inv, section)
        return self._report(inv, data)


def _read_columns(path: Path, inv: DataInventory, section: DataProtectionPolicy) -> Any:
    import pandas as pd

    want = [*section.anonymity.quasi_identifiers, *section.anonymity.sensitive]
    have = {c.column for c in inv}
    cols = [c for c in dict.fromkeys(want) if c in have]
    if path.suffix.lower() in (".parquet", ".pq"):
        return pd.read_parquet(path, columns=cols)
    return pd.read_csv(path, usecols=cols, dtype=str)


def profile_findings(
    inventory: DataInventory, section: DataProtectionPolicy
) -> Iterator[Finding]:
    """Findings of the profile rules for every classified column."""
    from dfgov.data_protection._messages import type_label
    from dfgov.i18n import text

    profile = section.profile
    pname = text(f"data_protection.profile_name.{profile}")
    for c in inventory:
        spec = DATA_TYPES.get(c.data_type)
        if c.category == "C3":
            key = {"storage": "c3_storage", "display": "c3_display", "export": "c3_export"}
            yield Finding(
                control="data_protection.profile",
                status=Status.WARN if profile == "storage" else Status.FAIL,
                message=text(f"data_protection.profile.{key[profile]}", column=c.column,
                                  data_type=type_label(c.data_type)),
                subject=c.column,
                clauses=("AP-17", "JR/T 0171-2020", "JR/T 0223-2021", "PIPL Art.28"),
                details={"profile": profile, "data_type": c.data_type, "category": "C3"},
            )
        elif profile != "storage" and c.category == "C2" and spec is not None and spec.maskable:
            clear = c.share if c.evidence in ("values", "values+name", "declared") else max(
                0.0, 1.0 - c.masked_share)
            clear = max(0.0, min(clear, 1.0 - c.masked_share))
            if clear > 0:
                yield Finding(
                    control="data_protection.profile",
                    status=Status.FAIL,
                    message=text("data_protection.profile.unmasked", column=c.column,
                                      data_type=type_label(c.data_type), category=c.category,
                                      profile=pname, share=clear),
                    metric="share_in_clear", value=clear, threshold=0.0, subject=c.column,
                    clauses=("AP-17", "JR/T 0171-2020", "JR/T 0223-2021",
                             "GB/T 35273-2020 §6.2", "PIPL Art.51"),
                    details={"profile": profile, "data_type": c.data_type},
                )
            else:
                yield Finding(
                    control="data_protection.profile", status=Status.PASS,
                    message=text("data_protection.profile.masked", column=c.column,
                                      data_type=type_label(c.data_type)),
                    metric="share_in_clear", value=0.0, threshold=0.0, subject=c.column,
                    clauses=("AP-17", "JR/T 0171-2020", "JR/T 0223-2021"),
                )
