"""Injection: every payload in every string field of every kind is refused clearly or stays text.

The fields come from the pydantic models (``inject.all_leaves``). A refused payload must
be reported at its file, line and field in a sentence (no pydantic jargon); an accepted one
goes through generate and ``mkdocs build --strict``, and the built pages are read back:
no script but the theme's own, no event handlers, no script or data links, no theme ids
taken over, tables with as many cells in every row as in their header, template syntax
shown as written, and no invisible characters.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from generator.diagnostics import format_loc
from generator.schema import characters
from generator.site import sanitize
from tests.hostile import corpus, htmlscan, inject
from tests.hostile.conftest import Built

NAMES = sorted(corpus.PAYLOADS)
#: How a refused character is named (schema.characters.REFUSED), as a pattern.
_REFUSED = "|".join(re.escape(words) for words in characters.REFUSED.values())
_JARGON = ("Value error", "String should", "Input should", "validation error", "pydantic", "[type=", "input_value")


def test_every_string_field_of_the_schema_is_reached() -> None:
    """A new field in schema.py is injected automatically, unless the base catalog cannot hold it."""
    missing = inject.uncovered(inject.base_records())
    assert not missing, (
        f"the hostile base catalog has no place for {sorted(missing)}: give a record in "
        "tests/fixtures/mini/catalog that part, or teach inject.complete to build it"
    )


def test_leaves_cover_each_kind() -> None:
    """Sanity of the schema walk: each kind has text and link fields, and categories are known."""
    by_kind = Counter(leaf.kind for leaf in inject.all_leaves())
    assert set(by_kind) == {"model", "quant", "dataset", "license", "benchmark", "prompt-format"}
    categories = {leaf.category for leaf in inject.all_leaves()}
    assert {"text", "url", "id", "literal", "language", "parsed", "key"} <= categories
    urls = {(leaf.owner, leaf.field) for leaf in inject.all_leaves() if leaf.category == "url"}
    assert {("Model", "url"), ("Source", "url"), ("GgufFile", "url"), ("Client", "url"), ("ScoreSource", "url")} <= urls


@pytest.mark.parametrize("name", NAMES)
def test_refused_payloads_say_file_line_and_field(name: str, outcomes: dict[str, inject.Outcome]) -> None:
    outcome = outcomes[name]
    payload = corpus.PAYLOADS[name]
    assert not outcome.unexpected, [p.text() for p in outcome.unexpected]
    for spot, problem in outcome.refused.items():
        where = f"{name} in {spot.rel} {format_loc(spot.loc)}: {problem.text()}"
        assert problem.path == f"catalog/{spot.rel}", where
        assert problem.field == format_loc(inject.located(spot, payload)), where
        line = inject.field_line(outcome.texts[spot], inject.located(spot, payload), key=spot.leaf.category == "key")
        assert problem.line == line, where
        assert problem.severity == "error", where
        assert not any(j in problem.message for j in _JARGON), where
        expected = {
            "url": rf"link .* (must start with https://|contains (a space|{_REFUSED}), U\+[0-9A-F]{{4}}|has no host name)",
            "id": r"is not (a Hugging Face repo id|a dataset id|an id)",
            "literal": r"(is not allowed; expected|is not a group size)",
            "language": r"is not a language code",
            "parsed": r"is not a number and unit",
            "key": r"is not a category of",
            "text": rf"(must be one line of text|contains ({_REFUSED}), U\+[0-9A-F]{{4}}|at most \d+ are allowed)",
        }[spot.leaf.category]
        assert re.search(expected, problem.message), where


@pytest.mark.parametrize("name", NAMES)
def test_what_each_field_accepts(name: str, outcomes: dict[str, inject.Outcome]) -> None:
    """Links accept only http(s); one-line fields refuse line breaks and invisible characters;
    prose (Text.en/zh) accepts everything, so every payload reaches the renderer."""
    outcome = outcomes[name]
    payload = corpus.PAYLOADS[name]
    accepted = {(s.leaf.owner, s.leaf.field, s.leaf.category) for s in outcome.accepted}
    for spot in outcome.accepted:
        what = f"{name} accepted in {spot.rel} {format_loc(spot.loc)}"
        if spot.leaf.category == "url":
            assert re.match(r"^https?://[^\s]+$", payload), what
        else:
            assert spot.leaf.category == "text", what
    every = outcome.accepted + list(outcome.refused)
    prose = [s for s in every if s.leaf.owner == "Text" and s.leaf.category == "text"]
    assert prose and all(s in outcome.accepted for s in prose), f"{name} must be accepted in every Text field"
    verbatim = {("PromptFormat", "template"), ("PromptFormat", "stop")}  # multi-line by nature
    one_line = [s for s in every if s.leaf.category == "text" and s.leaf.owner != "Text"
                and (s.leaf.owner, s.leaf.field) not in verbatim]
    assert one_line
    if name in corpus.MULTILINE or name in corpus.INVISIBLE:
        assert not [s for s in one_line if s in outcome.accepted], f"{name} must be refused in one-line fields"
    else:
        assert ("Model", "name", "text") in accepted


def test_script_and_data_links_are_refused_in_every_link_field(outcomes: dict[str, inject.Outcome]) -> None:
    for name in ("js-url", "js-url-mixed-case", "data-url", "script"):
        outcome = outcomes[name]
        assert not [s for s in outcome.accepted if s.leaf.category == "url"], name
        refused = {s: p for s, p in outcome.refused.items() if s.leaf.category == "url"}
        assert len(refused) >= 10, name
        for problem in refused.values():
            assert "must start with https://" in problem.message or "a space" in problem.message, problem.text()


# --- the built site ----------------------------------------------------------------------

_FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
    "img", "video", "audio", "source", "portal",
}
_URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "data", "background", "ping"}
_BAD_SCHEME = re.compile(r"^\s*(javascript|data|vbscript|file)\s*:", re.IGNORECASE)
#: Diagrams are drawn in the browser; the generator's own hold only labels of plain characters
#: (no markup, entities, directives or colons: a word such as 'click' inside a label is text).
_DIAGRAM_SYNTAX = re.compile(r"[<&#;%`:]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _theme(clean_site: Path) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    """From the clean build: the theme's scripts, its '__' ids, and 'md-' classes inside articles."""
    scripts: set[tuple[str, str]] = set()
    ids: set[str] = set()
    classes: set[str] = set()
    for path in _pages(clean_site):
        page = htmlscan.read(path.read_text(encoding="utf-8"))
        for element in page.elements:
            if element.tag == "script":
                scripts.add(htmlscan.script_signature(element))
            if element.attrs.get("id", "").startswith("__"):
                ids.add(element.attrs["id"])
            if element.in_article:
                classes |= {c for c in element.attrs.get("class", "").split() if c.startswith("md-")}
    return scripts, ids, classes


