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
    from dfgov.audit._anchor import sign_anchor, verify_anchor
    from dfgov.audit._event import AuditEvent, VerifyResult
    from dfgov.audit._evidence import EvidenceResult, save_evidence, verify_evidence
    from dfgov.audit._log import AuditLog
    from dfgov.audit._signing import (
        Ed25519Signer,
        Ed25519Verifier,
        Signer,
        Verifier,
        generate_signer,
        load_signer,
        load_verifier,
        signature_algorithm,
    )
    from dfgov.audit._sink import AuditSink, MemoryAuditLog
    from dfgov.audit._sm2 import SM2Signer, SM2Verifier

__all__ = [
    "AuditEvent",
    "AuditLog",
    "AuditSink",
    "Ed25519Signer",
    "Ed25519Verifier",
    "EvidenceResult",
    "MemoryAuditLog",
    "SM2Signer",
    "SM2Verifier",
    "Signer",
    "Verifier",
    "VerifyResult",
    "generate_signer",
    "load_signer",
    "load_verifier",
    "save_evidence",
    "sign_anchor",
    "signature_algorithm",
    "verify_anchor",
    "verify_evidence",
]

__getattr__, __dir__ = lazy_exports(__name__, {
    "AuditEvent": "._event",
    "VerifyResult": "._event",
    "AuditLog": "._log",
    "AuditSink": "._sink",
    "MemoryAuditLog": "._sink",
    "EvidenceResult": "._evidence",
    "save_evidence": "._evidence",
    "verify_evidence": "._evidence",
    "Ed25519Signer": "._signing",
    "Ed25519Verifier": "._signing",
    "Signer": "._signing",
    "Verifier": "._signing",
    "load_verifier": "._signing",
    "load_signer": "._signing",
    "generate_signer": "._signing",
    "signature_algorithm": "._signing",
    "SM2Signer": "._sm2",
    "SM2Verifier": "._sm2",
    "sign_anchor": "._anchor",
    "verify_anchor": "._anchor",
})
