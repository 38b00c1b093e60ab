"""Putting a payload into every string field of every record kind, and seeing what survives.

The fields come from the pydantic models in ``generator/schema/records.py``, so a field added
there is covered without touching these tests (``uncovered`` names any field the base
catalog cannot reach). The base catalog is ``tests/fixtures/mini/catalog`` with every
optional text and link field filled in (``complete``).

``survivors(payload)`` finds, for one payload, which fields accept it: it injects the payload
everywhere, loads the catalog, drops every field with a problem, and repeats until the
catalog is valid (cross-record checks run only on records that passed their own schema).
"""

from __future__ import annotations

import copy
import functools
import inspect
import shutil
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator

from generator.diagnostics import Loc, Problem, format_loc
from generator.pipeline import load
from generator.read.yamlsource import Document, parse
from generator.schema import quants
from generator.schema import records as schema
from generator.schema.kinds import BY_FOLDER, KINDS, Kind
from tests.factory import schema_line

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

ITEM = "[]"  # a list item in a field path
KEY = "{key}"  # a mapping key
VALUE = "{value}"  # a mapping value

_ID_CHECKS = {schema.check_repo_id, schema.check_dataset_id, schema.check_slug}


@dataclass(frozen=True)
class Leaf:
    """A place in a record that holds text: its path (with ITEM/KEY/VALUE) and what it is."""

    kind: str
    path: tuple[str, ...]
    owner: str  # the class that declares the field, e.g. "GgufFile"
    field: str
    category: str  # text | url | id | language | literal | parsed | key

    @property
    def coverage_key(self) -> tuple[str, str, str]:
        return (self.owner, self.field, self.category)


# --- walking the schema ------------------------------------------------------------------


def _declaring(cls: type[BaseModel], name: str) -> str:
    for base in cls.__mro__:
        if name in inspect.get_annotations(base):
            return base.__name__
    return cls.__name__  # pragma: no cover - every field is declared somewhere


def _strip(tp: Any, meta: list[Any]) -> tuple[Any, list[Any]]:
    """Remove Annotated (collecting its metadata) and Optional."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            base, *more = typing.get_args(tp)
            meta = [*meta, *more]
            tp = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
            else:
                return tp, meta
        else:
            return tp, meta


def _category(tp: Any, meta: list[Any]) -> str | None:
    """What kind of text a (stripped) type holds, or None when it holds no text."""
    if typing.get_origin(tp) is typing.Literal:
        return "literal" if any(isinstance(a, str) for a in typing.get_args(tp)) else None
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        # e.g. group_size: int | Literal["none"]
        return "literal" if any(_category(*_strip(a, [])) == "literal" for a in typing.get_args(tp)) else None
    funcs = {getattr(m, "func", None) for m in meta if isinstance(m, (AfterValidator, BeforeValidator))}
    if tp is str:
        if schema.check_url in funcs:
            return "url"
        if funcs & _ID_CHECKS:
            return "id"
        patterns = [getattr(m, "pattern", None) for m in meta]
        if any(p and "[a-z]{2,3}" in p for p in patterns):
            return "language"
        return "text"
    if tp in (int, float) and any(isinstance(m, BeforeValidator) for m in meta):
        return "parsed"  # sizes and counts are read from text such as '4.77 GB'
    return None


def _models_of(tp: Any) -> list[type[BaseModel]]:
    args = typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,)
    return [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]


def leaves(kind: Kind) -> list[Leaf]:
    """Every text-holding place of ``kind``, over every member of a union (quant formats)."""
    out: dict[tuple[str, ...], Leaf] = {}
    tp, _ = _strip(kind.type, [])
    for model in _models_of(tp):
        for leaf in _walk_model(kind.name, model, ()):
            out.setdefault((*leaf.path, leaf.owner), leaf)
    return list(out.values())


def _walk_model(kind: str, model: type[BaseModel], path: tuple[str, ...]) -> Iterator[Leaf]:
    for name, info in model.model_fields.items():
        yield from _walk_type(kind, info.annotation, list(info.metadata), (*path, name), _declaring(model, name), name)


def _walk_type(kind: str, ann: Any, meta: list[Any], path: tuple[str, ...], owner: str, field: str) -> Iterator[Leaf]:
    tp, meta = _strip(ann, meta)
    category = _category(tp, meta)
    if category is not None:
        yield Leaf(kind, path, owner, field, category)
        return
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        yield from _walk_type(kind, item, [], (*path, ITEM), owner, field)
    elif origin is dict:
        key, value = typing.get_args(tp)
        if _category(*_strip(key, [])) is not None:
            yield Leaf(kind, (*path, KEY), owner, field, "key")
        yield from _walk_type(kind, value, [], (*path, VALUE), owner, field)
    else:
        for model in _models_of(tp):
            yield from _walk_model(kind, model, path)


def all_leaves() -> list[Leaf]:
    return [leaf for kind in KINDS for leaf in leaves(kind)]


# --- the base catalog, completed ---------------------------------------------------------

BENIGN_TEXT = "Plain words."
BENIGN_URL = "https://example.org/benign"


@dataclass
class RecordFile:
    """One record of the base catalog: where it lives and its data."""

    rel: str  # e.g. "models/open/Chat-7B.yaml"
    kind: Kind
    depth: int
    data: dict[str, Any]

    @property
    def record_id(self) -> str:
        return self.rel.split("/", 1)[1][: -len(".yaml")]

    def text(self) -> str:
        return dump(self.kind, self.depth, self.data)


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(kind: Kind, depth: int, data: dict[str, Any]) -> str:
    """A record's text: the schema comment, then block YAML (no anchors, nothing folded)."""
    body = yaml.dump(
        data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False
    )
    return schema_line(kind.name, depth) + "\n" + body


