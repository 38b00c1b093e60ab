"""The README's "What a record may contain" states the rules the code enforces.

Each promise is checked against the code it describes: the examples the README gives are
run through the code and refused (or shown) as it says, and the code's own tables (the
refused character categories, the builders' reserved names, the limits) appear in it. A
rule changed on one side only fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import builders
from generator.importer import card
from generator.read.yamlsource import parse
from generator.schema import characters
from generator.site import sanitize

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
CHECKS = " ".join(README[README.index("### What the validator checks") : README.index("### What a record may")].split())
SECTION = " ".join(README[README.index("### What a record may contain") :].split("\n## ")[0].split())


def _bullet(start: str) -> str:
    """The README bullet that begins with ``start`` (one line of text)."""
    at = SECTION.index(start)
    end = SECTION.find(" - ", at + 1)
    return SECTION[at : end if end > 0 else None]


def test_every_refused_character_category_is_stated() -> None:
    bullet = _bullet("One-line fields")
    stated = set(re.findall(r"\b(C[a-z]|Z[a-z])\b", bullet))
    assert stated == set(characters.REFUSED), stated ^ set(characters.REFUSED)


def test_the_yaml_11_number_examples_are_refused() -> None:
    examples = re.findall(r"`([^`]+)`", CHECKS[CHECKS.index("numbers written in forms") :].split(";")[0])
    assert len(examples) >= 5, examples
    for example in examples:
        doc = parse(f"value: {example}\n")
        assert doc.issues and "YAML 1.1" in doc.issues[0].message, example


@pytest.mark.parametrize("tagged", ["!!str text", "!!int 3", "!custom x"])
def test_explicit_tags_are_refused_as_stated(tagged: str) -> None:
    assert "anchors, aliases and explicit tags are refused" in _bullet("Files:")
    assert "is not allowed" in parse(f"value: {tagged}\n").issues[0].message


def test_every_name_a_builder_reserves_is_stated_and_every_stated_one_is_reserved() -> None:
    bullet = _bullet("Files:")
    for builder in builders.BUILDERS.values():
        for name in builder.index_names:
            assert f"`{name}`" in bullet, name
            assert builders.reserved(f"org/{name}") and builders.reserved(f"org/{name.swapcase()}"), name
        assert builder.translation is None  # one tree per language: no suffix is read as one
    assert "ending in a locale" not in bullet
    assert builders.reserved("org/name.zh") is None


def test_the_links_the_readme_calls_protocol_relative_are() -> None:
    bullet = _bullet("The rendered HTML")
    examples = re.findall(r"`(/[^`]+)`", bullet[bullet.index("protocol-relative") :])
    assert examples == ["//host/", "/\\host"], examples
    for example in examples:
        assert sanitize.link_kind(example) == "protocol-relative"
        assert "href" not in sanitize.clean(f'<a href="{example}">x</a>')


def test_the_importer_bounds_are_stated() -> None:
    bullet = _bullet("`import` reads a card")
    assert f"at most {card.MAX_BYTES // (1024 * 1024)} MiB" in bullet
    assert f"at most {card.MAX_META_DEPTH} levels" in bullet
    assert f"at most {card.MAX_META_EVENTS:,} values" in bullet
