"""The API reference covers every public name of every public module, and is current."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _hook():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("reference_hook",
                                                  ROOT / "docs" / "hooks" / "reference.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_committed_pages_are_current_and_in_the_nav() -> None:
    hook = _hook()
    pages = hook.generate()
    on_disk = {p.name: p.read_text(encoding="utf-8")
               for p in (ROOT / "docs" / "reference").glob("*.md")}
    assert set(on_disk) == set(pages), "regenerate with: python docs/hooks/reference.py"
    stale = [n for n in pages if on_disk[n] != pages[n]]
    assert not stale, f"stale reference pages {stale}; run: python docs/hooks/reference.py"
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [n for n in pages if f"reference/{n}" not in nav]
    assert not missing, f"reference pages missing from mkdocs.yml nav: {missing}"


def test_every_public_name_is_documented_or_points_to_its_page() -> None:
    hook = _hook()
    pages = hook.generate()
    for mod_name in hook.public_modules():
        text = pages[hook.page_name(mod_name)]
        mod = importlib.import_module(mod_name)
        for name in getattr(mod, "__all__", []):
            if name in hook.SKIP:
                continue
            assert re.search(rf"(::: {re.escape(mod_name)}\.{name}\n|- `{name}`: )", text), \
                f"{mod_name}.{name} is not in the API reference"