def _model_for(kind: Kind, data: dict[str, Any]) -> type[BaseModel]:
    tp, _ = _strip(kind.type, [])
    models = _models_of(tp)
    if len(models) == 1:
        return models[0]
    for model in models:  # a discriminated union: pick the member whose format matches
        fmt = model.model_fields["format"].annotation
        if data.get("format") in typing.get_args(fmt):
            return model
    raise AssertionError(f"no {kind.name} model for format {data.get('format')!r}")


def _benign(category: str | None) -> Any:
    return {"text": BENIGN_TEXT, "url": BENIGN_URL}.get(category or "")


def _build(model: type[BaseModel]) -> dict[str, Any] | None:
    """A minimal instance of ``model`` from benign values, or None if it needs an id or a number."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if not info.is_required():
            continue
        value = _value_for(info.annotation, list(info.metadata))
        if value is None:
            return None
        data[name] = value
    complete(model, data)
    return data


def _value_for(ann: Any, meta: list[Any]) -> Any:
    tp, meta = _strip(ann, meta)
    category = _category(tp, meta)
    if category == "literal":
        return next(a for a in typing.get_args(tp) if isinstance(a, str))
    if category is not None:
        return _benign(category)
    if tp is bool:
        return False
    models = _models_of(tp)
    if len(models) == 1:
        return _build(models[0])
    if typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        value = _value_for(item, [])
        return [value] if value is not None else None
    return None


def complete(model: type[BaseModel], data: dict[str, Any], ids: dict[str, list[str]] | None = None) -> None:
    """Fill in every optional text, link and text-bearing part that ``data`` leaves out.

    An optional reference named after a kind (``license``, ``prompt_format``) gets the first
    id of that kind in ``ids``, so the record stays valid.
    """
    ids = ids or {}
    for name, info in model.model_fields.items():
        tp, meta = _strip(info.annotation, list(info.metadata))
        present = name in data and data[name] not in (None, [], {})
        models = _models_of(tp)
        if typing.get_origin(tp) is list:
            (item,) = typing.get_args(tp)
            item_tp, item_meta = _strip(item, [])
            item_models = _models_of(item_tp)
            if present:
                if len(item_models) == 1:
                    for entry in data[name]:
                        if isinstance(entry, dict):
                            complete(item_models[0], entry, ids)
                continue
            value = _value_for(item, [])
            if value is not None and _category(item_tp, item_meta) in ("text", "url", None):
                data[name] = [value]
        elif len(models) == 1:
            if present:
                complete(models[0], data[name], ids)
            else:
                built = _build(models[0])
                if built is not None:
                    data[name] = built
        elif not present and _category(tp, meta) in ("text", "url"):
            data[name] = _benign(_category(tp, meta))
        elif not present and _category(tp, meta) == "id" and ids.get(name.replace("_", "-")):
            data[name] = ids[name.replace("_", "-")][0]


def base_records() -> list[RecordFile]:
    """The mini catalog's records, completed, in path order."""
    out = []
    for path in sorted(MINI.rglob("*.yaml")):
        rel = path.relative_to(MINI).as_posix()
        kind = BY_FOLDER[rel.split("/")[0]]
        out.append(RecordFile(rel, kind, rel.count("/"), yaml.safe_load(path.read_text(encoding="utf-8"))))
    ids: dict[str, list[str]] = {}
    for record in out:
        ids.setdefault(record.kind.name, []).append(record.record_id)
    for record in out:
        complete(_model_for(record.kind, record.data), record.data, ids)
    return out


