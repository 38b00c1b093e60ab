"""Golden files: the generated docs/ of the fixture catalog, byte for byte.

``tests/golden/`` holds what ``generate`` writes for ``tests/fixtures/mini/catalog`` (every
page in both languages and the JSON export). A missing, extra or changed file fails with
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

from generator import pipeline
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
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What ``generate`` writes for the fixture catalog, by path under docs/."""
    docs = tmp_path_factory.mktemp("golden") / "docs"
    problems = pipeline.generate(FIXTURE, docs)
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


def test_golden_files_cover_every_record_in_both_languages(generated: dict[str, bytes]) -> None:
    from generator.pipeline import load
    from generator.resolve.pages import record_path

    catalog, _ = load(FIXTURE)
    for kind, records in catalog.records.items():
        for record_id in records:
            en = record_path(kind, record_id)
            zh = en[: -len(".md")] + ".zh.md"
            assert en in generated and zh in generated, f"{kind} {record_id}: expected {en} and {zh}"
    assert "api/catalog.json" in generated


# --- what a reader would notice ------------------------------------------------------------

_LINK = re.compile(r"\]\((?!<?https?://)([^)#\s]+?\.md)(#[^)]*)?\)")
_MARK = strings.translate("zh", "mark.fallback")


def _pages(generated: dict[str, bytes]) -> dict[str, str]:
    return {rel: data.decode("utf-8") for rel, data in generated.items() if rel.endswith(".md")}


def test_every_relative_link_reaches_a_generated_page(generated: dict[str, bytes]) -> None:
    broken = []
    for rel, page in _pages(generated).items():
        folder = posixpath.dirname(rel)
        for match in _LINK.finditer(page):
            resolved = posixpath.normpath(posixpath.join(folder, match.group(1)))
            if resolved not in generated:
                broken.append(f"{rel}: ({match.group(1)}) -> {resolved}")
    assert broken == []


def test_every_page_has_both_languages(generated: dict[str, bytes]) -> None:
    pages = _pages(generated)
    en = {rel for rel in pages if not rel.endswith(".zh.md")}
    zh = {rel[: -len(".zh.md")] + ".md" for rel in pages if rel.endswith(".zh.md")}
    assert en == zh


# Three or more English words in a row, after links, code, tags and fenced blocks are removed.
_ENGLISH_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?:[ ,;'-]+[A-Za-z]{2,}){2,}")


def _prose(line: str) -> str:
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", " ", line)  # link labels are record names
    line = re.sub(r"`+[^`]*`+", " ", line)
    line = re.sub(r"<[^>]+>", " ", line)
    line = re.sub(r"\b[A-Z][A-Z0-9]+\b", " ", line)  # names such as format labels: GGUF, GPTQ, MLX
    return re.sub(r"https?://\S+", " ", line)


def test_chinese_pages_mark_english_text(generated: dict[str, bytes]) -> None:
    """English prose on a zh page is record text without Chinese: it must carry the EN mark."""
    unmarked = []
    for rel, page in _pages(generated).items():
        if not rel.endswith(".zh.md"):
            continue
        fenced = False
        for number, line in enumerate(page.splitlines(), 1):
            if line.startswith("```"):
                fenced = not fenced
                continue
            if fenced or line.startswith("# "):  # the title is the record's name
                continue
            cells = line.split(" | ") if line.startswith("|") else [line]
            for cell in cells:
                run = _ENGLISH_RUN.search(_prose(cell))
                if run and f">{_MARK}</span>" not in cell:
                    unmarked.append(f"{rel}:{number}: {run.group(0)!r}")
    assert unmarked == []


def test_generation_is_deterministic(generated: dict[str, bytes], tmp_path: Path) -> None:
    pipeline.generate(FIXTURE, tmp_path / "docs")
    assert _tree(tmp_path / "docs") == generated
