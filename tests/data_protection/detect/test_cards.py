"""Card detection checks issuer ranges: look-alike digit runs that pass Luhn are not cards."""

from __future__ import annotations

import pandas as pd
import pytest
from stdnum import luhn

from dfgov.data_protection import find_pii, is_valid, scan
from dfgov.data_protection._synthetic import CARD_SCHEMES, DECOY_FAMILIES, card_cases
from tests.strategies import ric_checked


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    out = card_cases(n_per_scheme=200, n_decoys=2000, random_state=7)
    assert (~out["is_card"]).sum() >= 1000
    assert all(luhn.is_valid(v) for v in out["value"])  # every decoy passes Luhn
    return out


def _precision_recall(found: pd.Series, truth: pd.Series) -> tuple[float, float]:
    tp = int((found & truth).sum())
    fp = int((found & ~truth).sum())
    return tp / max(tp + fp, 1), tp / int(truth.sum())


def test_precision_on_luhn_passing_decoys_and_recall_on_five_schemes(cases: pd.DataFrame) -> None:
    found = pd.Series(is_valid(cases["value"], "bank_card"), index=cases.index)
    precision, recall = _precision_recall(found, cases["is_card"])
    assert precision >= 0.98
    assert recall == 1.0  # every well-formed UnionPay, Visa, Mastercard, JCB and Amex number
    for scheme in CARD_SCHEMES:
        assert found[cases["family"] == scheme].all(), scheme
    # the same numbers grouped as printed on a card
    grouped = cases["value"].map(lambda v: " ".join(v[i: i + 4] for i in range(0, len(v), 4)))
    assert (is_valid(grouped, "bank_card") == found.to_numpy()).all()


def test_luhn_and_length_alone_would_fail_the_bar(cases: pd.DataFrame) -> None:
    """The decoys are hard: the previous rule (Luhn and 13-19 digits) calls them cards."""
    luhn_only = cases["value"].map(lambda v: 13 <= len(v) <= 19 and luhn.is_valid(v))
    precision, _ = _precision_recall(luhn_only, cases["is_card"])
    assert precision < 0.98
    assert set(cases.loc[~cases["is_card"], "family"]) == set(DECOY_FAMILIES)


def test_decoys_in_free_text_are_not_cards(cases: pd.DataFrame) -> None:
    texts = [f"流水号{v}已处理" for v in cases["value"]]
    spans = find_pii(texts)
    cards = set(spans.loc[spans["kind"] == "bank_card", "row"])
    found = pd.Series([i in cards for i in range(len(texts))], index=cases.index)
    precision, recall = _precision_recall(found, cases["is_card"])
    assert precision >= 0.98 and recall >= 0.98


def test_a_column_of_timestamps_is_not_a_card_column(cases: pd.DataFrame) -> None:
    stamps = cases.loc[cases["family"] == "timestamp16", "value"].reset_index(drop=True)
    inv = scan(pd.DataFrame({"txn_ref": stamps}))
    assert inv["txn_ref"].data_type != "bank_card"


def _ric15(region: str, yymmdd: str, seq: str) -> str:
    return f"{region}{yymmdd}{seq}"


def test_mobiles_with_0086_and_legacy_ids_are_not_labelled_cards() -> None:
    mobiles = ["0086-138-1234-5678", "0086 139 8765 4321", "008613812345678"]
    spans = find_pii([f"联系{m}。" for m in mobiles])
    assert spans["kind"].tolist() == ["cn_mobile"] * 3
    # 15-digit resident IDs that also pass Luhn (10% of them would, by chance)
    legacy = []
    for region in ("110105", "440305", "340104", "370202", "620102"):
        for seq in range(1000):
            v = _ric15(region, "850612", f"{seq:03d}")
            if luhn.is_valid(v):
                legacy.append(v)
    assert len(legacy) > 400
    spans = find_pii([f"旧身份证{v}" for v in legacy])
    assert len(spans) == len(legacy)
    assert set(spans["kind"]) == {"cn_resident_id_15"}
    # without words that name an ID, only the values that are also American Express
    # numbers (provinces 34 and 37, Luhn-valid) read as cards: card recall is unchanged
    bare = find_pii([f"ref {v}" for v in legacy])
    amex = [v.startswith(("34", "37")) for v in legacy]
    assert bare["kind"].tolist() == ["bank_card" if a else "cn_resident_id_15" for a in amex]
    assert is_valid(legacy, "bank_card").tolist() == amex


def test_an_eighteen_character_id_on_a_card_range_is_an_id() -> None:
    # Gansu (62) shares its prefix with UnionPay; the resident ID check wins in text
    rid = ric_checked("62010219850612123")
    assert find_pii([f"id {rid}"])["kind"].tolist() == ["cn_resident_id"]