# --- locations of leaves in data ---------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """One concrete place in one record file where a payload goes."""

    rel: str
    loc: Loc  # as in problems; for a mapping key, the key's own name comes last
    leaf: Leaf


def spots(record: RecordFile, leaf_list: list[Leaf]) -> list[Spot]:
    """Where each leaf of ``record``'s kind occurs in its data (in one list item only)."""
    out = []
    owners = _owners(record)
    for leaf in leaf_list:
        if leaf.kind != record.kind.name or (owners is not None and leaf.path[0] == "files" and leaf.owner not in owners):
            continue
        for loc in _expand(record.data, leaf.path):
            out.append(Spot(record.rel, loc, leaf))
    return out


def _owners(record: RecordFile) -> set[str] | None:
    """For a quant, the classes its format's record is made of: an entry field of another
    format may share its path with a different type (``files[].group_size`` is a number or
    'none' for GPTQ, a number for MLX). None for the other kinds."""
    fmt = quants.BY_FORMAT.get(str(record.data.get("format"))) if record.kind.name == "quant" else None
    if fmt is None:
        return None
    names: set[str] = set()
    todo: list[Any] = [fmt.repo]
    while todo:
        tp, _ = _strip(todo.pop(), [])
        for model in _models_of(tp) if not (isinstance(tp, type) and issubclass(tp, BaseModel)) else [tp]:
            if model.__name__ in names:
                continue
            names.update(c.__name__ for c in model.__mro__ if isinstance(c, type) and issubclass(c, BaseModel))
            for info in model.model_fields.values():
                todo.extend(typing.get_args(info.annotation) or [info.annotation])
    return names


def _expand(data: Any, path: tuple[str, ...], loc: Loc = ()) -> Iterator[Loc]:
    if not path:
        yield loc
        return
    head, rest = path[0], path[1:]
    if head == ITEM:
        # The first item that has the rest of the path (optional fields may be on a later one).
        for index, item in enumerate(data if isinstance(data, list) else []):
            found = list(_expand(item, rest, (*loc, index)))
            if found:
                yield from found
                return
    elif head == KEY:
        if isinstance(data, dict) and data:
            yield (*loc, next(iter(data)))
    elif head == VALUE:
        if isinstance(data, dict) and data:
            key = next(iter(data))
            yield from _expand(data[key], rest, (*loc, key))
    elif isinstance(data, dict) and head in data:
        # Only where the field's own model puts it: a union member's fields are absent elsewhere.
        yield from _expand(data[head], rest, (*loc, head))


def put(data: dict[str, Any], spot: Spot, payload: str) -> None:
    """Set the value (or rename the key) at ``spot`` to ``payload``."""
    target: Any = data
    for part in spot.loc[:-1]:
        target = target[part]
    last = spot.loc[-1]
    if spot.leaf.category == "key":
        items = list(target.items())
        target.clear()
        target.update({(payload if k == last else k): v for k, v in items})
    else:
        target[last] = payload


def located(spot: Spot, payload: str) -> Loc:
    """The field path a problem about ``spot`` names once the payload is in place."""
    if spot.leaf.category == "key":
        return (*spot.loc[:-1], payload)
    return spot.loc


