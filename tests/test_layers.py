"""The import graph: layers from the bottom, and no cycle between packages or modules."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# From the bottom up; a module imports only from its own layer or below. Entry points that are
# not named here (the command line, benchmarks) sit on the top floor.
LAYERS = {"parsers": 0, "store": 1, "handlers": 2, "workers": 3, "gateway": 4, "web": 4}
TOP = 5
NOT_PRODUCT = {"tests", "bench", "loopback"}


def packages() -> list[str]:
    return sorted(p.parent.name for p in ROOT.glob("*/__init__.py")
                  if p.parent.name not in NOT_PRODUCT)


def modules() -> dict[str, Path]:
    found = {}
    for package in packages():
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Name the modules of ours that `name` imports, anywhere in it (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in known else base)
    return {t for t in targets if t in known and t != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected parts of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> int:
    return LAYERS.get(module.split(".")[0], TOP)


def test_the_walk_sees_the_imports_it_must():
    edges = graph()
    assert "handlers.context" in edges["handlers.dispatch"]
    assert "parsers" in edges["handlers.dispatch"] or any(
        t.startswith("parsers") for t in edges["handlers.dispatch"])


def test_no_module_imports_from_a_layer_above_it():
    upward = [f"{src} -> {dst}" for src, targets in graph().items() for dst in targets
              if layer(dst) > layer(src)]
    assert upward == []


def test_parsers_import_nothing_of_ours():
    edges = graph()
    outside = [f"{src} -> {dst}" for src, targets in edges.items() if src.startswith("parsers")
               for dst in targets if not dst.startswith("parsers")]
    assert outside == []


def test_no_cycle_between_modules():
    assert cycles(graph()) == []


def test_no_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for src, targets in graph().items():
        top = src.split(".")[0]
        edges.setdefault(top, set()).update(t.split(".")[0] for t in targets
                                            if t.split(".")[0] != top)
    assert cycles(edges) == []


def test_handlers_and_parsers_know_no_flask():
    for name, path in modules().items():
        if layer(name) <= LAYERS["handlers"]:
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom | ast.Import):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                        a.name for a in node.names]
                    assert not any(n.split(".")[0] == "flask" for n in names), name


def _imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            found.add((node.module or "").split(".")[0])
    return found


def test_benchmarks_and_the_loopback_import_no_test():
    """bench/ and loopback/ stand on the product and loopback/, never on tests/; the product
    imports neither."""
    leaks = [f"{path.relative_to(ROOT)} -> {package}"
             for folder in ("bench", "loopback") for path in (ROOT / folder).rglob("*.py")
             for package in _imported_packages(path) & {"tests"}]
    product = [f"{path.relative_to(ROOT)} -> {package}" for path in modules().values()
               for package in _imported_packages(path) & NOT_PRODUCT]
    assert leaks == [] and product == []


def _names_taken(path: Path) -> set[str]:
    """Name every `module.name` that `path` imports by name (from module import name)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_every_door_takes_a_text_in_one_way():
    """Keeping, handling and queueing a text are composed once (handlers.inbound.take_in):
    no door keeps a text, hands it to the handlers or queues its effects on its own."""
    pieces = {"handlers.handle_inbound", "handlers.inbound.handle_inbound",
              "handlers.inbound.keep", "workers.enqueue.queue_effects"}
    allowed = {"handlers", "handlers.inbound", "workers.sweeper", "workers.runtime"}
    doors = {name: sorted(_names_taken(path) & pieces) for name, path in modules().items()
             if name not in allowed}
    assert {name: taken for name, taken in doors.items() if taken} == {}
    assert "handlers.inbound" in graph()["gateway.twilio_webhooks"]
