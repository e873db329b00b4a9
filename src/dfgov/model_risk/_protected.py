"""Protected attributes recognised by name: case-insensitive, with English and Chinese synonyms.

The grounds are those of China's generative-AI measures (Art. 4(2): ethnicity,
belief, nationality, region, sex, age, occupation, health) and of ECOA/Reg B
(race, colour, religion, national origin, sex, marital status, age). A column
is protected when its name contains a listed term: an English term as whole
words (``SEX``, ``applicant_sex``, ``ApplicantSex``, ``age_band``, but not
``mortgage``), a Chinese term anywhere in the name (``申请人性别``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["DEFAULT_PROTECTED", "match_protected", "protected_columns"]

#: The default list: names and synonyms of the protected grounds, in English and Chinese.
DEFAULT_PROTECTED: tuple[str, ...] = (
    "sex", "gender", "性别",
    "age", "年龄", "date of birth", "birth date", "dob", "出生日期", "出生年月",
    "race", "colour", "color", "ethnicity", "ethnic", "民族", "种族",
    "religion", "belief", "宗教", "信仰",
    "nationality", "national origin", "国籍",
    "region", "地域", "籍贯",
    "marital status", "婚姻",
    "health", "健康",
    "occupation", "职业",
)

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(_CAMEL.sub(" ", text).casefold()) if w]


def match_protected(name: object, terms: Iterable[str]) -> str | None:
    """The first term of ``terms`` that marks column ``name`` as protected, or None."""
    label = str(name)
    words = _words(label)
    folded = label.casefold()
    for term in terms:
        t = str(term)
        if not t.isascii():
            if t.casefold() in folded:
                return t
            continue
        tw = _words(t)
        if not tw:
            continue
        k = len(tw)
        if any(words[i:i + k] == tw for i in range(len(words) - k + 1)):
            return t
    return None


def protected_columns(columns: Iterable[object], terms: Iterable[str]) -> list[str]:
    """The names among ``columns`` that :func:`match_protected` recognises."""
    listed = list(terms)
    return [str(c) for c in columns if match_protected(c, listed) is not None]
