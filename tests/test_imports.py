"""Imports point one way, as the data flows: generator -> protocol -> trainer -> checkpoint -> evaluator.

Read from the source (every import statement, those inside functions too), so a lazy import that closes a cycle
counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("protocol", "generator", "trainer", "evaluate", "benchmarks", "scripts", "tests")
# what each role may import of the others (benchmarks measure everything; tests test everything)
ALLOWED = {
    "protocol": set(),
    "generator": {"protocol"},
    "trainer": {"protocol"},
    "evaluate": {"protocol", "trainer"},
    "scripts": set(),
    "benchmarks": {"protocol", "generator", "trainer", "evaluate"},
    "tests": set(PACKAGES),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of a module except those under `if TYPE_CHECKING:` (imports for type hints only, never run)."""
    nodes, stack = [], [tree]
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        stack.extend(ast.iter_child_nodes(node))
    return nodes


def project_imports(path: Path) -> set[str]:
    """The project modules a file imports when it runs (a `from package import name` counts as package.name where
    that is a module, else as package)."""
    found = set()
    for node in runtime_nodes(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        found |= {name for name in names if name.split(".")[0] in PACKAGES}
    return found


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def resolved(name: str, modules: dict[str, Path]) -> str | None:
    """The module an imported name is, or lives in."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: {target for imported in project_imports(path)
                   if (target := resolved(imported, modules)) and target != name}
            for name, path in modules.items()}


def test_each_role_imports_only_what_comes_before_it_in_the_flow() -> None:
    wrong = sorted(f"{source} imports {target}" for source, targets in graph().items() for target in targets
                   if (a := source.split(".")[0]) != (b := target.split(".")[0]) and b not in ALLOWED[a])
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_through_others() -> None:
    edges = graph()
    cycles, done, path = [], set(), []

    def visit(node: str) -> None:
        if node in path:
            cycles.append(" -> ".join([*path[path.index(node):], node]))
            return
        if node in done:
            return
        path.append(node)
        for target in sorted(edges.get(node, ())):
            visit(target)
        path.pop()
        done.add(node)

    for node in sorted(edges):
        visit(node)
    assert not cycles, "\n".join(cycles)
