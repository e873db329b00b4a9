"""Every ```python block of docs/*.md and README.md runs as written.

The blocks of one page run top to bottom in one namespace that starts empty,
in a fresh temporary directory (so a block may write files). ``SystemExit``
with a gate's code (0 or 1) ends a block normally; any other code fails. A block fenced
```` ```python notest ```` is illustrative and not run; keep those few. A
failure names the page and the line where the block starts, and the
traceback points at the page's own lines.

New pages are picked up automatically.
"""

from __future__ import annotations

import builtins
import os
import re
import shutil
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

import dfgov.policy

ROOT = Path(__file__).resolve().parents[2]
PAGES = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
FENCE = re.compile(r"^(?P<indent>\s*)(?P<ticks>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
MAX_NOTEST_SHARE = 0.15
"""At most this share of all python blocks may be marked ``notest``."""

WARNINGS: dict[str, list[str]] = {
    "spark.md": ["ignore:PySpark does not yet fully support pandas:FutureWarning"],
}
"""Warnings a page's libraries raise that are not ours (as in the area's own tests)."""


def _java() -> bool:
    home = os.environ.get("JAVA_HOME")
    return bool(home and Path(home, "bin", "java").exists()) or shutil.which("java") is not None


def _stop_spark() -> None:
    """A page's Spark session must not leak into the tests that follow."""
    if "pyspark" not in sys.modules:
        return
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


@dataclass(frozen=True)
class Block:
    """One fenced python block: the line its code starts on, its code, whether to run it."""

    line: int
    code: str
    run: bool


def _closes(line: str, ticks: str) -> bool:
    s = line.strip()
    return s.startswith(ticks) and not s.strip(ticks[0])


def python_blocks(path: Path) -> list[Block]:
    """The ```python blocks of a Markdown page, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, ticks, info = m["indent"], m["ticks"], m["info"].split()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not _closes(lines[j], ticks):
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        if info and info[0] in ("python", "py", "python3"):
            out.append(Block(line=i + 2, code="\n".join(body) + "\n",
                             run="notest" not in info[1:]))
        i = j + 1
    return out


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [b for b in python_blocks(page) if b.run]
    if not blocks:
        pytest.skip(f"{_rel(page)} has no python blocks to run")
    if page.name == "spark.md":
        pytest.importorskip("pyspark")
        if not _java():
            pytest.skip("no Java runtime for Spark (run .ci/java.sh)")
        monkeypatch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
        # Start the JVM here, in the repository: Spark's Python workers inherit its working
        # directory, and the Spark tests that may follow ship functions of the 'tests' package.
        from pyspark import SparkContext

        SparkContext._ensure_initialized()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # a page may register its own policy section (a custom control): keep it to the page
    # (entry-point sections discovered first: discovery inside the copy would be lost with it)
    monkeypatch.setattr(dfgov.policy, "_SECTIONS", dict(dfgov.policy.registered_sections()))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    with warnings.catch_warnings():
        for spec in WARNINGS.get(page.name, []):
            action, message, category = spec.split(":")
            warnings.filterwarnings(action, message=message,  # type: ignore[arg-type]
                                    category=getattr(builtins, category))
        try:
            _run(page, blocks, namespace)
        finally:
            _stop_spark()


def _run(page: Path, blocks: list[Block], namespace: dict[str, object]) -> None:
    for block in blocks:
        # pad so that line numbers in tracebacks are the page's line numbers
        source = "\n" * (block.line - 1) + block.code
        try:
            exec(compile(source, str(page), "exec"), namespace)
        except SystemExit as exc:  # a gate's exit: 0 pass, 1 a control fails; 2 is misuse
            if exc.code not in (0, 1, None):
                pytest.fail(f"{_rel(page)}:{block.line}: the python block exits with code "
                            f"{exc.code}.", pytrace=False)
        except Exception as exc:
            tb = "".join(traceback.format_exception(exc)[1:])
            pytest.fail(f"{_rel(page)}:{block.line}: the python block starting at line "
                        f"{block.line} raised {type(exc).__name__}: {exc}\n{tb}", pytrace=False)


def test_illustrative_blocks_are_few() -> None:
    blocks = [b for p in PAGES for b in python_blocks(p)]
    skipped = [b for b in blocks if not b.run]
    assert len(blocks) >= 40
    assert len(skipped) <= MAX_NOTEST_SHARE * len(blocks), \
        f"{len(skipped)} of {len(blocks)} python blocks are marked notest"


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]*)[^)]*\)")


@pytest.mark.parametrize("page", PAGES, ids=_rel)
def test_no_placeholder_or_broken_links(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # links inside code are not links
    text = re.sub(r"`[^`\n]*`", "", text)
    for target in LINK.findall(text):
        assert target and target not in ("#", "TODO", "...", "todo") \
            and "example.com" not in target and "placeholder" not in target.lower() \
            and not re.fullmatch(r"https?://(www\.)?(github|gitlab|bitbucket)\.(com|org)/?",
                                 target), \
            f"{_rel(page)}: placeholder link ({target!r})"
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        file = target.split("#", 1)[0]
        assert (page.parent / file).exists(), f"{_rel(page)}: link to missing {file!r}"


def test_parser_finds_blocks_and_markers(tmp_path: Path) -> None:
    md = tmp_path / "p.md"
    md.write_text("# t\n\n```python\nx = 1\n```\n\n```toml\na = 1\n```\n\n"
                  "```python notest\nboom()\n```\n", encoding="utf-8")
    assert python_blocks(md) == [Block(4, "x = 1\n", True), Block(12, "boom()\n", False)]
