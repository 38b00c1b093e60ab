"""Golden files: the generated docs/ of the fixture catalog, byte for byte.

``tests/golden/`` holds what ``generate`` writes for ``tests/fixtures/mini/catalog`` (every
page in every language, one tree per language, and the JSON export). A missing, extra or changed file fails with
a unified diff; ``pytest --update-goldens`` rewrites the folder from the current output,
after which ``git diff tests/golden`` shows exactly what a change did to the pages.

Besides the byte comparison, the same output is checked for things a reader would notice:
links to pages that do not exist, a page without its other-language twin, and English
sentences on a Chinese page without the "EN" fallback mark.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import shutil
from pathlib import Path

import pytest

from generator import languages, pipeline
from generator.render import strings

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "mini" / "catalog"
GOLDEN = REPO / "tests" / "golden"
#: Files in tests/golden/ that are not generated output.
_NOT_OUTPUT = {".gitattributes"}
_DIFF_LINES = 40


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in _NOT_OUTPUT
    }


@pytest.fixture(scope="module")
def fixture_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog, copied out of the git checkout: the pages say when a catalog last
    changed when git knows it, and the goldens must not depend on the repository's history."""
    copy = tmp_path_factory.mktemp("fixture") / "catalog"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, fixture_catalog: Path) -> dict[str, bytes]:
    """What ``generate`` writes for the fixture catalog, by path under docs/."""
    docs = tmp_path_factory.mktemp("golden") / "docs"
    problems = pipeline.generate(fixture_catalog, docs)
    assert [p.text() for p in problems if p.severity == "error"] == []
    return _tree(docs)


def _diff(path: str, want: bytes, got: bytes) -> str:
    lines = list(
        difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(keepends=True),
            got.decode("utf-8", "replace").splitlines(keepends=True),
            fromfile=f"golden/{path}",
            tofile=f"generated/{path}",
        )
    )
    shown = "".join(lines[:_DIFF_LINES])
    if len(lines) > _DIFF_LINES:
        shown += f"... ({len(lines) - _DIFF_LINES} more diff lines)\n"
    return shown


def test_output_matches_golden_files(generated: dict[str, bytes], update_goldens: bool) -> None:
    if update_goldens:
        for path in GOLDEN.rglob("*") if GOLDEN.exists() else []:
            if path.is_file() and path.relative_to(GOLDEN).as_posix() not in _NOT_OUTPUT:
                path.unlink()
        for rel, data in generated.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for folder in sorted((p for p in GOLDEN.rglob("*") if p.is_dir()), reverse=True):
            if not any(folder.iterdir()):
                shutil.rmtree(folder)
        return

    assert GOLDEN.is_dir(), "tests/golden/ is missing: run `pytest tests/test_golden.py --update-goldens`"
    golden = _tree(GOLDEN)
    report = []
    for rel in sorted(golden.keys() - generated.keys()):
        report.append(f"missing from the output (golden has it): {rel}")
    for rel in sorted(generated.keys() - golden.keys()):
        report.append(f"not in tests/golden/ (new output): {rel}")
    for rel in sorted(golden.keys() & generated.keys()):
        if golden[rel] != generated[rel]:
            report.append(f"changed: {rel}\n{_diff(rel, golden[rel], generated[rel])}")
    if report:
        pytest.fail(
            f"{len(report)} file(s) differ from tests/golden/; if the change is intended, run "
            "`pytest tests/test_golden.py --update-goldens` and review `git diff tests/golden`\n\n" + "\n".join(report),
            pytrace=False,
        )


def test_golden_files_cover_every_record_in_every_language(generated: dict[str, bytes]) -> None:
    from generator.pipeline import load
    from generator.resolve.pages import record_path

    catalog, _ = load(FIXTURE)
    for kind, records in catalog.records.items():
        for record_id in records:
            for lang in languages.codes():
                path = f"{lang}/{record_path(kind, record_id)}"
                assert path in generated, f"{kind} {record_id}: expected {path}"
    assert f"{languages.default().code}/api/catalog.json" in generated


