"""Measure 17, data protection: detection, classification, masking, anonymity, data security.

Names are imported lazily, so ``import dfgov.data_protection`` stays light. The
cryptographic primitives (keyrings, field encryption, MACs, key providers,
crypto-shredding) are public from :mod:`dfgov.data_protection.crypto`; every other
data-protection name from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports
from dfgov.data_protection._moved import moved_names

if TYPE_CHECKING:
    from dfgov.data_protection._anonymity import (
        AnonymityCheck,
        EquivalenceClasses,
        RiskFigures,
        equivalence_classes,
        k_anonymity,
        l_diversity,
        reidentification_risk,
        smallest_classes,
        suppress_small_classes,
        t_closeness,
        uniqueness_details,
    )
    from dfgov.data_protection._assessment_register import AssessmentRegister
    from dfgov.data_protection._classify import ColumnEvidence
    from dfgov.data_protection._detect._text import find_pii, mask_text
    from dfgov.data_protection._detect._validators import (
        KINDS,
        Kind,
        is_unionpay,
        is_valid,
        kinds,
    )
    from dfgov.data_protection._inventory import ColumnClassification, DataInventory
    from dfgov.data_protection._mask import (
        PseudonymKey,
        generalize_age,
        generalize_date,
        mask,
        pseudonym_key_ids,
        pseudonymize,
        region_from_id,
        suppress,
    )
    from dfgov.data_protection._policy import (
        AnonymityRules,
        DataProtectionPolicy,
        DataSecurityPolicy,
        MaskingRules,
    )
    from dfgov.data_protection._retention import (
        ColumnRecord,
        DeletionItem,
        DeletionPlan,
        Holding,
        execute_plan,
        plan_deletions,
        retention_days,
    )
    from dfgov.data_protection._scan import DataProtectionScan, scan, scan_file
    from dfgov.data_protection._security_assessment import (
        ColumnControls,
        DataSecurityAssessment,
        DatasetControls,
    )
    from dfgov.data_protection._types import DATA_TYPES, DataType, data_types, name_type

__all__ = [
    "DATA_TYPES",
    "KINDS",
    "AnonymityCheck",
    "AnonymityRules",
    "AssessmentRegister",
    "ColumnClassification",
    "ColumnControls",
    "ColumnEvidence",
    "ColumnRecord",
    "DataInventory",
    "DataProtectionPolicy",
    "DataProtectionScan",
    "DataSecurityAssessment",
    "DataSecurityPolicy",
    "DataType",
    "DatasetControls",
    "DeletionItem",
    "DeletionPlan",
    "EquivalenceClasses",
    "Holding",
    "Kind",
    "MaskingRules",
    "PseudonymKey",
    "RiskFigures",
    "data_types",
    "equivalence_classes",
    "execute_plan",
    "find_pii",
    "generalize_age",
    "generalize_date",
    "is_unionpay",
    "is_valid",
    "k_anonymity",
    "kinds",
    "l_diversity",
    "mask",
    "mask_text",
    "name_type",
    "plan_deletions",
    "pseudonym_key_ids",
    "pseudonymize",
    "region_from_id",
    "reidentification_risk",
    "retention_days",
    "scan",
    "scan_file",
    "smallest_classes",
    "suppress",
    "suppress_small_classes",
    "t_closeness",
    "uniqueness_details",
]

_exports, __dir__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(
            ["AnonymityCheck", "EquivalenceClasses", "RiskFigures", "equivalence_classes",
             "k_anonymity", "l_diversity", "reidentification_risk", "smallest_classes",
             "suppress_small_classes", "t_closeness", "uniqueness_details"],
            "._anonymity",
        ),
        "AssessmentRegister": "._assessment_register",
        "ColumnEvidence": "._classify",
        "find_pii": "._detect._text",
        "mask_text": "._detect._text",
        **dict.fromkeys(["KINDS", "Kind", "is_unionpay", "is_valid", "kinds"],
                        "._detect._validators"),
        "ColumnClassification": "._inventory",
        "DataInventory": "._inventory",
        **dict.fromkeys(
            ["PseudonymKey", "generalize_age", "generalize_date", "mask", "pseudonym_key_ids",
             "pseudonymize", "region_from_id", "suppress"],
            "._mask",
        ),
        **dict.fromkeys(
            ["AnonymityRules", "DataProtectionPolicy", "DataSecurityPolicy", "MaskingRules"],
            "._policy",
        ),
        **dict.fromkeys(
            ["ColumnRecord", "DeletionItem", "DeletionPlan", "Holding", "execute_plan",
             "plan_deletions", "retention_days"],
            "._retention",
        ),
        "DataProtectionScan": "._scan",
        "scan": "._scan",
        "scan_file": "._scan",
        **dict.fromkeys(["ColumnControls", "DataSecurityAssessment", "DatasetControls"],
                        "._security_assessment"),
        **dict.fromkeys(["DATA_TYPES", "DataType", "data_types", "name_type"], "._types"),
    },
)

#: Cryptographic primitives once also served here: public from ``crypto`` only now.
_MOVED = dict.fromkeys(
    ["BlindIndex", "DeterministicEncryptor", "FieldEncryptor", "KeyInfo", "KeyProvider",
     "KeyState", "Keyring", "LocalKeyProvider", "RecordMAC", "crypto_shred", "sign_record",
     "verify_record"],
    "dfgov.data_protection.crypto",
)
__getattr__ = moved_names(__name__, _MOVED, _exports)