# --- which spots a payload survives ------------------------------------------------------


@dataclass
class Outcome:
    """What the validator made of one payload in every spot."""

    payload: str
    accepted: list[Spot]
    refused: dict[Spot, Problem]  # the problem that refused it
    texts: dict[Spot, str]  # its file's text in the round that refused it (for positions)
    unexpected: list[Problem]  # problems that name no injected spot
    records: list[RecordFile]  # the final, valid records, payload in every accepted spot


def write(root: Path, records: list[RecordFile]) -> dict[str, str]:
    if root.exists():
        shutil.rmtree(root)
    texts = {}
    for record in records:
        path = root / record.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        texts[record.rel] = record.text()
        path.write_text(texts[record.rel], encoding="utf-8", newline="\n")
    return texts


def survivors(payload: str, work: Path, base: list[RecordFile] | None = None) -> Outcome:
    """Inject ``payload`` into every spot (except the quant ``format`` discriminator) until valid."""
    base = base if base is not None else base_records()
    leaf_list = [leaf for leaf in all_leaves() if leaf.path[-1] != "format"]
    live = {s for r in base for s in spots(r, leaf_list)}
    refused: dict[Spot, Problem] = {}
    texts_at: dict[Spot, str] = {}
    unexpected: list[Problem] = []
    for _round in range(8):
        records = copy.deepcopy(base)
        by_rel = {r.rel: r for r in records}
        for spot in sorted(live, key=lambda s: (s.rel, format_loc(s.loc), s.leaf.category)):
            put(by_rel[spot.rel].data, spot, payload)
        root = work / "catalog"
        texts = write(root, records)
        _, problems = load(root)
        problems = [p for p in problems if p.severity == "error"]
        if not problems:
            return Outcome(payload, sorted(live, key=_order), refused, texts_at, unexpected, records)
        index: dict[tuple[str, str], Spot] = {(f"catalog/{s.rel}", format_loc(located(s, payload))): s for s in live}
        newly: set[Spot] = set()
        for problem in problems:
            spot = index.get((problem.path, problem.field))
            if spot is not None:
                newly.add(spot)
                refused.setdefault(spot, problem)
                texts_at.setdefault(spot, texts[spot.rel])
                continue
            # A problem about a part (e.g. a Text) refuses every spot inside it.
            inside = [
                s for (path, field), s in index.items()
                if path == problem.path and problem.field
                and field.startswith((problem.field + ".", problem.field + "["))
            ]
            if inside:
                for s in inside:
                    newly.add(s)
                    refused.setdefault(s, problem)
                    texts_at.setdefault(s, texts[s.rel])
            else:
                unexpected.append(problem)
        if not newly:
            return Outcome(payload, sorted(live, key=_order), refused, texts_at, unexpected, records)
        live -= newly
    raise AssertionError(f"payload {payload!r}: the catalog never became valid")


def _order(spot: Spot) -> tuple[str, str]:
    return (spot.rel, format_loc(spot.loc))


def field_line(text: str, loc: Loc, *, key: bool = False) -> int:
    """The line of ``loc``'s value (or key) in a record's text, as the validator positions it."""
    return _parsed(text).where(loc, key=key)[0]


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> Document:
    return parse(text)


def uncovered(base: list[RecordFile]) -> set[tuple[str, str, str]]:
    """Schema fields (owner, field, category) that no spot in ``base`` reaches."""
    every = {leaf.coverage_key for leaf in all_leaves()}
    reached = {s.leaf.coverage_key for r in base for s in spots(r, all_leaves())}
    return every - reached


# --- one catalog holding every payload ---------------------------------------------------


def _expand_every(data: Any, path: tuple[str, ...], loc: Loc = ()) -> Iterator[Loc]:
    """Like ``_expand`` but through every list item and mapping value."""
    if not path:
        yield loc
        return
    head, rest = path[0], path[1:]
    if head == ITEM and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _expand_every(item, rest, (*loc, index))
    elif head == VALUE and isinstance(data, dict):
        for key, value in data.items():
            yield from _expand_every(value, rest, (*loc, key))
    elif head not in (ITEM, KEY, VALUE) and isinstance(data, dict) and head in data:
        yield from _expand_every(data[head], rest, (*loc, head))


