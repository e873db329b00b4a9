"""API reference pages: one per public module, every public name rendered by mkdocstrings.

Each page under ``docs/reference/`` lists the objects of one public module's
``__all__`` as ``::: dotted.name`` directives; an object re-exported by several
modules (``dfgov.data_protection`` re-exports ``dfgov.data_protection.crypto``)
is documented once, on the page of the most specific module that exports it.

As an mkdocs hook, the pages are regenerated at build time (so they are always
current); run ``python docs/hooks/reference.py`` to rewrite the committed copies
after adding a public module (``tests/docs`` checks they are current).
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "reference"
SKIP = {"__version__"}
#: Private modules whose classes' public members belong on their public subclasses' pages:
#: ``Report`` is ``dfgov._report_model.ReportModel`` with output methods, and the stores
#: take ``close()`` from ``dfgov._sql.StoreHandle``.
INHERIT_FROM = {"dfgov._report_model", "dfgov._sql"}


def public_modules() -> list[str]:
    """Every public module of dfgov (no private component in its dotted name)."""
    import dfgov

    names = ["dfgov", *(m.name for m in pkgutil.walk_packages(dfgov.__path__, "dfgov."))]
    return sorted(n for n in names if not any(p.startswith("_") for p in n.split(".")[1:]))


def _key(mod_name: str, name: str, obj: Any) -> str:
    """Identity of a documented object: classes and functions by object, constants by name."""
    return f"id:{id(obj)}" if (inspect.isclass(obj) or callable(obj)) else f"{mod_name}.{name}"


def assignments() -> dict[str, list[str]]:
    """Module -> the names documented on its page (each object once, most specific first)."""
    seen: set[str] = set()
    out: dict[str, list[str]] = {}
    for mod_name in sorted(public_modules(), key=lambda n: (-n.count("."), n)):
        mod = importlib.import_module(mod_name)
        names = []
        for name in getattr(mod, "__all__", []):
            if name in SKIP:
                continue
            obj = getattr(mod, name)
            if inspect.ismodule(obj):
                continue
            key = _key(mod_name, name, obj)
            if key in seen:
                continue
            seen.add(key)
            names.append(name)
        out[mod_name] = names
    return dict(sorted(out.items()))


def _summary(mod_name: str) -> str:
    doc = inspect.getdoc(importlib.import_module(mod_name)) or ""
    first = doc.split("\n\n", 1)[0].replace("\n", " ")
    first = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", first)  # reST roles -> code
    return first.replace("``", "`")


def _homes(pages: dict[str, list[str]]) -> dict[str, str]:
    """Object key -> the module whose page documents it."""
    homes: dict[str, str] = {}
    for mod_name, names in pages.items():
        mod = importlib.import_module(mod_name)
        for name in names:
            homes[_key(mod_name, name, getattr(mod, name))] = mod_name
    return homes


def _elsewhere(mod_name: str, names: list[str], homes: dict[str, str]) -> list[str]:
    """Bullet lines for the names a module re-exports from other pages."""
    mod = importlib.import_module(mod_name)
    out = []
    for name in getattr(mod, "__all__", []):
        if name in names or name in SKIP:
            continue
        obj = getattr(mod, name)
        if inspect.ismodule(obj):
            out.append(f"- `{name}`: the package [`{obj.__name__}`]({page_name(obj.__name__)})")
            continue
        home = homes.get(_key(mod_name, name, obj))
        if home is not None and home != mod_name:
            out.append(f"- `{name}`: see [`{home}`]({page_name(home)}#{home}.{name})")
    return out


def page_name(mod_name: str) -> str:
    """File name of a module's page."""
    return f"{mod_name}.md"


def render_page(mod_name: str, names: list[str], homes: dict[str, str]) -> str:
    """Markdown of one reference page."""
    lines = [f"# `{mod_name}`", "", _summary(mod_name), ""]
    again = _elsewhere(mod_name, names, homes)
    if again:
        lines += ["Also exported here, documented with the module that defines them:", "",
                  *again, ""]
    for name in names:
        lines += [f"::: {mod_name}.{name}", "    options:", "      heading_level: 2",
                  "      show_root_heading: true",
                  "      show_root_full_path: false",
                  *(["      inherited_members: true"] if _private_base(mod_name, name) else []),
                  ""]
    return "\n".join(lines)


def _private_base(mod_name: str, name: str) -> bool:
    """Whether a public class builds on a class of :data:`INHERIT_FROM`."""
    obj = getattr(importlib.import_module(mod_name), name)
    return inspect.isclass(obj) and any(b.__module__ in INHERIT_FROM for b in obj.__mro__[1:])


def render_index(pages: dict[str, list[str]]) -> str:
    """The reference's front page: every module with its summary and names."""
    lines = ["# API reference", "",
             "Generated from the docstrings of every public module (numpydoc). Each object "
             "appears once, under the most specific public module that exports it; the "
             "package `__init__`s re-export them lazily.", "",
             "| module | what it holds | names |", "|---|---|---|"]
    for mod_name, names in pages.items():
        lines.append(f"| [`{mod_name}`]({page_name(mod_name)}) | {_summary(mod_name)} | "
                     f"{len(names)} |")
    return "\n".join(lines) + "\n"


def generate() -> dict[str, str]:
    """File name -> content of every reference page."""
    pages = assignments()
    homes = _homes(pages)
    out = {page_name(m): render_page(m, names, homes) for m, names in pages.items()}
    out["index.md"] = render_index(pages)
    return out


def write() -> None:
    """Rewrite ``docs/reference/`` (removing pages of modules that are gone)."""
    OUT.mkdir(parents=True, exist_ok=True)
    pages = generate()
    for old in OUT.glob("*.md"):
        if old.name not in pages:
            old.unlink()
    for name, text in pages.items():
        (OUT / name).write_text(text, encoding="utf-8")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Serve the generated content for the reference pages (always current)."""
    uri = page.file.src_uri
    if not uri.startswith("reference/"):
        return markdown
    return generate().get(uri.removeprefix("reference/"), markdown)


if __name__ == "__main__":
    write()
