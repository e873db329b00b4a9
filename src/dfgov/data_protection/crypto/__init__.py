"""Commercial-cryptography field encryption, keyrings, MACs, self-tests.

Public names load lazily (``import dfgov.data_protection.crypto`` imports
nothing from pyca/cryptography until a name is used). Key custody: the
passphrase-sealed keystore (:class:`LocalKeyProvider`), SM2 key wrapping
(:class:`SM2KeyProvider`, extra ``sm2``), a PKCS#11 token
(:class:`PKCS11KeyProvider`, extra ``hsm``), or any :class:`KeyProvider`
(check one with :func:`check_key_provider`). The lifecycle and
risk-assessment names live in :mod:`dfgov.data_protection.lifecycle` and
:mod:`dfgov.data_protection.assessment` and are re-exported here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.data_protection.assessment import (
        ColumnControls,
        DataSecurityAssessment,
        DatasetControls,
    )
    from dfgov.data_protection.crypto._cipher import encode_context
    from dfgov.data_protection.crypto._deterministic import BlindIndex, DeterministicEncryptor
    from dfgov.data_protection.crypto._field import FieldEncryptor
    from dfgov.data_protection.crypto._integrity import (
        RecordMAC,
        canonical_record,
        sign_record,
        verify_record,
    )
    from dfgov.data_protection.crypto._keyring import Keyring, WrappedKey
    from dfgov.data_protection.crypto._keys import (
        KeyInfo,
        KeyProvider,
        KeyState,
        LocalKeyProvider,
    )
    from dfgov.data_protection.crypto._pkcs11 import PKCS11KeyProvider
    from dfgov.data_protection.crypto._policy import DataSecurityPolicy
    from dfgov.data_protection.crypto._provider import check_key_provider
    from dfgov.data_protection.crypto._selftest import require_self_test, self_test_status
    from dfgov.data_protection.crypto._sm2 import SM2KeyProvider
    from dfgov.data_protection.crypto._values import check_context, field_scope
    from dfgov.data_protection.lifecycle import (
        DeletionPlan,
        Holding,
        crypto_shred,
        execute_plan,
        plan_deletions,
    )

__all__ = [
    "BlindIndex",
    "ColumnControls",
    "DataSecurityAssessment",
    "DataSecurityPolicy",
    "DatasetControls",
    "DeletionPlan",
    "DeterministicEncryptor",
    "FieldEncryptor",
    "Holding",
    "KeyInfo",
    "KeyProvider",
    "KeyState",
    "Keyring",
    "LocalKeyProvider",
    "PKCS11KeyProvider",
    "RecordMAC",
    "SM2KeyProvider",
    "WrappedKey",
    "canonical_record",
    "check_context",
    "check_key_provider",
    "crypto_shred",
    "encode_context",
    "execute_plan",
    "field_scope",
    "plan_deletions",
    "require_self_test",
    "self_test_status",
    "sign_record",
    "verify_record",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AuditSink": "dfgov.audit",  # moved to dfgov.audit; kept importable for one release
        "BlindIndex": "._deterministic",
        "ColumnControls": "..assessment",
        "DataSecurityAssessment": "..assessment",
        "DataSecurityPolicy": "._policy",
        "DatasetControls": "..assessment",
        "DeletionPlan": "..lifecycle",
        "Holding": "..lifecycle",
        "crypto_shred": "..lifecycle",
        "execute_plan": "..lifecycle",
        "plan_deletions": "..lifecycle",
        "DeterministicEncryptor": "._deterministic",
        "FieldEncryptor": "._field",
        "KeyInfo": "._keys",
        "KeyProvider": "._keys",
        "KeyState": "._keys",
        "Keyring": "._keyring",
        "LocalKeyProvider": "._keys",
        "PKCS11KeyProvider": "._pkcs11",
        "SM2KeyProvider": "._sm2",
        "check_key_provider": "._provider",
        "RecordMAC": "._integrity",
        "canonical_record": "._integrity",
        "encode_context": "._cipher",
        "check_context": "._values",
        "field_scope": "._values",
        "require_self_test": "._selftest",
        "self_test_status": "._selftest",
        "sign_record": "._integrity",
        "verify_record": "._integrity",
        "WrappedKey": "._keyring",
    },
)
