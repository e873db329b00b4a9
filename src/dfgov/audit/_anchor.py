"""Signed audit-log anchors: the head hash, signed, kept outside the database.

An anchor (:meth:`AuditLog.head`) detects a truncated or rewritten log only
if it is kept where the log's administrator cannot change it. A *signed*
anchor can be kept anywhere — a ticket, an e-mail, the bundle of the next
report — because nobody without the signing key (Ed25519, or SM2 for
GB/T 39786 level 3) can make another one that verifies.

Format ``dfgov-audit-anchor/1`` (a JSON file)::

    {"anchor": {"format": "dfgov-audit-anchor/1", "log_id": "...", "table": "...",
                "algorithm": "sha256" | "sm3", "keyed": false, "events": 42,
                "head": "<hex chain hash of event 42>", "created_at": "<ISO 8601>",
                "note": null},
     "signature_algorithm": "ed25519" | "sm2-sm3", "key_id": "<16 hex>",
     "signature": "<base64>"}

The signature covers the canonical JSON (sorted keys, no spaces, UTF-8) of
the document without ``"signature"``.
"""

from __future__ import annotations

import base64
import binascii
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dfgov.audit._event import VerifyResult
from dfgov.audit._signing import Signer, Verifier, load_verifier
from dfgov.errors import InputFileError, InvalidInputError
from dfgov.i18n import register_messages, text

if TYPE_CHECKING:
    from dfgov.audit._log import AuditLog

__all__ = ["ANCHOR_FORMAT", "sign_anchor", "verify_anchor"]

ANCHOR_FORMAT = "dfgov-audit-anchor/1"

register_messages({
    "audit.anchor.empty": {
        "en": "The audit log is empty: there is no head to anchor.",
        "zh-CN": "审计日志为空：没有可锚定的链头。",
    },
    "audit.anchor.signature": {
        "en": "The signed anchor does not verify with the given public key "
              "({algorithm}, key {key_id}).",
        "zh-CN": "使用所给公钥（{algorithm}，密钥 {key_id}）无法验证已签名的锚点。",
    },
    "audit.anchor.algorithm": {
        "en": "The anchor is signed with {signed} but the given public key is {given}: "
              "verify it with the signer's {signed} public key.",
        "zh-CN": "锚点使用 {signed} 签名，但所给公钥为 {given}：请使用签名者的 {signed} 公钥验证。",
    },
    "audit.anchor.log": {
        "en": "The signed anchor belongs to another audit log (log id {expected}).",
        "zh-CN": "该已签名锚点属于另一个审计日志（日志标识 {expected}）。",
    },
})


def _signed_bytes(doc: dict[str, Any]) -> bytes:
    from dfgov.audit._canonical import canonical_json

    body = {k: v for k, v in doc.items() if k != "signature"}
    return canonical_json(body, what="anchor").encode("utf-8")


def sign_anchor(log: AuditLog, signer: Signer, *, note: str | None = None) -> dict[str, Any]:
    """A signed anchor of ``log``'s current head (write it with ``json.dumps``).

    Parameters
    ----------
    log : AuditLog
    signer : Signer
        E.g. :class:`~dfgov.audit.SM2Signer` or :class:`~dfgov.audit.Ed25519Signer`.
    note : str, optional
        Free text kept in the anchor (e.g. a ticket number).

    Raises
    ------
    InvalidInputError
        The log is empty, or ``signer`` is not a :class:`Signer`.
    """
    from dfgov.clock import now

    if not isinstance(signer, Signer):
        raise InvalidInputError(
            "The 'signer' argument of sign_anchor must implement dfgov.audit.Signer.")
    if note is not None and (not isinstance(note, str) or len(note) > 1000):
        raise InvalidInputError("The 'note' of sign_anchor must be text of at most 1,000 "
                                "characters.")
    with log._engine.connect() as conn:  # one read: the count and the hash belong together
        head = log._store.head(conn)
    if head is None:
        raise InvalidInputError(text("audit.anchor.empty").en)
    doc: dict[str, Any] = {
        "anchor": {
            "format": ANCHOR_FORMAT, "log_id": log.log_id, "table": log.table,
            "algorithm": log.algorithm, "keyed": log.keyed, "events": int(head[0]),
            "head": str(head[1]), "created_at": now().isoformat(), "note": note,
        },
        "signature_algorithm": signer.algorithm,
        "key_id": signer.key_id,
    }
    doc["signature"] = base64.b64encode(signer.sign(_signed_bytes(doc))).decode("ascii")
    return doc


def _load(anchor: dict[str, Any] | bytes | str | Path) -> dict[str, Any]:
    if isinstance(anchor, dict):
        return anchor
    raw: bytes | str
    if isinstance(anchor, Path) or (isinstance(anchor, str) and not anchor.lstrip()
                                    .startswith("{")):
        try:
            raw = Path(anchor).read_bytes()
        except OSError as exc:
            raise InputFileError(f"Cannot read the signed anchor {str(anchor)!r}: "
                                 f"{exc.__class__.__name__}.") from None
    else:
        raw = anchor
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        doc = None
    if not isinstance(doc, dict) or not isinstance(doc.get("anchor"), dict) \
            or doc["anchor"].get("format") != ANCHOR_FORMAT:
        raise InputFileError(f"The signed anchor is not a {ANCHOR_FORMAT} document.")
    return doc


def _fail(code: str, key: str, **kw: Any) -> VerifyResult:
    return VerifyResult(ok=False, events=0, head=None, code=code, message=text(key, **kw))


def verify_anchor(log: AuditLog, anchor: dict[str, Any] | bytes | str | Path,
                  public_key: bytes | str | Path | Verifier) -> VerifyResult:
    """Verify a signed anchor, then the log against it.

    The anchor's signature must verify with ``public_key`` (a key the
    verifier trusts), it must name this log, and the log must verify with
    the anchored head (so a truncated tail is found; the head hash covers
    the event's sequence number, so it cannot verify at another position).

    Returns
    -------
    VerifyResult
        ``code`` is ``"anchor_signature"`` or ``"anchor_log"`` when the anchor
        itself is refused, else :meth:`AuditLog.verify`'s result.
    """
    doc = _load(anchor)
    verifier = load_verifier(public_key)
    signed = str(doc.get("signature_algorithm"))
    if signed != verifier.algorithm:
        return _fail("anchor_signature", "audit.anchor.algorithm", signed=signed,
                     given=verifier.algorithm)
    try:
        sig = base64.b64decode(str(doc.get("signature", "")), validate=True)
        good = bool(sig) and verifier.verify(_signed_bytes(doc), sig)
    except (binascii.Error, ValueError, InvalidInputError):
        good = False
    if not good:
        return _fail("anchor_signature", "audit.anchor.signature",
                     algorithm=verifier.algorithm, key_id=verifier.key_id)
    body = doc["anchor"]
    if body.get("log_id") != log.log_id:
        return _fail("anchor_log", "audit.anchor.log", expected=str(body.get("log_id")))
    return log.verify(anchor=str(body.get("head")))
