"""Measure 17, data protection: detection, classification, masking, anonymity, cryptography.

Names are imported lazily, so ``import dfgov.data_protection`` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dfgov._lazy import lazy_exports

if TYPE_CHECKING:
    from dfgov.data_protection._classify import ColumnEvidence
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
    from dfgov.data_protection._policy import AnonymityRules, DataProtectionPolicy, MaskingRules
    from dfgov.data_protection._scan import DataProtectionScan, scan, scan_file
    from dfgov.data_protection._types import DATA_TYPES, DataType, data_types, name_type
    from dfgov.data_protection.anonymity import (
        AnonymityCheck,
        k_anonymity,
        l_diversity,
        reidentification_risk,
        suppress_small_classes,
        t_closeness,
    )
    from dfgov.data_protection.detect._text import find_pii, mask_text
    from dfgov.data_protection.detect._validators import is_valid, kinds

__all__ = [
    "DATA_TYPES",
    "AnonymityCheck",
    "AnonymityRules",
    "ColumnClassification",
    "ColumnEvidence",
    "DataInventory",
    "DataProtectionPolicy",
    "DataProtectionScan",
    "DataType",
    "MaskingRules",
    "PseudonymKey",
    "data_types",
    "find_pii",
    "generalize_age",
    "generalize_date",
    "is_valid",
    "k_anonymity",
    "kinds",
    "l_diversity",
    "mask",
    "mask_text",
    "name_type",
    "pseudonym_key_ids",
    "pseudonymize",
    "region_from_id",
    "reidentification_risk",
    "scan",
    "scan_file",
    "suppress",
    "suppress_small_classes",
    "t_closeness",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "DATA_TYPES": "._types",
        "AnonymityCheck": ".anonymity",
        "AnonymityRules": "._policy",
        "ColumnClassification": "._inventory",
        "ColumnEvidence": "._classify",
        "DataInventory": "._inventory",
        "DataProtectionPolicy": "._policy",
        "DataProtectionScan": "._scan",
        "DataType": "._types",
        "MaskingRules": "._policy",
        "PseudonymKey": "._mask",
        "data_types": "._types",
        "find_pii": ".detect._text",
        "generalize_age": "._mask",
        "generalize_date": "._mask",
        "is_valid": ".detect._validators",
        "k_anonymity": ".anonymity",
        "kinds": ".detect._validators",
        "l_diversity": ".anonymity",
        "mask": "._mask",
        "mask_text": ".detect._text",
        "name_type": "._types",
        "pseudonym_key_ids": "._mask",
        "pseudonymize": "._mask",
        "region_from_id": "._mask",
        "reidentification_risk": ".anonymity",
        "scan": "._scan",
        "scan_file": "._scan",
        "suppress": "._mask",
        "suppress_small_classes": ".anonymity",
        "t_closeness": ".anonymity",
    },
)
