"""The layer contract: every module imports only from its own layer or the
layers below it (the data flow read -> locate -> normalize -> name -> classify
-> phase -> interpret -> write), and no two modules import each other, even
through a chain or an import inside a function."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "gnas_annot"

#: lowest first; a module may import its own layer and any layer listed before it
LAYERS = (
    # _deprecated imports by name at run time only; _htslib: htslib stderr, stale indexes
    ("errors", "_version", "_deprecated", "_htslib"),
    ("model",),
    ("seq",),
    ("pack",),
    ("remote",),
    ("io",),
    ("extract",),
    ("known",),  # the user's ClinVar/gnomAD/custom VCFs, read by the extraction stage
    ("naming",),
    ("effect",),
    ("epigenetics",),  # methylation at the DMRs; origin uses its haplotype -> parent
    ("structure",),  # copy number, SV records, UPD: origin may use them
    ("origin",),
    ("interpret",),
    ("annotate",),
    ("output",),
    ("scale",),
    ("cli", "__main__"),
    ("__init__",),  # the public API: the top
)
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}


@cache
def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found["gnas_annot." + ".".join(parts)] = path
    return found


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    return RANK[top]


def _imports(path: Path) -> set[str]:
    """Every gnas_annot module named by an import anywhere in the file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("gnas_annot"):
                for alias in node.names:  # `from gnas_annot.x import y` may name module y
                    out.add(f"{node.module}.{alias.name}")
                out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("gnas_annot"))
    return out


@cache
def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {m for m in _imports(path) if m in modules} for name, path in modules.items()}


def test_every_top_level_module_has_a_layer():
    unknown = {m for m in _modules() if m.count(".") >= 1 and m.split(".")[1] not in RANK}
    assert not unknown, f"add these to LAYERS in tests/test_layers.py: {sorted(unknown)}"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_upward_import(module):
    graph = _graph()
    upward = sorted(m for m in graph[module] if _layer(m) > _layer(module))
    assert not upward, f"{module} (layer {_layer(module)}) imports a higher layer: {upward}"


def test_no_import_cycle():
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if dep == node or dep == node.rsplit(".", 1)[0]:
                continue  # a package's own __init__ re-exporting it is not a cycle
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            pytest.fail("import cycle: " + " -> ".join(cycle))


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_stay_small(module):
    lines = len(_modules()[module].read_text().splitlines())
    assert lines <= 450, f"{module} has {lines} lines: split it by concept (guideline ~400)"
