"""The record reader (``generator.read.yamlsource``) held against PyYAML's own reading: where
it finds nothing wrong, it builds what ``yaml.safe_load`` builds from the same text, and each
field's position is where the field is written; an anchor anywhere is the file's only
problem, wherever the rest of it stands.

The reader builds values straight from the parser's events (no node tree), so these hold
its builder to the composer it replaced, for block and flow YAML as PyYAML writes it."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read.yamlsource import parse

#: Field names as records write them.
_KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
#: Text a record may hold: printable, no surrogates (the reader refuses the rest earlier).
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Zl", "Zp")), max_size=12)
_SCALARS = st.none() | st.booleans() | st.integers(-(10**15), 10**15) | st.floats(allow_nan=False, allow_infinity=False) | _TEXT
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=16,
)
_RECORDS = st.dictionaries(_KEYS, _VALUES, min_size=1, max_size=6)


def _dumped(data: dict[str, Any], flow: bool) -> str:
    return yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False, width=60)


@settings(max_examples=150, deadline=None)
@given(_RECORDS, st.booleans())
def test_the_reader_builds_what_yaml_reads(data: dict[str, Any], flow: bool) -> None:
    text = _dumped(data, flow)
    doc = parse(text)
    assert [i.message for i in doc.issues] == []
    assert doc.data == yaml.safe_load(text) == data


@settings(max_examples=150, deadline=None)
@given(_RECORDS)
def test_each_field_stands_where_it_is_written(data: dict[str, Any]) -> None:
    text = _dumped(data, flow=False)
    lines = text.split("\n")
    doc = parse(text)

    def check(value: Any, loc: tuple[Any, ...]) -> None:
        pos = doc.positions[loc]
        if loc and isinstance(loc[-1], str):  # a field: its key is written at the key's place
            assert lines[pos.line - 1][pos.col - 1 :].lstrip("'\"").startswith(loc[-1]), (loc, pos, text)
        if isinstance(value, dict):
            for key, inner in value.items():
                check(inner, (*loc, key))
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                check(inner, (*loc, index))

    check(data, ())
    assert len(doc.positions) == 1 + _count(data)


def _count(value: Any) -> int:
    """Fields and items inside ``value``, at every depth."""
    inner = list(value.values()) if isinstance(value, dict) else value if isinstance(value, list) else []
    return sum(1 + _count(v) for v in inner)


@settings(max_examples=100, deadline=None)
@given(_RECORDS, st.booleans(), st.data())
def test_an_anchor_anywhere_is_the_only_problem(data: dict[str, Any], flow: bool, draw: st.DataObject) -> None:
    lines = _dumped(data, flow).split("\n")
    at = draw.draw(st.integers(0, len(lines) - 1))
    lines.insert(at, "anchored: &a 1")
    doc = parse("\n".join(lines))
    # Block YAML reads the line as a field (or a syntax error where it cannot stand); either
    # way nothing else is reported and nothing is built.
    assert len(doc.issues) == 1 and doc.data is None, [i.message for i in doc.issues]
    assert doc.issues[0].message.startswith(("anchor '&a' is not allowed", "YAML syntax error"))


#: Lines that give a block record a reading problem (or none).
_TROUBLE = st.sampled_from(["", "flag: yes", "size: 0755", "tagged: !!str x", "dup: 1\ndup: 2", "anchored: &a 1", "broken: [1,"])


@settings(max_examples=150, deadline=None)
@given(_RECORDS, _TROUBLE)
def test_reading_without_positions_reads_the_same(data: dict[str, Any], trouble: str) -> None:
    """A record read without positions (as the catalog's files are) gives the data and
    problems a full read gives; one with a problem gets its positions too."""
    text = _dumped(data, flow=False) + trouble + "\n"
    full, fast = parse(text), parse(text, positions=False)
    assert fast.data == full.data and fast.schema_ref == full.schema_ref
    assert [vars(i) for i in fast.issues] == [vars(i) for i in full.issues]
    assert fast.reported == full.reported
    if full.issues:
        assert fast.positions == full.positions
    else:
        assert fast.positions == {} and not fast.keeps_positions
