"""One import path per public name: ``dfgov.data_protection`` and its ``crypto`` primitives.

Every other path that served a name before this release (the parent re-exporting the
primitives, ``crypto`` re-exporting the policy, retention and assessment names, and the
modules ``anonymity``, ``assessment``, ``lifecycle`` and the package ``detect`` that are
private now) still returns the same object for one release, with a ``DeprecationWarning``
naming the new path, and is neither in ``__all__`` nor in ``dir()``.
"""

from __future__ import annotations

import importlib
import warnings

import pytest

import dfgov.data_protection as dp
import dfgov.data_protection.crypto as crypto

PRIMITIVES = [
    "BlindIndex", "DeterministicEncryptor", "FieldEncryptor", "KeyInfo", "KeyProvider",
    "KeyState", "Keyring", "LocalKeyProvider", "RecordMAC", "crypto_shred", "sign_record",
    "verify_record",
]
NOT_PRIMITIVES = [
    "ColumnControls", "DataSecurityAssessment", "DataSecurityPolicy", "DatasetControls",
    "DeletionPlan", "Holding", "execute_plan", "plan_deletions",
]
#: (old module, name, new module) for every path that moved in this release.
MOVED: list[tuple[str, str, str]] = [
    *(("dfgov.data_protection", n, "dfgov.data_protection.crypto") for n in PRIMITIVES),
    *(("dfgov.data_protection.crypto", n, "dfgov.data_protection") for n in NOT_PRIMITIVES),
    ("dfgov.data_protection.crypto", "AuditSink", "dfgov.audit"),
    *(("dfgov.data_protection.anonymity", n, "dfgov.data_protection") for n in [
        "AnonymityCheck", "EquivalenceClasses", "RiskFigures", "equivalence_classes",
        "k_anonymity", "l_diversity", "reidentification_risk", "smallest_classes",
        "suppress_small_classes", "t_closeness", "uniqueness_details"]),
    *(("dfgov.data_protection.assessment", n, "dfgov.data_protection") for n in [
        "ColumnControls", "ColumnRecord", "DataSecurityAssessment", "DatasetControls"]),
    *(("dfgov.data_protection.lifecycle", n, "dfgov.data_protection") for n in [
        "DeletionItem", "DeletionPlan", "Holding", "execute_plan", "plan_deletions",
        "retention_days"]),
    ("dfgov.data_protection.lifecycle", "crypto_shred", "dfgov.data_protection.crypto"),
    *(("dfgov.data_protection.detect", n, "dfgov.data_protection") for n in [
        "KINDS", "Kind", "find_pii", "is_unionpay", "is_valid", "kinds"]),
]


@pytest.mark.parametrize("package", [dp, crypto], ids=lambda m: m.__name__)
def test_every_exported_name_resolves_without_a_warning(package: object) -> None:
    names = package.__all__  # type: ignore[attr-defined]
    assert len(set(names)) == len(names)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in names:
            assert getattr(package, name) is not None, name
    assert set(names) <= set(dir(package))


def test_no_object_is_exported_twice() -> None:
    home = {id(getattr(dp, n)): n for n in dp.__all__}
    twice = sorted(n for n in crypto.__all__ if id(getattr(crypto, n)) in home)
    assert twice == []
    assert not set(dp.__all__) & set(crypto.__all__)


def test_the_primitives_are_public_from_crypto_only() -> None:
    assert set(PRIMITIVES) <= set(crypto.__all__)
    assert not set(PRIMITIVES) & set(dp.__all__)
    assert set(NOT_PRIMITIVES) <= set(dp.__all__)


@pytest.mark.parametrize(("old", "name", "new"), MOVED, ids=lambda v: str(v))
def test_a_moved_path_warns_and_returns_the_same_object(old: str, name: str, new: str) -> None:
    module = importlib.import_module(old)
    with pytest.warns(DeprecationWarning, match=rf"{old}\.{name} is deprecated.*{new}\.{name}"):
        value = getattr(module, name)
    assert value is getattr(importlib.import_module(new), name)
    assert name not in getattr(module, "__all__", ())
    assert name not in dir(module)


def test_from_import_of_a_moved_name_warns_at_the_caller() -> None:
    with pytest.warns(DeprecationWarning) as record:
        from dfgov.data_protection.lifecycle import plan_deletions  # noqa: F401
    assert record[0].filename == __file__


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    for module in (dp, crypto, importlib.import_module("dfgov.data_protection.anonymity")):
        with pytest.raises(AttributeError):
            module.no_such_name  # type: ignore[attr-defined]  # noqa: B018

