"""Free-text detection next to Chinese characters; the package surface stays light."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

import dfgov.data_protection as dp
from dfgov.data_protection import find_pii
from tests.conftest import budget
from tests.strategies import card_numbers, resident_ids

CJK = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), max_size=6)


@budget.medium
@given(CJK, CJK, st.one_of(resident_ids(born=date(1985, 6, 15)), card_numbers("62", 19)))
def test_span_found_between_chinese_characters(before: str, after: str, value: str) -> None:
    text = before + value + after
    spans = find_pii([text])
    assert len(spans) == 1
    row = spans.iloc[0]
    assert (row["start"], row["end"]) == (len(before), len(before) + len(value))
    assert row["kind"] == ("cn_resident_id" if len(value) == 18 else "bank_card")


def test_no_span_inside_longer_numbers_or_words() -> None:
    card = "6222021234567894"
    assert find_pii([f"9{card}", f"{card}7", f"abc{card}", None, 5]).empty
    assert len(find_pii([f"金额{card}元", f"card:{card}."])) == 2


def test_all_is_the_public_surface() -> None:
    assert sorted(dp.__all__) == sorted(set(dp.__all__))
    for name in dp.__all__:
        assert getattr(dp, name) is not None


def test_import_is_light() -> None:
    code = ("import sys, dfgov.data_protection, dfgov.data_protection._policy; "
            "heavy = {'pandas', 'pyarrow', 'sklearn', 'matplotlib'} & set(sys.modules); "
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
