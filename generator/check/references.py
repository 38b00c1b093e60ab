"""Rules across records: references that must exist, lineage without cycles, scores in range.

Runs after every file passed its own schema. A reference to a record whose file exists but
is itself invalid is not reported again here: that file already has its own errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from generator.catalog import Catalog, Record
from generator.diagnostics import Loc, Problem
from generator.memo import ByIdentity
from generator.schema.kinds import BY_NAME
from generator.schema.quants import BY_FORMAT

#: The kinds whose records have problems of their own here, in the order they are checked.
_CHECKED = ("model", "quant", "dataset", "benchmark")


def _record_problems(entry: tuple[Catalog, str, Record]) -> list[Problem]:
    return list(_problems_of(*entry))


#: What the last call found for each record, kept while the same record object comes back
#: (a warm generator checks the whole catalog after every edit, and a record whose file did
#: not change is the same object) and what those problems depend on besides the record is
#: the same: the ids the catalog knows and its benchmarks (score ranges, categories).
_BY_RECORD: ByIdentity[tuple[Catalog, str, Record], list[Problem]] = ByIdentity(_record_problems, key=lambda entry: entry[2])
_SCOPE: tuple[dict[str, frozenset[str]], tuple[Any, ...]] | None = None


def check(catalog: Catalog) -> list[Problem]:
    """Every cross-record problem in the catalog."""
    global _SCOPE
    scope = ({kind: frozenset(ids) for kind, ids in catalog.known.items()}, tuple(r.data for r in catalog.records["benchmark"].values()))
    if _SCOPE is None or _SCOPE[0] != scope[0] or len(_SCOPE[1]) != len(scope[1]) or any(
        a is not b for a, b in zip(_SCOPE[1], scope[1], strict=True)
    ):
        _BY_RECORD.clear()
    _SCOPE = scope
    entries = ((catalog, kind, record) for kind in _CHECKED for record in catalog.records[kind].values())
    problems = [problem for found in _BY_RECORD.map(entries) for problem in found]
    problems.extend(_cycles(catalog))
    return problems


def _problems_of(catalog: Catalog, kind: str, record: Record) -> Iterator[Problem]:
    """The problems of one record: its references, and its kind's own rules."""
    if kind != "benchmark":
        for loc, target_kind, target in _references(kind, record.data):
            if target not in catalog.known[target_kind]:
                yield record.problem(loc, _dangling(catalog, target_kind, target))
    if kind == "model":
        yield from _check_model(catalog, record)
    elif kind == "quant":
        # One entry per file (GGUF) or per branch (GPTQ, AWQ): a repeat is a copy-paste slip.
        key = BY_FORMAT[record.data.format].entry_key
        names = [getattr(f, key) for f in record.data.files]
        yield from _repeats(record, "files", names, suffix=key)
    elif kind == "benchmark":
        ids = [c.id for c in record.data.categories]
        yield from _repeats(record, "categories", ids, suffix="id")


def _references(kind: str, data: Any) -> Iterator[tuple[Loc, str, str]]:
    """(field, kind referred to, id) for every reference a record makes."""
    if data.license is not None:
        yield ("license",), "license", data.license
    if kind == "model":
        for i, base in enumerate(data.base_models):
            yield ("base_models", i, "id"), "model", base.id
        for i, dataset in enumerate(data.datasets):
            yield ("datasets", i), "dataset", dataset
        for i, score in enumerate(data.scores):
            yield ("scores", i, "benchmark"), "benchmark", score.benchmark
    if kind in ("model", "quant") and data.prompt_format is not None:
        yield ("prompt_format",), "prompt-format", data.prompt_format
    if kind == "quant":
        yield ("model",), "model", data.model
        for i, file in enumerate(data.files):
            calibration = getattr(file, "calibration_dataset", None)
            if calibration is not None:
                yield ("files", i, "calibration_dataset"), "dataset", calibration


