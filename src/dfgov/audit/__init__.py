"""Tamper-evident audit log, signatures and signed evidence bundles.

- :class:`AuditLog`: append-only, hash-chained (SHA-256 or SM3), optionally
  HMAC-keyed log in SQLite or any SQLAlchemy database; :meth:`AuditLog.verify`
  finds an edited, deleted, inserted or reordered event and (with an anchor)
  a truncated tail.
- :class:`Signer` / :class:`Verifier`: the signature interface; Ed25519
  (:class:`Ed25519Signer`) and SM2 with SM3 (:class:`SM2Signer`, GB/T 32918.2,
  extra ``sm2``); an HSM or remote signing service plugs in by implementing it.
  :func:`load_signer` / :func:`load_verifier` tell the algorithm from the key.
- :func:`sign_anchor` / :func:`verify_anchor`: a signed copy of the log's head
  hash, to keep outside the database.
- :class:`AuditSink`: what components need of a log (``append``); :class:`MemoryAuditLog`
  keeps events in memory (tests, dry runs).
- :func:`save_evidence` / :func:`verify_evidence`: a directory holding a
  report, its policy, fingerprints and environment, and a signed manifest of
  digests of every file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.audit._anchor import sign_anchor as sign_anchor
    from dfgov.audit._anchor import verify_anchor as verify_anchor
    from dfgov.audit._event import AuditEvent as AuditEvent
    from dfgov.audit._event import VerifyResult as VerifyResult
    from dfgov.audit._evidence import EvidenceResult as EvidenceResult
    from dfgov.audit._evidence import save_evidence as save_evidence
    from dfgov.audit._evidence import verify_evidence as verify_evidence
    from dfgov.audit._log import AuditLog as AuditLog
    from dfgov.audit._signing import Ed25519Signer as Ed25519Signer
    from dfgov.audit._signing import Ed25519Verifier as Ed25519Verifier
    from dfgov.audit._signing import Signer as Signer
    from dfgov.audit._signing import Verifier as Verifier
    from dfgov.audit._signing import generate_signer as generate_signer
    from dfgov.audit._signing import load_signer as load_signer
    from dfgov.audit._signing import load_verifier as load_verifier
    from dfgov.audit._signing import signature_algorithm as signature_algorithm
    from dfgov.audit._sink import AuditSink as AuditSink
    from dfgov.audit._sink import MemoryAuditLog as MemoryAuditLog
    from dfgov.audit._sm2 import SM2Signer as SM2Signer
    from dfgov.audit._sm2 import SM2Verifier as SM2Verifier

_EXPORTS = {
    "sign_anchor": "._anchor",
    "verify_anchor": "._anchor",
    "AuditEvent": "._event",
    "VerifyResult": "._event",
    "EvidenceResult": "._evidence",
    "save_evidence": "._evidence",
    "verify_evidence": "._evidence",
    "AuditLog": "._log",
    "Ed25519Signer": "._signing",
    "Ed25519Verifier": "._signing",
    "Signer": "._signing",
    "Verifier": "._signing",
    "generate_signer": "._signing",
    "load_signer": "._signing",
    "load_verifier": "._signing",
    "signature_algorithm": "._signing",
    "AuditSink": "._sink",
    "MemoryAuditLog": "._sink",
    "SM2Signer": "._sm2",
    "SM2Verifier": "._sm2",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