@pytest.mark.build
def test_built_pages_are_inert(hostile_site: Built) -> None:
    """Fast check without a browser: the HTML of every page, read as a browser would."""
    scripts, theme_ids, article_classes = _theme(hostile_site.clean_site)
    pages = _pages(hostile_site.site)
    for suffix in set(hostile_site.copies.values()):  # every copy of the catalog was built
        assert (hostile_site.site / f"models/open/Chat-7B{suffix}.html").is_file(), suffix
        assert (hostile_site.site / f"zh/quants/packer/Chat-7B-GPTQ{suffix}.html").is_file(), suffix
    failures: list[str] = []
    for path in pages:
        rel = path.relative_to(hostile_site.site).as_posix()
        html = path.read_text(encoding="utf-8")
        page = htmlscan.read(html)
        ids = Counter(e.attrs["id"] for e in page.elements if "id" in e.attrs)
        for element in page.elements:
            tag, attrs = element.tag, element.attrs
            if tag == "script" and htmlscan.script_signature(element) not in scripts:
                failures.append(f"{rel}: foreign script {attrs} {element.text[:80]!r}")
            foreign_form = tag == "form" and element.in_article
            if tag in _FORBIDDEN_TAGS or (tag == "meta" and "http-equiv" in attrs) or foreign_form:
                failures.append(f"{rel}: <{tag} {attrs}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    failures.append(f"{rel}: event handler {name}={value!r} on <{tag}>")
                if name in _URL_ATTRS and _BAD_SCHEME.match(value):
                    failures.append(f"{rel}: {name}={value!r} on <{tag}>")
                aligned = re.fullmatch(r"text-align:\s*(left|right|center);?", value)
                if name == "style" and element.in_article and not aligned:
                    failures.append(f"{rel}: style={value!r} on <{tag}>")
            classes = attrs.get("class", "").split()
            if tag == "pre" and "mermaid" in classes and _DIAGRAM_SYNTAX.search(element.text):
                failures.append(f"{rel}: a diagram carries markup or callbacks: {element.text[:120]!r}")
            if "mermaid" in classes and (tag != "pre" or not sanitize.is_diagram(element.text)):
                failures.append(f"{rel}: <{tag}> is drawn as a diagram, not one the generator wrote")
            if element.in_article:
                foreign = {c for c in classes if not sanitize._allowed_class(c) and c != "mermaid"} - article_classes
                if foreign:
                    failures.append(f"{rel}: content carries classes outside the allow-list {sorted(foreign)} on <{tag}>")
            for name in ("href", "src"):
                if name in attrs and sanitize.link_kind(attrs[name]) in ("protocol-relative", "scheme"):
                    failures.append(f"{rel}: {name}={attrs[name]!r} on <{tag}> leads off the site")
            element_id = attrs.get("id", "")
            if element_id.startswith("__") and (element_id not in theme_ids or element.in_article):
                failures.append(f"{rel}: content takes the theme's id {element_id!r} on <{tag}>")
            if element.in_article:
                taken = {c for c in attrs.get("class", "").split() if c.startswith("md-")} - article_classes
                if taken:
                    failures.append(f"{rel}: content sets the theme's classes {sorted(taken)} on <{tag}>")
        failures += [f"{rel}: id {i!r} appears {n} times" for i, n in ids.items() if i in theme_ids and n > 1]
        for number, table in enumerate(page.tables):
            if table.rows and any(cells != table.rows[0] for cells in table.rows):
                failures.append(f"{rel}: table {number} has rows of {table.rows} cells")
        if _BIDI.search(page.text) or _BIDI.search(html):
            failures.append(f"{rel}: an invisible character reached the page")
        if re.search(rf"{corpus.JINJA_MARK}\W*49\b", page.text):
            failures.append(f"{rel}: template syntax was evaluated")
    assert not failures, f"{len(failures)} problems, first 40:\n" + "\n".join(failures[:40])


@pytest.mark.build
def test_linkcheck_finds_no_foreign_link(hostile_site: Built) -> None:
    """Protocol-relative and other-scheme links in record text: the sanitiser drops them, and
    linkcheck would report any it let through."""
    from generator.site import linkcheck

    result = linkcheck.check(hostile_site.site)
    foreign = [b.text() for b in result.broken if not b.reason.startswith(("no id", "no file"))]
    assert foreign == []


@pytest.mark.build
def test_template_syntax_stays_literal(hostile_site: Built) -> None:
    suffix = hostile_site.copies["jinja"]
    for rel in (f"models/open/Chat-7B{suffix}.html", f"zh/models/open/Chat-7B{suffix}.html",
                f"prompt-formats/chatml{suffix}.html", f"quants/packer/Chat-7B-GGUF{suffix}.html"):
        page = htmlscan.read((hostile_site.site / rel).read_text(encoding="utf-8"))
        assert corpus.JINJA_EXPR in page.article_text, rel
        assert "{% raw %}r{% endraw %}" in page.article_text, rel
        assert "{# c #}" in page.article_text, rel
        assert not re.search(rf"{corpus.JINJA_MARK}\W*49\b", page.text), rel


@pytest.mark.build
def test_raw_html_is_shown_as_text(hostile_site: Built) -> None:
    """The payloads are not silently dropped: a reader sees what the contributor wrote."""
    def model_page(name: str) -> htmlscan.Page:
        path = hostile_site.site / f"models/open/Chat-7B{hostile_site.copies[name]}.html"
        return htmlscan.read(path.read_text(encoding="utf-8"))

    for name in ("script", "img-onerror", "iframe", "md-link-js"):
        assert corpus.PAYLOADS[name] in model_page(name).article_text, name
    page = model_page("bidi")
    assert "Evilexe.txt name isolate" in page.article_text  # shown, with the controls removed


@pytest.mark.parametrize("name", ["script", "js-url", "newline-cell", "bidi"])
def test_a_payload_as_the_quant_format_is_refused_at_its_line(name: str, tmp_path: Path) -> None:
    """The format picks the quant's schema, so it is tried on its own (not with the others)."""
    from generator.pipeline import load

    records = inject.base_records()
    quant = next(r for r in records if r.rel == "quants/packer/Chat-7B-GGUF.yaml")
    quant.data["format"] = corpus.PAYLOADS[name]
    inject.write(tmp_path / "catalog", records)
    _, problems = load(tmp_path / "catalog")
    assert [(p.path, p.line, p.field) for p in problems] == [("catalog/quants/packer/Chat-7B-GGUF.yaml", 3, "format")]
    assert "is not a known format; expected one of: gguf, ggml, gptq, awq, fp16, exl2, mlx" in problems[0].message
