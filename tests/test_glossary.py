"""The site's Chinese follows its glossary (``generator/render/strings/glossary.yaml``):
the UI strings use the agreed term wherever their English names it, no Chinese text uses a
forbidden variant, and Chinese is punctuated with full-width marks. Held for the UI strings
and for every generated Chinese page, of the fixture catalog and of the real one.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import pipeline
from generator.render import strings

REPO = Path(__file__).resolve().parents[1]
GLOSSARY = REPO / "generator" / "render" / "strings" / "glossary.yaml"
CATALOGS = {"fixture": REPO / "tests" / "fixtures" / "mini" / "catalog", "real": REPO / "catalog"}

HAN = "[\u4e00-\u9fff]"
#: ASCII punctuation right beside a Chinese character (a space between counts as beside).
_ASCII_PUNCTUATION = re.compile(
    rf"{HAN} ?[,;:!?]|[,;:!?] ?{HAN}|{HAN} ?\(|\( ?{HAN}|{HAN} ?\)|\) ?{HAN}|{HAN} ?\"|\" ?{HAN}"
)


#: A slot of a UI string ('{license}'): filled by a value, not a word of the string.
_PLACEHOLDER = re.compile(r"\{\w+\}")


@cache
def glossary() -> list[dict[str, Any]]:
    with GLOSSARY.open(encoding="utf-8") as handle:
        return list(yaml.safe_load(handle)["terms"])


def forbidden(where: str) -> list[tuple[str, re.Pattern[str]]]:
    """(English term, pattern) for every variant forbidden in ``where`` ('ui' or 'everywhere')."""
    scopes = ("ui", "everywhere") if where == "ui" else ("everywhere",)
    return [
        (term["en"], re.compile(pattern))
        for term in glossary()
        for scope in scopes
        for pattern in (term.get("forbidden") or {}).get(scope, [])
    ]


def ascii_punctuation(text: str) -> list[str]:
    """Each place where ``text`` puts ASCII punctuation beside Chinese, with a little context."""
    return [text[max(0, m.start() - 8) : m.end() + 8] for m in _ASCII_PUNCTUATION.finditer(text)]


# Markup and code are not prose: a prompt template or a file name keeps its own characters.
_NOT_PROSE = [
    re.compile(r"^---\n.*?\n---\n", re.DOTALL),  # front matter
    re.compile(r"^(`{3,}|~{3,}).*?^\1\s*$", re.DOTALL | re.MULTILINE),  # fenced code
    re.compile(r'<div class="[^"]*highlight[^"]*">.*?</div>', re.DOTALL),  # code blocks as HTML
    re.compile(r'<span class="atlas-mark[^"]*"[^>]*>[^<]*</span>'),  # a mark is not part of the text beside it
    re.compile(r"<code>.*?</code>", re.DOTALL),
    re.compile(r"(`+)(?:(?!\1).)+?\1"),  # code spans
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://[^\s<>)\]]+"),
    re.compile(r"<[^>]+>"),  # tags and their attributes
    re.compile(r"&#?\w+;"),  # entities: '&gt;' is one character, not an ASCII ';'
]


#: An admonition (``!!! warning "title"``): its title is prose, the rest is syntax.
_ADMONITION = re.compile(r'^ *(?:!!!|\?\?\?\+?) \w+(?: "(.*)")? *$', re.MULTILINE)


def prose(page: str) -> str:
    page = _ADMONITION.sub(lambda m: m.group(1) or "", page)
    for pattern in _NOT_PROSE:
        page = pattern.sub("\n", page)
    return page


# --- the glossary itself ----------------------------------------------------------------------


def test_every_term_has_its_chinese_and_valid_patterns() -> None:
    for term in glossary():
        assert term["en"] and term["zh"], term
        for patterns in (term.get("forbidden") or {}).values():
            for pattern in patterns:
                re.compile(pattern)
        assert set(term.get("forbidden") or {}) <= {"ui", "everywhere"}, term["en"]


def test_the_checks_catch_what_they_name() -> None:
    assert ascii_punctuation("模型卡:优于") and ascii_punctuation("见 (附录)") and ascii_punctuation('称之为"原始"')
    assert not ascii_punctuation("模型卡：“优于”（附录）") and not ascii_punctuation("Q4_K_M, 4-bit (GGUF)")
    assert any(p.search("5 样本") for _, p in forbidden("everywhere"))
    assert any(p.search("本目录收录") for _, p in forbidden("everywhere"))
    assert any(p.search("评测对比") for _, p in forbidden("ui"))
    assert not any(p.search("评测基准对比") for _, p in forbidden("ui"))
    assert prose("见 `a(b)` 与 <code>x:y</code>") == "见 \n 与 \n"


# --- the UI strings ---------------------------------------------------------------------------


def test_ui_strings_use_the_agreed_term() -> None:
    en, zh = strings.table("en"), strings.table("zh")
    wrong = []
    for term in glossary():
        word = re.compile(rf"\b{re.escape(term['en'])}", re.IGNORECASE)
        for key, english in en.items():
            used = any(form in zh[key] for form in term["zh"])
            if word.search(_PLACEHOLDER.sub("", english)) and key not in term.get("except", []) and not used:
                wrong.append(f"{key}: {english!r} -> {zh[key]!r} (expected {' or '.join(term['zh'])})")
    assert wrong == []


def test_ui_strings_use_no_forbidden_variant() -> None:
    found = [
        f"{key}: {text!r} uses a form of {term!r} the glossary forbids ({pattern.pattern})"
        for key, text in strings.table("zh").items()
        for term, pattern in forbidden("ui")
        if pattern.search(text)
    ]
    assert found == []


def test_ui_strings_punctuate_chinese_with_full_width_marks() -> None:
    found = {key: spots for key, text in strings.table("zh").items() if (spots := ascii_punctuation(prose(text)))}
    assert found == {}


# --- the generated pages ----------------------------------------------------------------------


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def chinese_pages(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    docs = tmp_path_factory.mktemp(f"glossary-{request.param}") / "docs"
    problems = pipeline.generate(CATALOGS[request.param], docs)
    assert [p.text() for p in problems if p.severity == "error"] == []
    return {p.relative_to(docs).as_posix(): p.read_text("utf-8") for p in sorted((docs / "zh").rglob("*.md"))}


def test_chinese_pages_use_no_forbidden_variant(chinese_pages: dict[str, str]) -> None:
    found = [
        f"{path}: {m.group(0)!r} ({term}: {pattern.pattern})"
        for path, page in chinese_pages.items()
        for term, pattern in forbidden("everywhere")
        for m in pattern.finditer(prose(page))
    ]
    assert found == []


def test_chinese_pages_punctuate_chinese_with_full_width_marks(chinese_pages: dict[str, str]) -> None:
    found = {path: spots for path, page in chinese_pages.items() if (spots := ascii_punctuation(prose(page)))}
    assert found == {}
