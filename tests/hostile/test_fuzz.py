"""Fuzzing with Hypothesis: records built from the schema's own fields, valid and broken.

- Valid by construction (random text in every text field, random links in every link
  field of the base catalog) must be accepted, and must render.
- Broken (keys dropped or added, values of the wrong type, random Unicode, huge or
  non-finite numbers, random bytes for a whole file) must never make ``load`` raise;
  each problem names its file; whatever ``load`` accepts must render.
"""

from __future__ import annotations

import copy
import json
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator import pipeline
from generator.pipeline import load
from generator.schema import characters
from tests.hostile import inject

BASE = inject.base_records()
LEAVES = inject.all_leaves()
FUZZ = settings(
    deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
RENDERING = settings(FUZZ, max_examples=60)

#: Categories a one-line field, link or template refuses (schema.characters.REFUSED).
_REFUSED = tuple(characters.REFUSED)
_ANY = st.characters(exclude_categories=("Cs",))  # every code point a file can hold
_SHOWN = st.characters(exclude_categories=_REFUSED, exclude_characters="\x85")


def _one_line(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_SHOWN, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


def _link() -> st.SearchStrategy[str]:
    host = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){1,2}", fullmatch=True)
    printable = st.characters(exclude_categories=(*_REFUSED, "Zs"))
    path = st.text(printable, max_size=60)
    return st.builds(lambda scheme, h, p: f"{scheme}://{h}/{p}", st.sampled_from(["http", "https"]), host, path)


def _valid_text(leaf: inject.Leaf) -> st.SearchStrategy[str]:
    if leaf.category == "url":
        return _link()
    if leaf.owner == "Text":  # prose: anything at all, Markdown or not
        return st.text(_ANY, min_size=1, max_size=200)
    if (leaf.owner, leaf.field) == ("PromptFormat", "template"):
        return st.text(_SHOWN | st.sampled_from("\n\t"), min_size=1, max_size=200)
    return _one_line(100 if (leaf.owner, leaf.field) == ("PromptFormat", "stop") else 120)


TEXT_LEAVES = [leaf for leaf in LEAVES if leaf.category in ("text", "url")]


@contextmanager
def _catalog(records: list[inject.RecordFile]) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="atlas-fuzz-"))
    try:
        inject.write(folder / "catalog", records)
        yield folder / "catalog"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _strict(name: str) -> None:
    raise AssertionError(f"the export holds {name}, which JSON does not allow")


def _render(catalog: Any) -> dict[str, str]:
    """Render everything; the JSON export must be strict JSON (no NaN or Infinity)."""
    files = pipeline.render(catalog)
    for rel, content in files.items():
        if rel.endswith(".json"):
            json.loads(content, parse_constant=_strict)
    return files


def _round_trips(records: list[inject.RecordFile]) -> bool:
    """YAML itself keeps every value (PyYAML folds a few exotic line breaks)."""
    return all(yaml.safe_load(r.text()) == r.data for r in records)


@RENDERING
@given(st.data())
def test_valid_by_construction_is_accepted_and_renders(data: st.DataObject) -> None:
    records = copy.deepcopy(BASE)
    for record in records:
        for spot in inject.spots(record, TEXT_LEAVES):
            inject.put(record.data, spot, data.draw(_valid_text(spot.leaf), label=f"{record.rel} {spot.loc}"))
    assume(_round_trips(records))
    with _catalog(records) as root:
        catalog, problems = load(root)
    assert [p.text() for p in problems] == []
    files = _render(catalog)
    assert "en/models/open/Chat-7B.md" in files and "zh/models/open/Chat-7B.md" in files


# --- broken records ----------------------------------------------------------------------

_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=10**30, max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(_ANY, max_size=40),
    st.sampled_from(["no", "yes", "on", "1.10", "0x1F", "1e999", "-.inf", ".nan", "~", "2024-01-01", "7B", "4.77 GB"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(_ANY, max_size=12), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a record's data: mapping keys and list items, at any depth."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


@st.composite
def _mutated(draw: st.DrawFn) -> list[inject.RecordFile]:
    records = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        record = draw(st.sampled_from(records))
        places = [p for p in _paths(record.data) if p]
        path = draw(st.sampled_from(places))
        parent: Any = record.data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["drop", "replace", "extra", "rename"]))
        if action == "drop":
            del parent[path[-1]]
        elif action == "replace":
            parent[path[-1]] = draw(_VALUES)
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.text(_ANY, min_size=1, max_size=20))] = draw(_VALUES)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(_ANY, min_size=1, max_size=20))] = parent.pop(path[-1])
    return records


def _check(records: list[inject.RecordFile], raw: dict[str, bytes] | None = None) -> None:
    with _catalog(records) as root:
        for rel, content in (raw or {}).items():
            (root / rel).write_bytes(content)
        catalog, problems = load(root)  # must not raise
    for problem in problems:
        assert problem.path.startswith("catalog/") and problem.message, problem
        assert problem.line >= 0 and problem.col >= 0
    if not any(p.severity == "error" for p in problems):
        _render(catalog)  # must not raise on anything load accepted


@FUZZ
@given(_mutated())
def test_broken_records_never_crash_the_loader(records: list[inject.RecordFile]) -> None:
    _check(records)


@FUZZ
@given(
    st.sampled_from([r.rel for r in BASE]),
    st.one_of(st.binary(max_size=400), st.text(_ANY, max_size=400).map(lambda s: s.encode("utf-8"))),
)
def test_random_file_contents_never_crash_the_loader(rel: str, content: bytes) -> None:
    _check(copy.deepcopy(BASE), {rel: content})


@FUZZ
@given(st.sampled_from([r.rel for r in BASE]), st.data())
def test_a_valid_record_with_one_byte_changed_never_crashes_the_loader(rel: str, data: st.DataObject) -> None:
    record = next(r for r in BASE if r.rel == rel)
    text = bytearray(record.text().encode("utf-8"))
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    text[position] = data.draw(st.integers(min_value=0, max_value=255))
    _check(copy.deepcopy(BASE), {rel: bytes(text)})


def test_numbers_that_are_not_finite_are_refused() -> None:
    """.nan and .inf compare wrongly on every page, and JSON (the api/ export) cannot hold them."""
    records = copy.deepcopy(BASE)
    model = next(r for r in records if r.rel == "models/open/Chat-7B.yaml")
    model.data["scores"][0]["value"] = math.nan
    model.data["scores"][0]["breakdown"]["stem"] = -math.inf
    benchmark = next(r for r in records if r.rel == "benchmarks/quiz.yaml")
    benchmark.data["range"]["max"] = math.inf
    with _catalog(records) as root:
        _, problems = load(root)
    found = {(p.path, p.field): p.message for p in problems}
    model_file, expected = "catalog/models/open/Chat-7B.yaml", "expected a finite number, got the number"
    assert found == {
        (model_file, "scores[0].value"): f"{expected} .nan",
        (model_file, "scores[0].breakdown.stem"): f"{expected} -.inf",
        ("catalog/benchmarks/quiz.yaml", "range.max"): f"{expected} .inf",
    }