def renamed(records: list[RecordFile], suffix: str) -> list[RecordFile]:
    """Copies of ``records`` whose ids (and the references among them) end in ``suffix``."""
    new_ids = {r.record_id: r.record_id + suffix for r in records}
    id_leaves = [leaf for leaf in all_leaves() if leaf.category == "id"]
    out = []
    for record in records:
        data = copy.deepcopy(record.data)
        for leaf in id_leaves:
            if leaf.kind != record.kind.name or leaf.owner == "Category":  # category ids are not record ids
                continue
            for loc in _expand_every(data, leaf.path):
                target: Any = data
                for part in loc[:-1]:
                    target = target[part]
                if target[loc[-1]] in new_ids:
                    target[loc[-1]] = new_ids[target[loc[-1]]]
        rel = f"{record.kind.folder}/{new_ids[record.record_id]}.yaml"
        out.append(RecordFile(rel, record.kind, record.depth, data))
    return out


@dataclass
class Group:
    """Payloads joined into one value, for a site that holds them all in fewer pages."""

    suffix: str  # of the ids of the records holding it, e.g. "-h03"
    names: list[str]
    outcome: Outcome


#: The shortest length limit of a text field (stop strings): joined payloads stay within it.
JOIN_LIMIT = 100


def group(outcomes: dict[str, Outcome], work: Path) -> list[Group]:
    """Join payloads that the same spots accept, as long as the joined value still is.

    Each payload still reaches every spot that accepts it alone, so the built site covers
    every accepted (spot, payload) pair in a fraction of the pages.
    """
    base = base_records()
    classes: dict[frozenset[tuple[str, str]], list[str]] = {}
    for name in sorted(outcomes):
        signature = frozenset((s.rel, format_loc(s.loc)) for s in outcomes[name].accepted)
        classes.setdefault(signature, []).append(name)
    chunks: list[list[str]] = []
    for names in classes.values():
        current: list[str] = []
        for name in names:
            if current and len(_join(outcomes, [*current, name])) > JOIN_LIMIT:
                chunks.append(current)
                current = []
            current.append(name)
        chunks.append(current)
    out: list[Group] = []
    for names in chunks:
        signature = frozenset((s.rel, format_loc(s.loc)) for s in outcomes[names[0]].accepted)
        outcome = survivors(_join(outcomes, names), work / f"group-{len(out)}", base)
        if frozenset((s.rel, format_loc(s.loc)) for s in outcome.accepted) != signature and len(names) > 1:
            parts = [[n] for n in names]  # joined, it is refused somewhere each part alone is not
        else:
            parts = [names]
        for part in parts:
            if part is not names:
                outcome = outcomes[part[0]]
            out.append(Group(f"-h{len(out):02d}", part, outcome))
    return out


def _join(outcomes: dict[str, Outcome], names: list[str]) -> str:
    values = [outcomes[n].payload for n in names]
    if any("\n" in v for v in values):
        return "\n\n".join(values)
    if all(v.startswith("https://") for v in values):
        return "".join(values)  # still one link, without spaces
    return " ".join(values)


def covering(records: list[RecordFile]) -> list[RecordFile]:
    """Few records that together still reach every schema field (greedy set cover)."""
    leaf_list = all_leaves()
    reach = {r.rel: {s.leaf.coverage_key for s in spots(r, leaf_list)} for r in records}
    needed = set().union(*reach.values())
    chosen: list[RecordFile] = []
    while needed:
        best = max(records, key=lambda r: (len(reach[r.rel] & needed), r.rel))
        chosen.append(best)
        needed -= reach[best.rel]
    return sorted(chosen, key=lambda r: r.rel)


def hostile_records(groups: list[Group]) -> list[RecordFile]:
    """The base records, plus per group renamed copies of a covering few, holding its payloads.

    References from a copy to a record that is not copied keep naming the base record.
    """
    records = base_records()
    keep = {r.rel for r in covering(records)}
    for item in groups:
        records += renamed([r for r in item.outcome.records if r.rel in keep], item.suffix)
    return records
