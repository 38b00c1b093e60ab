"""The shape of the generator, held by tests: data flows one way (read -> check -> resolve ->
render -> write), templates only lay out, every file is written through one module, and the
MkDocs hook only calls the generator.

Imports are read from the source (every ``import`` anywhere in a module, functions included),
so a shortcut taken inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GENERATOR = REPO / "generator"
TEMPLATES = GENERATOR / "render" / "templates"


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every generator module ``path`` imports (a ``from pkg import name`` counts as pkg.name
    when that is a module, else as pkg)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name.split(".")[0] == "generator"}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in GENERATOR.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_import_graph_has_no_cycles(graph: dict[str, set[str]]) -> None:
    # A package's __init__ re-exporting its own modules is not a loop of dependencies.
    edges = {m: {d for d in deps if not _under(m, d)} for m, deps in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("generator.render", ("generator.read", "generator.check", "generator.pipeline", "generator.catalog")),
        ("generator.read", ("generator.check", "generator.resolve", "generator.render", "generator.pipeline")),
        ("generator.check", ("generator.read", "generator.resolve", "generator.render", "generator.pipeline")),
        ("generator.resolve", ("generator.read", "generator.check", "generator.render", "generator.pipeline")),
        ("generator.schema", ("generator.read", "generator.check", "generator.resolve", "generator.render", "generator.catalog")),
        ("generator.catalog", ("generator.read", "generator.check", "generator.resolve", "generator.render")),
    ],
)
def test_each_step_imports_only_what_comes_before_it(graph: dict[str, set[str]], package: str, forbidden: tuple[str, ...]) -> None:
    wrong = sorted(
        f"{module} imports {dep}"
        for module, deps in graph.items()
        if _under(module, package)
        for dep in deps
        if any(_under(dep, f) for f in forbidden)
    )
    assert wrong == []


def test_reading_does_not_check() -> None:
    for path in (GENERATOR / "read").rglob("*.py"):
        assert "check" not in {n.split(".")[-1] for n in _imports(path) if n.startswith("generator.check")}, path


#: What a template must not do: look records up, build data, or guess a layout.
_FORBIDDEN_IN_TEMPLATES = {
    r"\bcatalog\b": "reads the catalog",
    r"\bviews\.": "calls derived views",
    r"\.(append|update|extend|insert|pop)\(": "builds a data structure",
    r"\bis\s+defined\b": "guesses a layout with 'is defined'",
    r"\bselectattr\b|\brejectattr\b|\|\s*map\(|\|\s*sum\b|\|\s*groupby\b": "derives data with filters",
    r"\.get\(": "looks something up",
    r"\[\s*(id|mid|qid|lid|did|bid|pid|m|q|r)\s*\]": "looks a record up by id",
    r"'(gguf|ggml|gptq|awq|fp16|exl2|mlx)'": "knows a quant format by name",
    r"\bset\s+_\s*=": "runs code for its side effect",
}


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*.jinja")), ids=lambda p: p.name)
def test_templates_only_lay_out(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    # Comments say what a template receives, in words that may name what code may not do.
    source = re.sub(r"\{#.*?#\}", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
    found = [
        f"{template.name}:{source[: m.start()].count(chr(10)) + 1}: {what}: {m.group(0)!r}"
        for pattern, what in _FORBIDDEN_IN_TEMPLATES.items()
        for m in re.finditer(pattern, source)
    ]
    assert found == []
    assert text.startswith("{#-") and "Receives:" in text.split("#}")[0], "say what the template receives"


def test_the_forbidden_patterns_catch_what_they_name() -> None:
    samples = [
        "{% set m = catalog.models[id] %}",
        "{{ views.files_of(id) }}",
        "{% set _ = nodes.append(node) %}",
        "{{ f.name if f.name is defined else f.branch }}",
        "{{ rows|map('last')|sum }}",
        "{% if q.format in ('gptq', 'awq') %}",
    ]
    for sample in samples:
        assert any(re.search(p, sample) for p in _FORBIDDEN_IN_TEMPLATES), sample


_WRITES = re.compile(
    r"\.write_text\(|\.write_bytes\(|\bopen\([^)]*['\"][wax]b?['\"]|\.mkdir\(|\bos\.(replace|rename|remove|unlink)\("
    r"|\bshutil\.|\.unlink\(|zipfile\.ZipFile\(|\bmkdtemp\(|\bmkstemp\("
)


def test_every_file_is_written_through_the_write_module() -> None:
    writers = sorted(
        f"{path.relative_to(REPO)}:{n}: {line.strip()}"
        for path in GENERATOR.rglob("*.py")
        if path.name != "write.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _WRITES.search(line) and not line.lstrip().startswith("#")
    )
    assert writers == []


def test_the_mkdocs_hook_only_calls_the_generator() -> None:
    tree = ast.parse((GENERATOR / "mkdocs_hooks.py").read_text(encoding="utf-8"))
    hooks = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert hooks and all(h.name.startswith("on_") for h in hooks)
    for hook in hooks:
        body = [s for s in hook.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        assert len(body) <= 3, f"{hook.name} holds logic: move it into the generator"
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert not modules & {"re", "html", "mkdocs.utils"}, "page fixes belong in generator.site.html"
