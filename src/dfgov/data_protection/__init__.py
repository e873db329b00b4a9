"""Measure 17, data protection: detection, classification, masking, anonymity, data security.

Names are imported lazily, so ``import dfgov.data_protection`` stays light. The
cryptographic primitives (keyrings, field encryption, MACs, key providers,
crypto-shredding) are public from :mod:`dfgov.data_protection.crypto`; every other
data-protection name from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.data_protection._anonymity import AnonymityCheck as AnonymityCheck
    from dfgov.data_protection._anonymity import EquivalenceClasses as EquivalenceClasses
    from dfgov.data_protection._anonymity import RiskFigures as RiskFigures
    from dfgov.data_protection._anonymity import equivalence_classes as equivalence_classes
    from dfgov.data_protection._anonymity import k_anonymity as k_anonymity
    from dfgov.data_protection._anonymity import l_diversity as l_diversity
    from dfgov.data_protection._anonymity import reidentification_risk as reidentification_risk
    from dfgov.data_protection._anonymity import smallest_classes as smallest_classes
    from dfgov.data_protection._anonymity import suppress_small_classes as suppress_small_classes
    from dfgov.data_protection._anonymity import t_closeness as t_closeness
    from dfgov.data_protection._anonymity import uniqueness_details as uniqueness_details
    from dfgov.data_protection._assessment_register import AssessmentRegister as AssessmentRegister
    from dfgov.data_protection._classify import ColumnEvidence as ColumnEvidence
    from dfgov.data_protection._detect._text import find_pii as find_pii
    from dfgov.data_protection._detect._text import mask_text as mask_text
    from dfgov.data_protection._detect._validators import KINDS as KINDS
    from dfgov.data_protection._detect._validators import Kind as Kind
    from dfgov.data_protection._detect._validators import is_unionpay as is_unionpay
    from dfgov.data_protection._detect._validators import is_valid as is_valid
    from dfgov.data_protection._detect._validators import kinds as kinds
    from dfgov.data_protection._inventory import ColumnClassification as ColumnClassification
    from dfgov.data_protection._inventory import DataInventory as DataInventory
    from dfgov.data_protection._mask import PseudonymKey as PseudonymKey
    from dfgov.data_protection._mask import generalize_age as generalize_age
    from dfgov.data_protection._mask import generalize_date as generalize_date
    from dfgov.data_protection._mask import mask as mask
    from dfgov.data_protection._mask import pseudonym_key_ids as pseudonym_key_ids
    from dfgov.data_protection._mask import pseudonymize as pseudonymize
    from dfgov.data_protection._mask import region_from_id as region_from_id
    from dfgov.data_protection._mask import suppress as suppress
    from dfgov.data_protection._policy import AnonymityRules as AnonymityRules
    from dfgov.data_protection._policy import DataProtectionPolicy as DataProtectionPolicy
    from dfgov.data_protection._policy import DataSecurityPolicy as DataSecurityPolicy
    from dfgov.data_protection._policy import MaskingRules as MaskingRules
    from dfgov.data_protection._retention import ColumnRecord as ColumnRecord
    from dfgov.data_protection._retention import DeletionItem as DeletionItem
    from dfgov.data_protection._retention import DeletionPlan as DeletionPlan
    from dfgov.data_protection._retention import Holding as Holding
    from dfgov.data_protection._retention import execute_plan as execute_plan
    from dfgov.data_protection._retention import plan_deletions as plan_deletions
    from dfgov.data_protection._retention import retention_days as retention_days
    from dfgov.data_protection._scan import DataProtectionScan as DataProtectionScan
    from dfgov.data_protection._scan import scan as scan
    from dfgov.data_protection._scan import scan_file as scan_file
    from dfgov.data_protection._security_assessment import ColumnControls as ColumnControls
    from dfgov.data_protection._security_assessment import (
        DataSecurityAssessment as DataSecurityAssessment,
    )
    from dfgov.data_protection._security_assessment import DatasetControls as DatasetControls
    from dfgov.data_protection._types import DATA_TYPES as DATA_TYPES
    from dfgov.data_protection._types import DataType as DataType
    from dfgov.data_protection._types import data_types as data_types
    from dfgov.data_protection._types import name_type as name_type

_EXPORTS = {
    "AnonymityCheck": "._anonymity",
    "equivalence_classes": "._anonymity",
    "EquivalenceClasses": "._anonymity",
    "k_anonymity": "._anonymity",
    "l_diversity": "._anonymity",
    "reidentification_risk": "._anonymity",
    "RiskFigures": "._anonymity",
    "smallest_classes": "._anonymity",
    "suppress_small_classes": "._anonymity",
    "t_closeness": "._anonymity",
    "uniqueness_details": "._anonymity",
    "AssessmentRegister": "._assessment_register",
    "ColumnEvidence": "._classify",
    "find_pii": "._detect._text",
    "mask_text": "._detect._text",
    "is_unionpay": "._detect._validators",
    "is_valid": "._detect._validators",
    "Kind": "._detect._validators",
    "KINDS": "._detect._validators",
    "kinds": "._detect._validators",
    "ColumnClassification": "._inventory",
    "DataInventory": "._inventory",
    "generalize_age": "._mask",
    "generalize_date": "._mask",
    "mask": "._mask",
    "pseudonym_key_ids": "._mask",
    "pseudonymize": "._mask",
    "PseudonymKey": "._mask",
    "region_from_id": "._mask",
    "suppress": "._mask",
    "AnonymityRules": "._policy",
    "DataProtectionPolicy": "._policy",
    "DataSecurityPolicy": "._policy",
    "MaskingRules": "._policy",
    "ColumnRecord": "._retention",
    "DeletionItem": "._retention",
    "DeletionPlan": "._retention",
    "execute_plan": "._retention",
    "Holding": "._retention",
    "plan_deletions": "._retention",
    "retention_days": "._retention",
    "DataProtectionScan": "._scan",
    "scan": "._scan",
    "scan_file": "._scan",
    "ColumnControls": "._security_assessment",
    "DataSecurityAssessment": "._security_assessment",
    "DatasetControls": "._security_assessment",
    "DATA_TYPES": "._types",
    "data_types": "._types",
    "DataType": "._types",
    "name_type": "._types",
}

#: Names this package served before this release, kept one release with a warning.
_DEPRECATED = {
    "BlindIndex": "dfgov.data_protection.crypto.BlindIndex",
    "DeterministicEncryptor": "dfgov.data_protection.crypto.DeterministicEncryptor",
    "FieldEncryptor": "dfgov.data_protection.crypto.FieldEncryptor",
    "KeyInfo": "dfgov.data_protection.crypto.KeyInfo",
    "KeyProvider": "dfgov.data_protection.crypto.KeyProvider",
    "KeyState": "dfgov.data_protection.crypto.KeyState",
    "Keyring": "dfgov.data_protection.crypto.Keyring",
    "LocalKeyProvider": "dfgov.data_protection.crypto.LocalKeyProvider",
    "RecordMAC": "dfgov.data_protection.crypto.RecordMAC",
    "crypto_shred": "dfgov.data_protection.crypto.crypto_shred",
    "sign_record": "dfgov.data_protection.crypto.sign_record",
    "verify_record": "dfgov.data_protection.crypto.verify_record",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, deprecated=_DEPRECATED)