def _dangling(catalog: Catalog, kind: str, target: str) -> str:
    folder = BY_NAME[kind].folder
    message = f"{kind} {target!r} does not exist: there is no catalog/{folder}/{target}.yaml"
    known = sorted(catalog.known[kind])
    same_case = [k for k in known if k.lower() == target.lower()]
    close = same_case or difflib.get_close_matches(target, known, n=1, cutoff=0.75)
    if close:
        return f"{message}; did you mean {close[0]!r}?"
    return f"{message}; add that record or correct the id"


def _check_model(catalog: Catalog, record: Record) -> Iterator[Problem]:
    model = record.data
    if any(base.id == record.id for base in model.base_models):
        i = next(i for i, b in enumerate(model.base_models) if b.id == record.id)
        yield record.problem(("base_models", i, "id"), "a model cannot be its own base model")
    yield from _repeats(record, "base_models", [b.id for b in model.base_models], suffix="id")
    yield from _repeats(record, "datasets", list(model.datasets))
    yield from _repeats(record, "languages", list(model.languages))
    settings = [(s.benchmark, s.shots, s.split, s.setting) for s in model.scores]
    yield from _repeats(record, "scores", settings, what="a score for the same benchmark, shots, split and setting")
    for i, score in enumerate(model.scores):
        bench_record = catalog.records["benchmark"].get(score.benchmark)
        if bench_record is None:
            continue
        bench = bench_record.data
        low, high = bench.range.min, bench.range.max
        if not low <= score.value <= high:
            yield record.problem(("scores", i, "value"), f"{score.value:g} is outside the range of {score.benchmark} ({low:g} to {high:g}); write it on the benchmark's scale")
        categories = {c.id for c in bench.categories}
        for key, value in (score.breakdown or {}).items():
            loc = ("scores", i, "breakdown", key)
            if key not in categories:
                hint = difflib.get_close_matches(key, sorted(categories), n=1)
                allowed = f"did you mean '{hint[0]}'?" if hint else f"{score.benchmark} defines: {', '.join(sorted(categories)) or 'no categories'}"
                yield record.problem(loc, f"'{key}' is not a category of {score.benchmark}; {allowed}", key=True)
            elif not low <= value <= high:
                yield record.problem(loc, f"{value:g} is outside the range of {score.benchmark} ({low:g} to {high:g})")


def _repeats(record: Record, field: str, values: list[Any], *, suffix: str | None = None, what: str = "") -> Iterator[Problem]:
    seen: dict[Any, int] = {}
    for i, value in enumerate(values):
        if value in seen:
            loc: Loc = (field, i, suffix) if suffix else (field, i)
            shown = what or repr(value)
            yield record.problem(loc, f"{shown} is listed twice (first at {field}[{seen[value]}])")
        else:
            seen[value] = i


def _cycles(catalog: Catalog) -> Iterator[Problem]:
    """Report each cycle in the base-model graph once, at its smallest model id."""
    models = catalog.records["model"]
    # A model naming itself is reported by _check_model; leave that edge out here.
    graph = {
        mid: [b.id for b in rec.data.base_models if b.id in models and b.id != mid]
        for mid, rec in models.items()
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> Iterator[list[str]]:
        state[node] = 1
        path.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                yield [*path[path.index(nxt) :], nxt]
            elif nxt not in state:
                yield from visit(nxt, path)
        path.pop()
        state[node] = 2

    for start in sorted(graph):
        if start in state:
            continue
        for cycle in visit(start, []):
            members = frozenset(cycle)
            if members in reported:
                continue
            reported.add(members)
            first = min(cycle[:-1])
            i = cycle.index(first)
            ordered = cycle[i:-1] + cycle[:i] + [first]
            record = models[first]
            index = [b.id for b in record.data.base_models].index(ordered[1])
            yield record.problem(("base_models", index, "id"), "base models form a cycle: " + " -> ".join(ordered))
