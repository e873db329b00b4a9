"""The zh-CN HTML of the demo report is Chinese throughout.

Every word a reader sees is Chinese, except: code identifiers and data values
(marked ``translate="no"``: control ids, feature and group names, fingerprints),
clause tags (also ``translate="no"``), numbers, and the short allow-list below
of proper nouns, acronyms and units.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ALLOWED = {
    # acronyms and names of statistics, methods and software used as proper nouns
    "AUC", "ROC", "KS", "PSI", "CSI", "SHAP", "ECE", "HHI", "F1", "Brier", "Hosmer",
    "Lemeshow", "Wilson", "Kish", "dfgov", "UCI", "GBM",
    # statistical symbols (p value, k-anonymity, l-diversity, t-closeness)
    "p", "k", "l", "t",
    # units
    "UTC", "ms", "s",
}

VOID = {"br", "img", "meta", "wbr", "link", "input", "hr", "source"}


class _Visible(HTMLParser):
    """Text a reader sees and may need translated: skips code and translate="no"."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        skip = tag in ("style", "script", "code", "title") or a.get("translate") == "no"
        self.stack.append(skip)
        self.skip += skip

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.stack:
            return
        self.skip -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def english_words(html: str) -> dict[str, int]:
    """Latin words outside code, clause tags and numbers, with counts."""
    p = _Visible()
    p.feed(html)
    text = " ".join(p.parts)
    text = re.sub(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?", " ", text)  # numbers, also 2.2e-15
    words: dict[str, int] = {}
    for w in re.findall(r"[A-Za-z]+", text):
        if w not in ALLOWED:
            words[w] = words.get(w, 0) + 1
    return words


def test_demo_report_in_chinese_has_no_english_words(demo_dir: Path) -> None:
    html = (demo_dir / "report.zh-CN.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    found = english_words(html)
    assert not found, f"English words in the zh-CN report (word: count): {found}"


def test_the_check_would_catch_english(demo_dir: Path) -> None:
    """The English report is full of words the check finds (the check is not vacuous)."""
    found = english_words((demo_dir / "report.html").read_text(encoding="utf-8"))
    assert {"Summary", "Fairness", "pass"} <= set(found)


def test_chinese_sentences_use_full_width_punctuation(demo_dir: Path) -> None:
    p = _Visible()
    p.feed((demo_dir / "report.zh-CN.html").read_text(encoding="utf-8"))
    cjk = "[\u4e00-\u9fff]"
    bad = [m.group(0) for t in p.parts
           for m in re.finditer(rf"{cjk}[,;:()]|[,;:()]{cjk}", t)]
    assert not bad, bad[:10]
