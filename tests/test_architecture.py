"""The layering DESIGN.md describes, enforced on the source (every import, lazy ones included).

Layers, bottom to top: the vocabulary (errors, policy, report, i18n, clauses, fingerprint,
render, audit, datasets and the private root helpers ``dfgov._*``) <- the areas (model_risk,
data_protection, outsourcing) <- the composers (monitoring, review) <- the edges (spark, cli,
testing, integrations). A module imports only from its own first-level package and from layers
below it; areas do not import each other, nor composers each other; nobody imports another
package's private modules or names; first-level packages form no import cycle.

``dfgov.waivers`` (matching waivers to findings) is vocabulary too: areas apply waivers.

Inside the vocabulary, ``VOCABULARY_TIERS`` orders the result modules: the data model
(``dfgov._report_model``, with everything not listed) at the bottom; the renderers and the
audit trail above it (neither imports the other); the public ``dfgov.report`` façade above
those (its output methods call them); ``dfgov.waivers`` above the façade. A vocabulary module
never imports a higher tier, so render and audit never import ``dfgov.report``.

``ALLOWED`` lists the exceptions that exist today; the one-contract restructuring empties it.
A violation not on the list fails, and so does an entry that is no longer needed.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dfgov"

LAYERS: dict[str, int] = {
    **dict.fromkeys(["", "errors", "policy", "report", "i18n", "clauses", "fingerprint",
                     "render", "audit", "datasets", "waivers", "clock"], 0),
    **dict.fromkeys(["model_risk", "data_protection", "outsourcing"], 1),
    **dict.fromkeys(["monitoring", "review"], 2),
    **dict.fromkeys(["spark", "cli", "testing", "integrations", "__main__"], 3),
}
LAYER_NAMES = {0: "vocabulary", 1: "area", 2: "composer", 3: "edge"}
#: Order inside the vocabulary (absent units, the private helpers among them, are tier 0).
VOCABULARY_TIERS: dict[str, int] = {"render": 1, "audit": 1, "report": 2, "waivers": 3}

PRIVATE = "private name of another package"
#: (importer module, imported module or name, rule) that exist today. Shrink only.
ALLOWED: set[tuple[str, str, str]] = set()
#: First-level import cycles that exist today (sorted member tuples).
ALLOWED_CYCLES: set[tuple[str, ...]] = set()


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    is_pkg = parts[-1] == "__init__"
    if is_pkg:
        parts = parts[:-1]
    return ".".join(parts), is_pkg


def _imports() -> list[tuple[str, str]]:
    """``(importer, target)`` for every dfgov import; ``from m import n`` gives ``m.n``."""
    out: list[tuple[str, str]] = []
    for path in sorted(SRC.rglob("*.py")):
        mod, is_pkg = _module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out.extend((mod, a.name) for a in node.names if a.name.startswith("dfgov"))
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if target.startswith("dfgov"):
                    out.extend((mod, f"{target}.{a.name}") for a in node.names)
    return out


def _first(module: str) -> str:
    """The first-level unit: a subpackage, a top-level module, or ``""`` for ``dfgov`` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(unit: str) -> int:
    if unit.startswith("_") and unit != "__main__":
        return 0  # private root helpers (dfgov._hashing, ...) belong to the vocabulary
    return LAYERS.get(unit, 3)


def _private_owner(target: str) -> str | None:
    """The package owning the first private component of ``target``, if any."""
    parts = target.split(".")
    for i, part in enumerate(parts[1:], start=1):
        if part.startswith("_") and not (part.startswith("__") and part.endswith("__")):
            return ".".join(parts[:i])
    return None


def violations() -> tuple[set[tuple[str, str, str]], set[tuple[str, ...]]]:
    found: set[tuple[str, str, str]] = set()
    graph: dict[str, set[str]] = defaultdict(set)
    for importer, target in _imports():
        f, t = _first(importer), _first(target)
        if f != t and "" not in (f, t):  # the package's own lazy exports are not edges
            graph[f].add(t)
            lf, lt = _layer(f), _layer(t)
            if lt > lf:
                found.add((importer, target, f"{LAYER_NAMES[lf]} imports {LAYER_NAMES[lt]}"))
            elif lt == lf and lf in (1, 2):
                found.add((importer, target, f"{LAYER_NAMES[lf]} imports another"))
            elif lt == lf == 0:
                tf, tt = VOCABULARY_TIERS.get(f, 0), VOCABULARY_TIERS.get(t, 0)
                if tt > tf or (tt == tf > 0):
                    found.add((importer, target, f"vocabulary tier {tf} imports tier {tt}"))
        owner = _private_owner(target)
        if owner is not None and owner != "dfgov" and not (
                importer == owner or importer.startswith(owner + ".")):
            found.add((importer, target, PRIVATE))
    cycles: set[tuple[str, ...]] = set()
    for a in graph:
        for b in graph[a]:
            if a in _reach(graph, b):
                cycles.add(tuple(sorted({a, b})))
    return found, cycles


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        node = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def test_layers_and_private_names() -> None:
    found, _ = violations()
    new = sorted(found - ALLOWED)
    assert not new, "imports that break DESIGN.md's layering:\n" + "\n".join(
        f"  {imp} -> {tgt}  ({rule})" for imp, tgt, rule in new)
    stale = sorted(ALLOWED - found)
    assert not stale, "allow-list entries no longer needed (remove them):\n" + "\n".join(
        f"  {e}" for e in stale)


def test_no_cycles_between_first_level_packages() -> None:
    _, cycles = violations()
    new = sorted(cycles - ALLOWED_CYCLES)
    assert not new, f"import cycles between first-level packages: {new}"
    stale = sorted(ALLOWED_CYCLES - cycles)
    assert not stale, f"cycle allow-list entries no longer needed: {stale}"
