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

if TYPE_CHECKING:
    from dfgov.data_protection.crypto._cipher import encode_context as encode_context
    from dfgov.data_protection.crypto._crypto_shred import crypto_shred as crypto_shred
    from dfgov.data_protection.crypto._deterministic import BlindIndex as BlindIndex
    from dfgov.data_protection.crypto._deterministic import (
        DeterministicEncryptor as DeterministicEncryptor,
    )
    from dfgov.data_protection.crypto._field import FieldEncryptor as FieldEncryptor
    from dfgov.data_protection.crypto._integrity import RecordMAC as RecordMAC
    from dfgov.data_protection.crypto._integrity import canonical_record as canonical_record
    from dfgov.data_protection.crypto._integrity import sign_record as sign_record
    from dfgov.data_protection.crypto._integrity import verify_record as verify_record
    from dfgov.data_protection.crypto._keyring import Keyring as Keyring
    from dfgov.data_protection.crypto._keyring import WrappedKey as WrappedKey
    from dfgov.data_protection.crypto._keys import KeyInfo as KeyInfo
    from dfgov.data_protection.crypto._keys import KeyProvider as KeyProvider
    from dfgov.data_protection.crypto._keys import KeyState as KeyState
    from dfgov.data_protection.crypto._keys import LocalKeyProvider as LocalKeyProvider
    from dfgov.data_protection.crypto._pkcs11 import PKCS11KeyProvider as PKCS11KeyProvider
    from dfgov.data_protection.crypto._primitives import Aead as Aead
    from dfgov.data_protection.crypto._primitives import (
        DeterministicAead as DeterministicAead,
    )
    from dfgov.data_protection.crypto._primitives import Mac as Mac
    from dfgov.data_protection.crypto._provider import check_key_provider as check_key_provider
    from dfgov.data_protection.crypto._selftest import require_self_test as require_self_test
    from dfgov.data_protection.crypto._selftest import self_test_status as self_test_status
    from dfgov.data_protection.crypto._sm2 import SM2KeyProvider as SM2KeyProvider
    from dfgov.data_protection.crypto._values import check_context as check_context
    from dfgov.data_protection.crypto._values import field_scope as field_scope

_EXPORTS = {
    "Aead": "._primitives",
    "DeterministicAead": "._primitives",
    "Mac": "._primitives",
    "encode_context": "._cipher",
    "crypto_shred": "._crypto_shred",
    "BlindIndex": "._deterministic",
    "DeterministicEncryptor": "._deterministic",
    "FieldEncryptor": "._field",
    "canonical_record": "._integrity",
    "RecordMAC": "._integrity",
    "sign_record": "._integrity",
    "verify_record": "._integrity",
    "Keyring": "._keyring",
    "WrappedKey": "._keyring",
    "KeyInfo": "._keys",
    "KeyProvider": "._keys",
    "KeyState": "._keys",
    "LocalKeyProvider": "._keys",
    "PKCS11KeyProvider": "._pkcs11",
    "check_key_provider": "._provider",
    "require_self_test": "._selftest",
    "self_test_status": "._selftest",
    "SM2KeyProvider": "._sm2",
    "check_context": "._values",
    "field_scope": "._values",
}

#: Names this package served before this release, kept one release with a warning.
_DEPRECATED = {
    "AuditSink": "dfgov.audit.AuditSink",
    "ColumnControls": "dfgov.data_protection.ColumnControls",
    "DataSecurityAssessment": "dfgov.data_protection.DataSecurityAssessment",
    "DataSecurityPolicy": "dfgov.data_protection.DataSecurityPolicy",
    "DatasetControls": "dfgov.data_protection.DatasetControls",
    "DeletionPlan": "dfgov.data_protection.DeletionPlan",
    "Holding": "dfgov.data_protection.Holding",
    "execute_plan": "dfgov.data_protection.execute_plan",
    "plan_deletions": "dfgov.data_protection.plan_deletions",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, deprecated=_DEPRECATED)
