"""Column classification: value evidence plus name evidence → data type, category, level.

Evidence is accumulated batch by batch (:class:`ColumnEvidence`), so a file
larger than memory is classified in one pass with bounded memory; an in-memory
DataFrame is one batch.

The rule (also in the docs):

1. A type declared in the policy (``column_types``) wins, confidence 1.
2. Identifiers stored as floats (integral values of 10^12 or more, or strings in
   scientific notation) make a ``damaged_identifier`` column.
3. Value evidence: the share of non-null values that validate as a kind. A kind
   counts from ``min_share`` up; ``pattern`` kinds (passport, permits, dates) also
   need the name to agree. Integer columns are tested only with check-character
   kinds; float columns and columns named like amounts, balances, income or
   credit never become identifiers.
4. Name evidence (English or Chinese): score 0.6 for types values can confirm,
   0.8 for types only a name can reveal (password, balance, name, address ...).
5. Agreement gives ``1 - (1 - v)(1 - n)``; otherwise the higher score wins.
   Kinds are first tried on a random pilot of 1,000 non-null values per batch;
   those below a 20% share there (which cannot reach ``min_share``) are not
   validated on every cell.
6. Strings with no type yet (or named like remarks) are searched for identifiers
   in free text (first 2,000 values): any validated span makes ``free_text``.
7. Below ``min_confidence`` the column is ``unknown``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dfgov.data_protection._detect._normalize import Prepared, require_pyarrow
from dfgov.data_protection._detect._validators import KINDS, validate_prepared
from dfgov.data_protection._inventory import ColumnClassification, Evidence
from dfgov.data_protection._policy import DataProtectionPolicy
from dfgov.data_protection._types import AMOUNT_TYPES, DATA_TYPES, KIND_TO_TYPE, name_type
from dfgov.errors import InvalidInputError

__all__ = ["ColumnEvidence"]

TEXT_SAMPLE = 2000
#: Rows of the random pilot that decides which kinds are validated on every cell.
PILOT_ROWS = 1000
#: A kind below this share in the pilot is not validated further in that batch.
PILOT_FLOOR = 0.2
_N_EXAMPLES = 3
_IDENTIFIER_TYPES = frozenset(KIND_TO_TYPE.values())
_SCIENTIFIC = r"^[0-9](?:\.[0-9]+)?E\+?[0-9]{1,3}$"


class ColumnEvidence:
    """Evidence about one column, accumulated over batches.

    Parameters
    ----------
    column : str
        The column name (name evidence).
    """

    def __init__(self, column: str) -> None:
        self.column = column
        self.dtype: str | None = None
        self.value_kind: str | None = None
        self.rows = 0
        self.non_null = 0
        self.damaged = 0
        self.masked = 0
        self.matches: dict[str, int] = {}
        self._examples: dict[str, list[str]] = {}
        self._firsts: list[str] = []
        self._text: list[str] = []
        self.cue = name_type(column)

    def _kinds_to_test(self, p: Prepared) -> list[str]:
        if p.value_kind == "integer":
            cands = [k for k, s in KINDS.items() if s.strength == "checksum"]
        elif p.value_kind == "string":
            cands = list(KINDS)
        elif p.value_kind == "datetime":
            return ["date_of_birth"]
        else:
            return []
        lengths = p.lengths
        present = np.bincount(lengths[lengths >= 0], minlength=1) if len(lengths) else np.zeros(1)
        out = []
        for k in cands:
            spec = KINDS[k]
            if k == "date_of_birth":
                out.append(k)
                continue
            lo, hi = spec.min_length, min(spec.max_length, len(present) - 1)
            if lo <= hi and present[lo : hi + 1].any():
                out.append(k)
        return out

    def _pilot(self, p: Prepared, kinds: list[str]) -> list[str]:
        """Kinds worth validating on every cell: those a random pilot does not rule out."""
        if p.size < 4 * PILOT_ROWS or len(kinds) <= 1:
            return kinds
        pa = require_pyarrow()
        rows = np.flatnonzero(p.notnull)
        if rows.size < 4 * PILOT_ROWS:
            return kinds
        rng = np.random.default_rng(len(rows))
        pick = np.sort(rng.choice(rows, PILOT_ROWS, replace=False))
        pilot = Prepared(p.raw.take(pa.array(pick)), argument=self.column)
        return [k for k in kinds if validate_prepared(pilot, k).mean() >= PILOT_FLOOR]

    def update(self, values: Any) -> None:
        """Add one batch of the column's values."""
        pa = require_pyarrow()
        pc = pa.compute
        p = Prepared(values, argument=self.column)
        if self.dtype is None:
            self.dtype = str(getattr(values, "dtype", None) or getattr(values, "type", "object"))
            self.value_kind = p.value_kind
        self.rows += p.size
        notnull = p.notnull
        self.non_null += int(notnull.sum())
        if p.value_kind == "float":
            f = np.asarray(pc.cast(p.raw, pa.float64()).to_numpy(zero_copy_only=False), float)
            with np.errstate(invalid="ignore"):
                dmg = np.isfinite(f) & (np.abs(f) >= 1e12) & (np.floor(f) == f)
            self.damaged += int(dmg.sum())
            return
        if p.value_kind in ("bool", "other"):
            return
        if p.value_kind == "string":
            m = p.matrix
            sci = ((m == ord("E")).any(axis=1) & (p.columns(1, 2)[:, 0] == ord("."))
                   & (p.lengths >= 3) & (p.lengths <= 25))
            if sci.any():
                self.damaged += int(p.match(_SCIENTIFIC, rows=np.flatnonzero(sci)).sum())
            masked = pc.or_(pc.match_substring(p.trimmed, "**"),
                            pc.starts_with(p.trimmed, "ps:"))
            self.masked += int(pc.sum(pc.fill_null(masked, False)).as_py() or 0)
        for kind in self._pilot(p, self._kinds_to_test(p)):
            ok = validate_prepared(p, kind)
            n = int(ok.sum())
            if not n:
                continue
            self.matches[kind] = self.matches.get(kind, 0) + n
            have = self._examples.setdefault(kind, [])
            if len(have) < _N_EXAMPLES:
                idx = np.flatnonzero(ok)[: _N_EXAMPLES - len(have)]
                have.extend(str(v) for v in p.raw.take(pa.array(idx)).to_pylist())
        need = TEXT_SAMPLE - len(self._text)
        if need > 0 and p.value_kind == "string":
            idx = np.flatnonzero(notnull)[:need]
            vals = [str(v) for v in p.raw.take(pa.array(idx)).to_pylist()]
            self._text.extend(vals)
            self._firsts.extend(vals[: _N_EXAMPLES - len(self._firsts)])

    def merge(self, other: ColumnEvidence) -> None:
        """Add the evidence of a later part of the same column (e.g. a later partition).

        Counters add up; the first-N lists (examples per identifier kind, first
        values, the free-text sample) keep their first N in order, so merging
        the evidence of consecutive parts equals one sequential pass over them
        (except the per-batch pilot, which is random per batch).

        Parameters
        ----------
        other : ColumnEvidence
            Evidence of the same column over rows that come after this one's.

        Raises
        ------
        InvalidInputError
            ``other`` is not a ColumnEvidence of the same column.
        """
        if not isinstance(other, ColumnEvidence) or other.column != self.column:
            raise InvalidInputError(
                "The 'other' argument of ColumnEvidence.merge must be a ColumnEvidence of the "
                "same column."
            )
        if self.dtype is None:
            self.dtype, self.value_kind = other.dtype, other.value_kind
        self.rows += other.rows
        self.non_null += other.non_null
        self.damaged += other.damaged
        self.masked += other.masked
        for kind, n in other.matches.items():
            self.matches[kind] = self.matches.get(kind, 0) + n
        for kind, values in other._examples.items():
            have = self._examples.setdefault(kind, [])
            have.extend(values[: max(_N_EXAMPLES - len(have), 0)])
        self._firsts.extend(other._firsts[: max(_N_EXAMPLES - len(self._firsts), 0)])
        self._text.extend(other._text[: max(TEXT_SAMPLE - len(self._text), 0)])

    # -- decision -------------------------------------------------------------
    def _type_shares(self) -> dict[str, float]:
        shares: dict[str, float] = {}
        if not self.non_null:
            return shares
        for kind, n in self.matches.items():
            t = KIND_TO_TYPE[kind]
            shares[t] = max(shares.get(t, 0.0), 0.0) + n / self.non_null
        return {t: min(v, 1.0) for t, v in shares.items()}

    def _kind_strength(self, data_type: str) -> float:
        kinds = [k for k, t in KIND_TO_TYPE.items() if t == data_type and k in self.matches]
        return 1.0 if any(KINDS[k].strength != "pattern" for k in kinds) else 0.8

    def finish(self, policy: DataProtectionPolicy | None = None) -> ColumnClassification:
        """Decide the column's type, category and level."""
        from dfgov.data_protection._mask import mask

        policy = policy or DataProtectionPolicy()
        shares = self._type_shares()
        cue = self.cue
        declared = policy.column_types.get(self.column)
        data_type, confidence, share = "unknown", 0.0, 0.0
        evidence: Evidence = "none"
        contains: tuple[str, ...] = ()
        damaged_share = self.damaged / self.non_null if self.non_null else 0.0

        eligible = {
            t: s * self._kind_strength(t) for t, s in shares.items()
            if s >= policy.min_share and (self._kind_strength(t) == 1.0 or cue == t)
        }
        if cue in AMOUNT_TYPES:
            eligible = {}
        best = max(eligible, key=lambda t: eligible[t]) if eligible else None
        n_score = 0.0
        if cue is not None and cue != "free_text":
            n_score = 0.6 if cue in _IDENTIFIER_TYPES else 0.8

        if declared is not None:
            data_type, confidence, evidence = declared, 1.0, "declared"
            share = shares.get(declared, 0.0)
        elif damaged_share >= policy.min_share or (
            self.value_kind == "float" and cue in _IDENTIFIER_TYPES and self.non_null
        ):
            data_type, evidence = "damaged_identifier", "damaged"
            share = damaged_share
            confidence = max(damaged_share, 0.6 if cue in _IDENTIFIER_TYPES else 0.0)
        elif best is not None and best == cue:
            v = eligible[best]
            data_type, confidence, evidence = best, 1 - (1 - v) * (1 - n_score), "values+name"
            share = shares[best]
        elif best is not None and eligible[best] >= n_score:
            data_type, confidence, evidence, share = best, eligible[best], "values", shares[best]
        elif cue is not None and cue != "free_text":
            data_type, confidence, evidence = cue, n_score, "name"
            share = shares.get(cue, 0.0)

        if (data_type == "unknown" or cue == "free_text") and self._text:
            from dfgov.data_protection._detect._text import find_pii

            spans = find_pii(self._text)
            if len(spans):
                data_type, evidence = "free_text", "text"
                share = spans["row"].nunique() / len(self._text)
                confidence = 0.9
                contains = tuple(sorted(set(spans["kind"])))
            elif cue == "free_text":
                data_type, confidence, evidence = "free_text", 0.8, "name"
        if confidence < policy.min_confidence and evidence != "declared":
            data_type, confidence, evidence, share = "unknown", confidence, "none", 0.0

        spec = DATA_TYPES.get(data_type, DATA_TYPES["unknown"])
        category = policy.categories.get(data_type, spec.category)
        level = policy.levels.get(data_type, spec.level)
        if self.column in policy.important_data:
            level = 5
        examples: tuple[str, ...] = ()
        if spec.maskable:
            raw = [v for k, t in KIND_TO_TYPE.items() if t == data_type
                   for v in self._examples.get(k, [])][:_N_EXAMPLES]
            if not raw and evidence in ("name", "declared"):
                raw = self._firsts[:_N_EXAMPLES]
            if raw:
                examples = tuple(
                    str(x) for x in mask(raw, data_type, rules=policy.masking).tolist()
                    if x is not None
                )
        masked_share = self.masked / self.non_null if self.non_null else 0.0
        return ColumnClassification(
            column=self.column, dtype=self.dtype or "object", data_type=data_type,
            category=category, level=int(level), confidence=round(float(confidence), 6),
            share=round(float(share), 6), evidence=evidence, rows=self.rows,
            non_null=self.non_null, masked_share=round(masked_share, 6), contains=contains,
            examples=examples,
        )
