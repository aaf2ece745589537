"""The layers stay apart: playbook is pure Python, store knows nothing of the screens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_of(package: str) -> list[str]:
    return sorted(
        f"{package}.{path.stem}" if path.stem != "__init__" else package
        for path in (ROOT / package).glob("*.py")
    )


PLAYBOOK_MODULES = modules_of("playbook")
STORE_MODULES = modules_of("store")


def test_the_expected_modules_are_checked():
    assert {"playbook.verdict", "playbook.report", "playbook.clock"} <= set(PLAYBOOK_MODULES)
    assert {"store.repository", "store.errors", "store.paths"} <= set(STORE_MODULES)


def imports_after(module: str, forbidden: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    code = (
        f"import {module}, sys\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})\n"
        "assert not bad, bad\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("module", PLAYBOOK_MODULES)
def test_importing_playbook_loads_neither_textual_nor_tinydb(module):
    done = imports_after(module, ("textual", "tinydb", "tui", "store"))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", STORE_MODULES)
def test_importing_the_store_loads_neither_textual_nor_the_tui(module):
    done = imports_after(module, ("textual", "tui"))
    assert done.returncode == 0, done.stderr


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("playbook", {"textual", "tinydb", "tui", "store"}),
        ("store", {"textual", "tui"}),
    ],
)
def test_no_source_file_imports_a_layer_above_it(package, forbidden):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & forbidden) for path in files
    }
    assert {path: bad for path, bad in offenders.items() if bad} == {}


def test_the_static_check_would_see_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from textual.app import App\n    import tinydb.table\n")
    assert imported_roots(sample) == {"textual", "tinydb"}


# --- no import circle inside tui/ -------------------------------------------------------------


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Every module of ``package`` (and its subpackages) under ``root``, by dotted name."""
    found: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement that can run: at module level, in functions and classes alike;
    not those under ``if TYPE_CHECKING:``, which only a type checker reads."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Which module of ``package`` imports which other, read with ``ast``: imports at module
    level and inside functions alike, absolute and relative (``if TYPE_CHECKING:`` imports,
    which never run, are left out). ``from a.b import c`` is an edge to ``a.b.c`` when that is
    a module, else to ``a.b``. (Importing a submodule also runs its package's ``__init__``;
    that implied edge is left out, as Python allows it.)"""
    modules = module_files(root, package)
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        own_package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in runtime_imports(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    anchor = own_package.split(".")[: len(own_package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: each group of modules that reach one another (Tarjan's
    strongly connected components with more than one module), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


KNOWN_CIRCLE_EDGES = {}
"""Import edges known to close a circle, to be removed: each is left out of the graph."""


def test_no_import_circle_inside_tui():
    graph = import_graph(ROOT, "tui")
    assert {"tui.cli", "tui.render", "tui.plain", "tui.screens.verdict"} <= set(graph)
    for importer, imported in KNOWN_CIRCLE_EDGES:
        graph[importer].discard(imported)
    assert circles(graph) == []


def test_each_known_circle_edge_still_exists():
    """A known edge that is gone must leave KNOWN_CIRCLE_EDGES too, so it cannot come back."""
    graph = import_graph(ROOT, "tui")
    gone = sorted(edge for edge in KNOWN_CIRCLE_EDGES if edge[1] not in graph[edge[0]])
    assert gone == [], f"fixed: remove {gone} from KNOWN_CIRCLE_EDGES in this test"


def test_the_circle_check_sees_circles_at_module_and_function_level(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from pkg import c\n")
    (package / "c.py").write_text("import pkg.a\n")
    (package / "sub" / "d.py").write_text("from ..sub import e\n")
    (package / "sub" / "e.py").write_text("def f():\n    from . import d\n")
    (package / "lone.py").write_text("from pkg import a\nimport json\n")
    (package / "typed.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import lone\n"
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.b"] == {"pkg.c"}
    assert graph["pkg.sub.d"] == {"pkg.sub.e"}
    assert graph["pkg.typed"] == set()
    assert circles(graph) == [["pkg.a", "pkg.b", "pkg.c"], ["pkg.sub.d", "pkg.sub.e"]]
    (package / "c.py").write_text("import json\n")
    (package / "sub" / "e.py").write_text("")
    assert circles(import_graph(tmp_path, "pkg")) == []


def test_no_store_module_is_over_400_lines() -> None:
    """Issue 13: every module of store/ stays small enough to hold in one's head."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "store").glob("*.py")
    }
    assert sizes and max(sizes.values()) <= 400, sizes
