"""The layout of the code is a rule, not a habit: these tests fail when a module breaks it (docs/architecture.md)."""

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("talent", "sharing", "incentives")
LAYER_WORDS = {"views", "serializers", "services", "selectors", "admin", "filters", "urls", "models", "pdf"}
# Which apps each app may import: sharing and incentives -> talent -> core, and incentives reads sharing.
MAY_IMPORT = {
    "core": {"core"},
    "talent": {"talent", "core"},
    "sharing": {"sharing", "talent", "core"},
    "incentives": {"incentives", "sharing", "talent", "core"},
}


def modules(app: str) -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts:
            continue
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(path: Path, *, module_level: bool) -> set[str]:
    """Dotted names a module imports; `from a import b` gives a.b (a module or a name in a)."""
    tree = ast.parse(path.read_text())
    nodes = []

    def visit(body):
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                continue
            nodes.append(node)
            for field in ("body", "orelse", "finalbody", "handlers"):
                visit(getattr(node, field, []))

    if module_level:
        visit(tree.body)
    else:
        nodes = list(ast.walk(tree))
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module of `known` that a dotted import name lands in (the longest known prefix)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_no_module_is_named_by_layer_and_topic(app):
    broken = []
    for path in (ROOT / app).rglob("*.py"):
        if {"migrations", "management"} & set(path.relative_to(ROOT).parts):
            continue
        words = path.stem.split("_")
        if len(words) > 1 and (words[0] in LAYER_WORDS or words[-1] in LAYER_WORDS):
            broken.append(str(path.relative_to(ROOT)))
    # Layers are packages: views/skills.py, never skills_views.py or views_skills.py.
    assert broken == []


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_layer_packages_re_export_nothing(app):
    for layer in ("views", "serializers", "services", "selectors"):
        init = ROOT / app / layer / "__init__.py"
        if init.exists():
            assert init.read_text().strip() == "", f"{init.relative_to(ROOT)}: one import path per thing"


@pytest.mark.parametrize("app", ["core", *DOMAIN_APPS])
def test_apps_import_only_downwards(app):
    crossing = sorted(
        f"{module} imports {name}"
        for module, path in modules(app).items()
        for name in imported(path, module_level=False)
        if name.split(".")[0] in MAY_IMPORT and name.split(".")[0] not in MAY_IMPORT[app]
    )
    assert crossing == []


@pytest.mark.parametrize("app", ["core", *DOMAIN_APPS])
def test_no_import_cycle_inside_an_app(app):
    known = modules(app)
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for module, path in known.items():
        for name in imported(path, module_level=True):
            target = resolve(name, known)
            if target and target != module:
                graph.add_edge(module, target)
    assert list(nx.simple_cycles(graph)) == []


def test_the_rules_can_fail(tmp_path):
    """The helpers above see a cycle and a name by layer, so the tests are not green by construction."""
    (tmp_path / "a.py").write_text("from app import b\n")
    (tmp_path / "b.py").write_text("import app.a\n\ndef f():\n    from app import c\n")
    assert imported(tmp_path / "a.py", module_level=True) == {"app.b"}
    assert imported(tmp_path / "b.py", module_level=True) == {"app.a"}
    assert imported(tmp_path / "b.py", module_level=False) == {"app.a", "app.c"}
    assert resolve("app.a.Thing", {"app.a": tmp_path}) == "app.a"
