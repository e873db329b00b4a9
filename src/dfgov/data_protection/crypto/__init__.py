"""Commercial-cryptography primitives: field encryption, keyrings, MACs, key custody, self-tests.

Public names load lazily (``import dfgov.data_protection.crypto`` imports
nothing from pyca/cryptography until a name is used). Key custody: the
passphrase-sealed keystore (:class:`LocalKeyProvider`), SM2 key wrapping
(:class:`SM2KeyProvider`, extra ``sm2``), a PKCS#11 token
(:class:`PKCS11KeyProvider`, extra ``hsm``), or any :class:`KeyProvider`
(check one with :func:`check_key_provider`). The ``[data_security]`` policy,
retention and deletion plans and the data-security risk assessment are public
from :mod:`dfgov.data_protection`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports
from dfgov.data_protection._moved import moved_names

if TYPE_CHECKING:
    from dfgov.data_protection.crypto._cipher import encode_context
    from dfgov.data_protection.crypto._crypto_shred import crypto_shred
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
    from dfgov.data_protection.crypto._provider import check_key_provider
    from dfgov.data_protection.crypto._selftest import require_self_test, self_test_status
    from dfgov.data_protection.crypto._sm2 import SM2KeyProvider
    from dfgov.data_protection.crypto._values import check_context, field_scope

__all__ = [
    "BlindIndex",
    "DeterministicEncryptor",
    "FieldEncryptor",
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
    "field_scope",
    "require_self_test",
    "self_test_status",
    "sign_record",
    "verify_record",
]

_exports, __dir__ = lazy_exports(
    __name__,
    {
        "encode_context": "._cipher",
        "crypto_shred": "._crypto_shred",
        "BlindIndex": "._deterministic",
        "DeterministicEncryptor": "._deterministic",
        "FieldEncryptor": "._field",
        **dict.fromkeys(["RecordMAC", "canonical_record", "sign_record", "verify_record"],
                        "._integrity"),
        "Keyring": "._keyring",
        "WrappedKey": "._keyring",
        **dict.fromkeys(["KeyInfo", "KeyProvider", "KeyState", "LocalKeyProvider"], "._keys"),
        "PKCS11KeyProvider": "._pkcs11",
        "check_key_provider": "._provider",
        "require_self_test": "._selftest",
        "self_test_status": "._selftest",
        "SM2KeyProvider": "._sm2",
        "check_context": "._values",
        "field_scope": "._values",
    },
)

#: Names once also served here that are not primitives: public from their own homes now.
_MOVED = {
    **dict.fromkeys(
        ["ColumnControls", "DataSecurityAssessment", "DataSecurityPolicy", "DatasetControls",
         "DeletionPlan", "Holding", "execute_plan", "plan_deletions"],
        "dfgov.data_protection",
    ),
    "AuditSink": "dfgov.audit",
}
__getattr__ = moved_names(__name__, _MOVED, _exports)
