"""The waiver (risk acceptance) record and how waivers are read from a file."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from dfgov._validate import renamed_arg
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.review._records import _HEX64, _Record, check_id

__all__ = ["Waiver", "WaiverState", "dump_waivers", "read_waivers"]

WaiverState = Literal["requested", "approved", "rejected", "revoked"]


class Waiver(_Record):
    """A risk acceptance of one failing finding, for one model version, until a date.

    It fits :class:`dfgov.waivers.Waiver`, so :func:`dfgov.waivers.apply_waivers`,
    ``ModelRiskAssessment.run(waivers=...)`` and ``dfgov gate --waivers`` take it.

    Parameters
    ----------
    id : str
    control : str
        Control id of the accepted finding (checked against the policy's
        ``[waivers] non_waivable`` when requested and when applied).
    subject : str, optional
        The finding's subject (e.g. the group or column); or, to name one
        finding exactly,
    finding_fingerprint : str, optional
        The finding's :attr:`~dfgov.report.Finding.fingerprint` (then it
        matches on the fingerprint, and ``subject`` is not used).
    model, version : str
        The model (inventory id) and the version accepted; another version
        is out of scope.
    model_fingerprint : str, optional
        Pin the exact fitted model (the report's ``fingerprints["model"]``).
    reason, compensating_controls
        Why the risk is accepted and what mitigates it meanwhile.
    requester, approver : str
        Who asks and who accepts; never the same person.
    valid_from, expires : date
        First and last day the waiver holds.
    dossier_id : str, optional
        The compliance review the acceptance belongs to.
    """

    id: str
    control: str | None = Field(None, description="Control id of the finding (required).")
    subject: str | None = None
    finding_fingerprint: str | None = None
    model: str
    version: str
    model_fingerprint: str | None = None
    reason: str = Field(min_length=1)
    compensating_controls: tuple[str, ...] = ()
    requester: str = Field(min_length=1)
    requested_at: datetime
    valid_from: date
    expires: date
    status: WaiverState = "requested"
    approver: str | None = None
    decided_at: datetime | None = None
    decision_note: str = ""
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    dossier_id: str | None = None

    @field_validator("id", "model", "version")
    @classmethod
    def _ids(cls, v: str) -> str:
        return check_id(v, "id, model and version")

    @field_validator("finding_fingerprint", "model_fingerprint")
    @classmethod
    def _hex(cls, v: str | None) -> str | None:
        if v is not None and not _HEX64.fullmatch(v):
            raise ValueError("must be a 64-character lower-case hex SHA-256 digest")
        return v

    @model_validator(mode="after")
    def _shape(self) -> Waiver:
        if self.control is None:
            raise ValueError("'control' is required (the control id of the accepted finding)")
        if self.expires < self.valid_from:
            raise ValueError("'expires' is before 'valid_from'")
        if self.status == "approved" and (not self.approver or self.approver == self.requester):
            raise ValueError("an approved waiver needs an approver other than its requester")
        return self

    @property
    def target(self) -> str:
        """What it accepts, e.g. ``fairness.demographic_parity[sex]``."""
        if self.finding_fingerprint is not None:
            return f"{self.control} #{self.finding_fingerprint[:12]}"
        return f"{self.control}[{self.subject}]" if self.subject else str(self.control)

    def active(self, as_of: date | None = None, *, on: date | None = None) -> bool:
        """Approved and within its validity on ``as_of`` (required; ``on``: its deprecated
        old name, which warns and goes in the next release)."""
        day = renamed_arg(as_of, on, caller="Waiver.active", new="as_of", old="on",
                          required=True)
        return self.status == "approved" and self.valid_from <= day <= self.expires


def dump_waivers(waivers: Iterable[Waiver]) -> str:
    """JSON text of ``waivers`` (what ``dfgov waiver export`` writes)."""
    return json.dumps({"schema_version": "1.0", "waivers": [
        w.model_dump(mode="json") for w in waivers]}, ensure_ascii=False, indent=2) + "\n"


def read_waivers(path: str | Path) -> list[Waiver]:
    """Waivers from a JSON file written by :func:`dump_waivers` (or a plain list of them).

    Raises
    ------
    InputFileError
        The file cannot be read or is not JSON.
    InvalidInputError
        An item is not a valid waiver (the message names its index and field).
    """
    p = Path(path)
    try:
        data: Any = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputFileError(
            f"Cannot read waivers from {str(p)!r} ({exc.__class__.__name__}).") from None
    items = data.get("waivers") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise InvalidInputError(
            f"The waiver file {str(p)!r} must hold a list of waivers or an object with "
            "'waivers'.")
    out: list[Waiver] = []
    for i, item in enumerate(items):
        try:
            out.append(Waiver.model_validate(item))
        except InvalidInputError as exc:
            raise InvalidInputError(f"waivers[{i}]: {exc}") from None
    ids = [w.id for w in out]
    if len(set(ids)) != len(ids):
        raise InvalidInputError(f"The waiver file {str(p)!r} holds the same waiver id twice.")
    return out
