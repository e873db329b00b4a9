"""i18n.text fills each language with its own text of a LocalizedText parameter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dfgov.i18n import LocalizedText, register_messages, text

register_messages({"tests.i18n.params": {"en": "{a} and {b}", "zh-CN": "{a}与{b}"}})

words = st.text(alphabet="abcxyz", min_size=1, max_size=8)


@given(en=words, zh=words, plain=st.one_of(words, st.integers(-999, 999)))
def test_localized_parameters_fill_each_language(en: str, zh: str, plain: object) -> None:
    t = text("tests.i18n.params", a=LocalizedText(en=en, zh_cn=zh), b=plain)
    assert t.en == f"{en} and {plain}" and t.zh_cn == f"{zh}与{plain}"
    same = text("tests.i18n.params", a=en, b=plain)  # plain values: as before
    assert same.en == f"{en} and {plain}" and same.zh_cn == f"{en}与{plain}"


def test_a_disclosure_field_label_is_chinese_in_chinese() -> None:
    import dfgov.model_risk.disclosure._messages  # noqa: F401  (registers the texts)

    t = text("disclosure.missing", field="report_digest",
             label=text("disclosure.field.report_digest"))
    assert text("disclosure.field.report_digest").zh_cn in t.zh_cn
    assert text("disclosure.field.report_digest").en in t.en
