"""One message catalog for every user-facing text, in English and Chinese (zh-CN).

Each area registers its own messages under a dotted key prefix, e.g.
``fairness.rule.failed``. Texts are :meth:`str.format` templates; the same
parameters fill both languages.

Examples
--------
>>> from dfgov.i18n import register_messages, text
>>> register_messages({"demo.hello": {"en": "Hello {name}", "zh-CN": "你好 {name}"}})
>>> text("demo.hello", name="bank").zh_cn
'你好 bank'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from dfgov._pii import redact_text
from dfgov.errors import InvalidInputError

__all__ = [
    "LANGS",
    "Lang",
    "LocalizedText",
    "check_lang",
    "fullwidth_punctuation",
    "register_messages",
    "text",
]

Lang = Literal["en", "zh-CN"]
LANGS: tuple[Lang, ...] = get_args(Lang)

_CATALOG: dict[str, dict[str, str]] = {}


class LocalizedText(BaseModel):
    """A text in English and Chinese. ``get(lang)`` picks one.

    Every text leaves dfgov through one of these (findings, tables, titles,
    disclosures), so personal identifiers in them are masked on construction
    (see :doc:`security`, "Personal data in outputs").
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    en: str
    zh_cn: str = Field(alias="zh-CN")

    @field_validator("en", "zh_cn")
    @classmethod
    def _no_personal_data(cls, v: str) -> str:
        return redact_text(v)

    def get(self, lang: str = "en") -> str:
        """Return the text in ``lang`` ("en" or "zh-CN")."""
        return self.zh_cn if check_lang(lang) == "zh-CN" else self.en

    @classmethod
    def same(cls, value: str) -> LocalizedText:
        """A text that reads the same in both languages (a name, a number)."""
        return cls(en=value, zh_cn=value)


_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
_FIELD = re.compile(r"\{[^{}]*\}")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _CJK.match(ch) is not None


def fullwidth_punctuation(text: str) -> str:
    """Chinese punctuation in a Chinese sentence: ``,;:!?()`` next to Chinese become full-width.

    A mark is converted when the character before or after it (spaces
    skipped) is Chinese, or when it directly follows a ``{field}`` and is
    followed by text (``{value},未超出``); a bracket pair is converted when
    either bracket is. Marks inside ``{fields}``, between numbers (``12:30``)
    or in ``[{lower}, {upper}]`` stay as they are.

    Examples
    --------
    >>> fullwidth_punctuation("{subject} 的比率为 {value},未超出阈值(置信水平 {c}):[{lo}, {hi}]")
    '{subject} 的比率为 {value}，未超出阈值（置信水平 {c}）：[{lo}, {hi}]'
    """
    if not any(mark in text for mark in _FULL) or not _CJK.search(text):
        return text
    protected = [False] * len(text)
    for m in _FIELD.finditer(text):
        for i in range(m.start(), m.end()):
            protected[i] = True
    chars = list(text)

    def neighbour(i: int, step: int) -> str:  # already converted marks count as Chinese
        j = i + step
        while 0 <= j < len(text) and chars[j] == " ":
            j += step
        return chars[j] if 0 <= j < len(text) else ""

    opened: list[tuple[int, bool]] = []
    for i, ch in enumerate(text):
        if protected[i] or ch not in _FULL:
            continue
        before, after = neighbour(i, -1), neighbour(i, 1)
        near = _is_cjk(before) or _is_cjk(after)
        if ch == "(":
            opened.append((i, near))
            continue
        if ch == ")":
            if opened:
                j, open_near = opened.pop()
                if open_near or near:
                    chars[j], chars[i] = "（", "）"
            continue
        after_field = i > 0 and text[i - 1] == "}" and i + 1 < len(text) and text[i + 1] != " "
        if near or after_field:
            chars[i] = _FULL[ch]
    out = "".join(chars)
    return re.sub(r" *([，；：！？（）]) *", r"\1", out)


def check_lang(lang: str) -> Lang:
    """Validate a language code and return it typed."""
    if lang not in LANGS:
        raise InvalidInputError(f"The 'lang' argument must be one of {list(LANGS)}. Got {lang!r}.")
    return lang


def register_messages(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages to the catalog. Each needs both an ``en`` and a ``zh-CN`` text.

    Re-registering a key with identical texts is allowed (module reloads);
    registering a different text under an existing key is an error. Chinese
    texts get full-width punctuation (:func:`fullwidth_punctuation`).
    """
    for key, texts in messages.items():
        missing = [lang for lang in LANGS if lang not in texts]
        if missing:
            raise InvalidInputError(f"Message {key!r} lacks a text for {missing}.")
        entry: dict[str, str] = {lang: texts[lang] for lang in LANGS}
        entry["zh-CN"] = fullwidth_punctuation(entry["zh-CN"])
        if key in _CATALOG and _CATALOG[key] != entry:
            raise InvalidInputError(f"Message {key!r} is already registered with other texts.")
        _CATALOG[key] = entry


def text(key: str, /, **params: object) -> LocalizedText:
    """Fill message ``key`` with ``params`` in both languages.

    A :class:`LocalizedText` parameter fills each language with its own text (a data
    type's or a field's Chinese name in the Chinese message); other values are formatted
    as they are in both.

    Examples
    --------
    >>> register_messages({"doc.example": {"en": "Column {name}: {what}.",
    ...                                    "zh-CN": "列 {name}：{what}。"}})
    >>> t = text("doc.example", name="phone", what=LocalizedText(en="mobile number",
    ...                                                         zh_cn="手机号码"))
    >>> t.en, t.zh_cn
    ('Column phone: mobile number.', '列 phone：手机号码。')
    """
    try:
        entry = _CATALOG[key]
    except KeyError:
        raise InvalidInputError(f"Unknown message key {key!r}.") from None
    if not any(isinstance(v, LocalizedText) for v in params.values()):
        return LocalizedText(
            en=entry["en"].format(**params), zh_cn=entry["zh-CN"].format(**params)
        )
    en = {k: v.en if isinstance(v, LocalizedText) else v for k, v in params.items()}
    zh = {k: v.zh_cn if isinstance(v, LocalizedText) else v for k, v in params.items()}
    return LocalizedText(en=entry["en"].format(**en), zh_cn=entry["zh-CN"].format(**zh))


def catalog_size() -> int:
    """Number of registered messages (grows as areas load; cheap, for caches)."""
    return len(_CATALOG)


def catalog() -> dict[str, dict[str, str]]:
    """A copy of the whole catalog (for docs and tests)."""
    return {k: dict(v) for k, v in _CATALOG.items()}