# --- what a reader would notice ------------------------------------------------------------

#: A Markdown link to another page (the builder turns .md into the page's address), and a
#: link in HTML the generator writes itself (already the built page's address, .html).
_LINK = re.compile(r"\]\((?!<?https?://)([^)#\s]+?\.md)(#[^)]*)?\)")
_HREF = re.compile(r'href="(?!https?://)([^"#]+?)\.html(#[^"]*)?"')
_MARK = strings.translate("zh", "mark.fallback")


def _pages(generated: dict[str, bytes]) -> dict[str, str]:
    return {rel: data.decode("utf-8") for rel, data in generated.items() if rel.endswith(".md")}


def test_every_relative_link_reaches_a_generated_page(generated: dict[str, bytes]) -> None:
    broken = []
    for rel, page in _pages(generated).items():
        folder = posixpath.dirname(rel)
        targets = [m.group(1) for m in _LINK.finditer(page)] + [m.group(1) + ".md" for m in _HREF.finditer(page)]
        for target in targets:
            resolved = posixpath.normpath(posixpath.join(folder, target))
            if resolved not in generated or resolved.split("/")[0] != rel.split("/")[0]:
                broken.append(f"{rel}: ({target}) -> {resolved}")
    assert broken == []
    assert any(_HREF.search(page) for page in _pages(generated).values())


def test_every_language_has_the_same_pages(generated: dict[str, bytes]) -> None:
    trees = {
        lang: {rel.split("/", 1)[1] for rel in _pages(generated) if rel.split("/")[0] == lang} for lang in languages.codes()
    }
    assert len({frozenset(tree) for tree in trees.values()}) == 1, trees


# Three or more English words in a row, after links, code, tags and fenced blocks are removed.
_ENGLISH_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?:[ ,;'-]+[A-Za-z]{2,}){2,}")


def _prose(line: str) -> str:
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", " ", line)  # link labels are record names
    line = re.sub(r"<a [^>]*>.*?</a>", " ", line)
    line = re.sub(r"<code>.*?</code>", " ", line)
    line = re.sub(r"`+[^`]*`+", " ", line)
    line = re.sub(r"<[^>]+>", " ", line)
    line = re.sub(r"\{\s*[.#:][^}]*\}", " ", line)  # attribute lists: { .class }
    line = re.sub(r"\b[A-Z][A-Z0-9]+\b", " ", line)  # names such as format labels: GGUF, GPTQ, MLX
    return re.sub(r"https?://\S+", " ", line)


def _cells(line: str) -> list[str]:
    if line.startswith(("<tr>", "<thead><tr>")):
        return re.split(r"</t[dh]><t[dh][^>]*>", line)
    return line.split(" | ") if line.startswith("|") else [line]


def test_chinese_pages_mark_english_text(generated: dict[str, bytes]) -> None:
    """English prose on a zh page is record text without Chinese: it must carry the EN mark."""
    unmarked = []
    for rel, page in _pages(generated).items():
        if not rel.startswith("zh/"):
            continue
        fenced = False
        for number, line in enumerate(page.splitlines(), 1):
            if line.startswith("```"):
                fenced = not fenced
                continue
            if fenced or line.startswith("# "):  # the title is the record's name
                continue
            for cell in _cells(line):
                run = _ENGLISH_RUN.search(_prose(cell))
                if run and f">{_MARK}</span>" not in cell:
                    unmarked.append(f"{rel}:{number}: {run.group(0)!r}")
    assert unmarked == []


def test_generation_is_deterministic(generated: dict[str, bytes], fixture_catalog: Path, tmp_path: Path) -> None:
    pipeline.generate(fixture_catalog, tmp_path / "docs")
    assert _tree(tmp_path / "docs") == generated
