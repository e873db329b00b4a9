"""Record integrity: keyed MACs (HMAC-SM3 / HMAC-SHA256) and signatures through a signer.

Both work on the canonical bytes of a record (:func:`canonical_record`):
UTF-8 JSON with sorted keys and no spaces. A MAC tag reads
``"<key id, 8 hex>:<mac hex>"`` so verification finds its key after a rotation.
Signatures go through the :class:`dfgov.audit.Signer` / ``Verifier``
interface — :class:`dfgov.audit.Ed25519Signer` by default; SM2 only through
a pluggable provider implementing the same members (dfgov ships no SM2 code).
"""

from __future__ import annotations

import json
import math
from base64 import b64decode, b64encode
from collections.abc import Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING, Any

from dfgov.data_protection.crypto._deterministic import check_mac_algorithm
from dfgov.data_protection.crypto._keyring import Keyring
from dfgov.data_protection.crypto._values import check_name
from dfgov.errors import InvalidInputError, TamperError

if TYPE_CHECKING:
    from dfgov.audit import Signer, Verifier
    from dfgov.data_protection.crypto._cipher import MacAlgorithm
    from dfgov.data_protection.crypto._primitives import Mac
    from dfgov.policy import Policy

__all__ = ["RecordMAC", "canonical_record", "sign_record", "verify_record"]


def _scalar(field: str, v: Any) -> Any:
    if v is not None and not isinstance(v, (str, int, float, bool)) and hasattr(v, "item"):
        v = v.item()  # numpy scalar
    if isinstance(v, float) and not math.isfinite(v):
        return None if math.isnan(v) else repr(v)
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(v, (bytes, bytearray)):
        return {"b64": b64encode(bytes(v)).decode("ascii")}
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    raise InvalidInputError(
        f"Record field {field!r} must be a str, number, bool, bytes, date or None. "
        f"Got {type(v).__name__}."
    )


def canonical_record(record: Mapping[str, Any]) -> bytes:
    """The canonical bytes signed and MACed: sorted-key compact UTF-8 JSON.

    Missing markers (None, NaN, pd.NA) are ``null``; bytes are ``{"b64": ...}``;
    dates and times are ISO 8601.

    Examples
    --------
    >>> canonical_record({"b": 1, "a": "张"})
    b'{"a":"\\xe5\\xbc\\xa0","b":1}'
    """
    if not isinstance(record, Mapping):
        raise InvalidInputError("A record must be a mapping of field name to value.")
    clean = {}
    for k, v in record.items():
        if not isinstance(k, str):
            raise InvalidInputError("Record field names must be str.")
        clean[k] = _scalar(k, v)
    return json.dumps(clean, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _records(records: Any) -> list[Mapping[str, Any]]:
    if hasattr(records, "to_dict") and hasattr(records, "columns"):
        return list(records.to_dict("records"))
    if isinstance(records, Mapping):
        raise InvalidInputError("Pass a sequence of records (or a DataFrame), not one record.")
    return list(records)


@dataclass(eq=False, repr=False)
class RecordMAC:
    """Keyed integrity tags for records (rows), with verification.

    Parameters
    ----------
    keyring : Keyring
    domain : str
        Key scope is ``"record-mac/<domain>"``; tags of one domain do not verify in another.
    algorithm : {"HMAC-SM3", "HMAC-SHA256"}, optional
        Default: the policy's ``mac_algorithm`` ("HMAC-SM3").
    policy : Policy, optional

    Examples
    --------
    >>> rm = RecordMAC(Keyring.in_memory(), domain="loans")
    >>> t = rm.tag({"id": 1, "amount": 5000})
    >>> rm.verify({"amount": 5000, "id": 1}, t)
    """

    keyring: Keyring
    _: KW_ONLY
    domain: str
    algorithm: MacAlgorithm | None = None
    policy: Policy | None = None

    def _mac(self) -> Mac:
        domain = check_name(self.domain, "domain", "RecordMAC")
        alg = check_mac_algorithm(self.algorithm, self.policy, "RecordMAC")
        return self.keyring.mac(domain, alg)

    def _messages(self, rows: list[Mapping[str, Any]]) -> list[bytes]:
        """What is MACed: domain-separated canonical bytes (validates every record)."""
        prefix = b"dfgov-record\x00" + self.domain.encode("utf-8") + b"\x00"
        return [prefix + canonical_record(r) for r in rows]

    def tag(self, record: Mapping[str, Any]) -> str:
        """The tag of one record under the current primary MAC key."""
        return self.tag_many([record])[0]

    def tag_many(self, records: Any) -> list[str]:
        """Tags of many records (a sequence of mappings or a DataFrame's rows)."""
        mac = self._mac()
        return mac.tag_values(self._messages(_records(records)))

    def verify(self, record: Mapping[str, Any], tag: str) -> None:
        """Raise :class:`~dfgov.errors.TamperError` unless ``tag`` is the record's tag."""
        if self.verify_many([record], [tag]):
            raise TamperError(f"The record MAC of domain {self.domain!r} does not verify.")

    def verify_many(self, records: Any, tags: Sequence[str]) -> list[int]:
        """Positions whose tag does not verify (empty list: all intact)."""
        mac = self._mac()
        rows = _records(records)
        tag_list = list(tags)
        if len(tag_list) != len(rows):
            raise InvalidInputError(
                f"RecordMAC.verify_many needs one tag per record: got {len(tag_list)} tags "
                f"for {len(rows)} records."
            )
        return mac.verify_values(self._messages(rows), tag_list)

    def __repr__(self) -> str:
        return f"RecordMAC(domain={self.domain!r}, algorithm={self.algorithm!r})"


def sign_record(record: Mapping[str, Any], signer: Signer) -> str:
    """Signature of the record's canonical bytes: ``"<algorithm>:<key id>:<base64>"``.

    ``signer`` is a :class:`dfgov.audit.Signer` — :class:`dfgov.audit.Ed25519Signer`
    by default, or an HSM / SM2 provider implementing the same members.
    """
    if not callable(getattr(signer, "sign", None)) or not isinstance(
        getattr(signer, "algorithm", None), str
    ):
        raise InvalidInputError(
            "The 'signer' argument must be a dfgov.audit.Signer (algorithm, key_id, sign)."
        )
    sig = signer.sign(canonical_record(record))
    key_id = str(getattr(signer, "key_id", ""))
    return f"{signer.algorithm}:{key_id}:{b64encode(sig).decode('ascii')}"


def verify_record(record: Mapping[str, Any], signature: str, verifier: Verifier) -> None:
    """Raise :class:`~dfgov.errors.TamperError` unless ``signature`` verifies.

    ``verifier`` is a :class:`dfgov.audit.Verifier` (``Ed25519Signer.verifier()``,
    ``Ed25519Verifier``, or a provider's); its algorithm and key id must match
    the signature's.
    """
    if not callable(getattr(verifier, "verify", None)):
        raise InvalidInputError("The 'verifier' argument must be a dfgov.audit.Verifier.")
    parts = signature.split(":") if isinstance(signature, str) else []
    ok = False
    if len(parts) == 3 and parts[0] == verifier.algorithm and parts[1] == str(
        getattr(verifier, "key_id", "")
    ):
        try:
            data = canonical_record(record)
        except InvalidInputError:
            raise
        try:
            ok = verifier.verify(data, b64decode(parts[2], validate=True)) is True
        except Exception:  # a provider's own exception means: does not verify
            ok = False
    if not ok:
        raise TamperError("The record signature does not verify.")
