"""Reading one record file: size, encoding, positioned YAML, schema comment, then its kind's schema.

``read(root)`` never raises on bad input. It returns the records that passed their own
schema and every problem found, so a contributor sees all mistakes in one run.
"""

from __future__ import annotations

import difflib
import multiprocessing
import queue
import threading
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from generator import parallel
from generator.catalog import Catalog, Record
from generator.diagnostics import Loc, Problem, format_loc
from generator.read import history
from generator.read.discover import Entry, discover
from generator.read.files import NotRegularFile, read_regular
from generator.read.yamlsource import MAX_BYTES, Document, SourcePositions, decode, parse
from generator.schema import quants, records
from generator.schema.kinds import Kind

#: What a warm run remembers of each file: its identity on disk, and what reading it gave.
ReadCache = dict[str, tuple[tuple[int, ...], "Record | None", list[Problem]]]


def read(root: Path, cache: ReadCache | None = None) -> tuple[Catalog, list[Problem]]:
    """Read every record under ``root``: the records that passed their own schema, and every
    problem found so far (cross-record rules are ``generator.check``'s).

    With a ``cache`` (kept by the caller between runs), a file whose size, times and inode
    are unchanged is not read again: its record (the same object) and problems are reused.
    """
    catalog = Catalog()
    entries, problems = discover(root)
    catalog.files = len(entries)
    seen: set[str] = set()
    results = [_read_cached(entry, cache) for entry in entries] if cache is not None else _read_all(entries)
    for entry, (record, found) in zip(entries, results, strict=True):
        catalog.known[entry.kind.name].add(entry.id)
        seen.add(entry.shown)
        problems.extend(found)
        if record is not None:
            catalog.records[entry.kind.name][entry.id] = record
    if cache is not None:
        for gone in set(cache) - seen:
            del cache[gone]
    catalog.last_change = history.last_change(root)
    return catalog, problems


#: The files of a run being read, and where its shares go: a forked worker reads them from
#: the parent's memory.
_RUN: _Shares | None = None
#: Below this many files, starting a worker costs more than it saves.
_PARALLEL_FROM = 400
#: Files in a share (see ``_read_all``): a few tens of milliseconds of reading.
_SHARE = 50


class _Shares:
    """The files of a run in shares, which two processes take from either end until they
    meet: the worker from the first (``front``, which only it moves), this process from the
    last (``back``, which only it moves). Each reads the other's end as it is or was: both
    only move towards each other, so an old value can make the two read one share twice,
    never leave one unread. The worker sends what it reads through a pipe."""

    def __init__(self, entries: list[Entry]) -> None:
        context = multiprocessing.get_context("fork")
        self.entries = entries
        self.count = (len(entries) + _SHARE - 1) // _SHARE
        self.ends = context.RawArray("i", [0, self.count])  # front, back: in shared memory
        self.inbox, self.outbox = context.Pipe(duplex=False)

    def read(self, share: int) -> list[tuple[Record | None, list[Problem]]]:
        return [read_record(entry) for entry in self.entries[share * _SHARE : (share + 1) * _SHARE]]

    def take_front(self) -> int | None:
        share = self.ends[0]
        if share >= self.ends[1]:
            return None
        self.ends[0] = share + 1
        return share

    def take_back(self) -> int | None:
        share = self.ends[1] - 1
        if share < self.ends[0]:
            return None
        self.ends[1] = share
        return share


def _read_all(entries: list[Entry]) -> list[tuple[Record | None, list[Problem]]]:
    """Every file's record and problems, in order. Parsing YAML is most of a full run's
    reading, and files are read independently: with two cores or more, a forked worker
    reads shares of the files from the first while this process reads them from the last,
    until they meet. The worker's records come back pickled, share by share, and this
    process unpickles them between its own shares (unpickling costs a fifth of reading):
    both finish together whatever each one's part costs (a model's record costs twice a
    quantized repository's), and no process unpickles half the catalog alone at the end."""
    if len(entries) < _PARALLEL_FROM or parallel.cores() < 2 or not parallel.available():
        return [read_record(entry) for entry in entries]
    global _RUN
    run = _RUN = _Shares(entries)
    results: list[list[tuple[Record | None, list[Problem]]] | None] = [None] * run.count
    try:
        with parallel.forked(1) as pool:
            pool.submit(_read_front)
            # The worker has its own end of the pipe (forked): once it ends, dead or done,
            # the pipe is closed and reading it says so.
            run.outbox.close()
            try:
                ended = False
                while (share := run.take_back()) is not None:
                    results[share] = run.read(share)
                    ended = _receive(run, results) or ended
                while not ended:
                    ended = _receive(run, results, wait=0.05)
            finally:
                run.inbox.close()  # a worker still sending (this process is stopping) stops too
    finally:
        _RUN = None
    # What the worker did not send (it died: out of memory, killed) is read here.
    return [result for share, records in enumerate(results) for result in (records if records is not None else run.read(share))]


def _receive(run: _Shares, results: list[list[tuple[Record | None, list[Problem]]] | None], wait: float = 0.0) -> bool:
    """Put the shares the worker has sent in their place, waiting up to ``wait`` seconds for
    the first; True once the worker has ended (it sent its end, or its pipe closed)."""
    try:
        while run.inbox.poll(wait):
            sent = run.inbox.recv()
            if sent is None:
                return True
            results[sent[0]] = sent[1]
            wait = 0.0
    except (EOFError, OSError):  # closed, perhaps halfway through a share
        return True
    return False


def _read_front() -> None:
    """The worker's part of ``_read_all``: shares from the first, each sent as it is read,
    then its end (None). A thread sends them, so that reading goes on while the pipe is full
    (this process takes them between its own shares)."""
    assert _RUN is not None
    run = _RUN
    sending: queue.SimpleQueue[tuple[int, list[tuple[Record | None, list[Problem]]]] | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send, args=(sending, run.outbox))
    sender.start()
    try:
        while (share := run.take_front()) is not None:
            sending.put((share, run.read(share)))
    finally:
        sending.put(None)
        sender.join()


def _send(sending: queue.SimpleQueue[Any], outbox: Any) -> None:
    while True:
        item = sending.get()
        outbox.send(item)
        if item is None:
            return


def _read_cached(entry: Entry, cache: ReadCache) -> tuple[Record | None, list[Problem]]:
    try:
        stat = entry.path.stat()
        key: tuple[int, ...] = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    except OSError:
        key = ()
    cached = cache.get(entry.shown)
    if key and cached is not None and cached[0] == key:
        return cached[1], list(cached[2])
    record, found = read_record(entry)
    cache[entry.shown] = (key, record, list(found))
    return record, found


def read_record(entry: Entry) -> tuple[Record | None, list[Problem]]:
    """Read one file: size, encoding, YAML, schema comment, then the kind's schema."""
    shown = entry.shown
    try:
        raw = read_regular(entry.path, MAX_BYTES)
    except NotRegularFile as exc:
        return None, [Problem(shown, 0, 0, "", f"the record {exc.reason}; commit the file itself")]
    except OSError as exc:
        return None, [Problem(shown, 0, 0, "", f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(shown, 0, 0, "", f"file is larger than {MAX_BYTES // 1024} KiB; a record is a few KiB: split it or remove pasted content")]
    text, issue = decode(raw)
    if text is None:
        assert issue is not None
        return None, [Problem(shown, issue.line, issue.col, "", issue.message)]
    doc = parse(text, positions=False)  # with positions if it has a problem
    problems = [Problem(shown, i.line, i.col, format_loc(i.loc), i.message) for i in doc.issues]
    expected_ref = entry.kind.schema_ref(entry.depth)
    if doc.schema_ref != expected_ref:
        got = f"it references {doc.schema_ref!r}" if doc.schema_ref else "it is missing"
        problems.append(Problem(shown, 1, 1, "", f"the first line must be '{entry.kind.schema_line(entry.depth)}' so editors can check and complete fields; {got}"))
    if not isinstance(doc.data, dict):
        return None, problems
    try:
        data = entry.kind.adapter.validate_python(doc.data)
    except ValidationError as exc:
        if not doc.keeps_positions:
            doc = parse(text)  # the same data, with the positions the schema's errors are reported at
        problems.extend(_schema_problems(entry.kind, doc, exc, shown))
        return None, problems
    if problems:
        return None, problems
    return Record(entry.kind.name, entry.id, shown, data, SourcePositions(text)), []


# --- turning pydantic errors into contributor sentences -----------------------------------

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "finite_number": "a finite number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (field: value)",
    "model_type": "a mapping (field: value)",
    "model_attributes_type": "a mapping (field: value)",
}

#: Pydantic's number bounds, as (context key, words): "must be at least 0, got -1".
_BOUNDS = {
    "greater_than": ("gt", "greater than"),
    "greater_than_equal": ("ge", "at least"),
    "less_than": ("lt", "less than"),
    "less_than_equal": ("le", "at most"),
}


def _schema_problems(kind: Kind, doc: Document, exc: ValidationError, shown: str) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        # A name's form (text, or a mapping with translations) is a step of pydantic's
        # location, not a field the contributor wrote.
        loc: Loc = tuple(p for p in err["loc"] if p != "[key]" and not str(p).startswith(records.NAMED_TAG))
        if kind.name == "quant" and loc and loc[0] in quants.BY_FORMAT:
            loc = loc[1:]
        if any(loc[:n] in doc.reported for n in range(len(loc) + 1)):
            continue
        kind_of_error = err["type"]
        if kind_of_error in ("union_tag_not_found", "union_tag_invalid"):
            loc = ("format",)
        if kind_of_error == "extra_forbidden":
            line, col = doc.where(loc, key=True)
        else:
            line, col = doc.where(loc)
        message = _describe(err, loc, kind, doc)
        problems.append(Problem(shown, line, col, format_loc(loc), message))
    return problems


def _shown_value(value: Any, raw: str | None) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {raw if raw is not None else value}"
    if isinstance(value, str):
        return repr(value) if len(value) <= 80 else repr(value[:77] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else type(value).__name__


def _describe(err: Any, loc: Loc, kind: Kind, doc: Document) -> str:
    kind_of_error = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    pos = doc.positions.get(loc)
    raw = pos.raw if pos else None
    if kind_of_error == "missing":
        return f"required field '{loc[-1]}' is missing"
    if kind_of_error == "union_tag_not_found":
        return f"required field 'format' is missing; expected one of: {', '.join(quants.QUANT_FORMATS)}"
    if kind_of_error == "union_tag_invalid":
        return f"{ctx.get('tag')!r} is not a known format; expected one of: {', '.join(quants.QUANT_FORMATS)}"
    if kind_of_error == "extra_forbidden":
        allowed = sorted(_fields_at(kind, doc.data, loc[:-1]))
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean '{close[0]}'?" if close else f"; allowed fields: {', '.join(allowed)}"
        return f"unknown field '{loc[-1]}'{hint}"
    if kind_of_error in _EXPECTED:
        message = f"expected {_EXPECTED[kind_of_error]}, got {_shown_value(value, raw)}"
        if kind_of_error == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool) and raw:
            message += f": YAML reads an unquoted {raw} as a number; quote it: \"{raw}\""
        return message
    if kind_of_error == "literal_error":
        return f"{_shown_value(value, raw)} is not allowed; expected {ctx.get('expected')}"
    if kind_of_error in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind_of_error == "string_pattern_mismatch":
        if (loc and loc[-1] == "languages") or (len(loc) > 1 and loc[-2] == "languages"):
            return f"{_shown_value(value, raw)} is not a language code such as 'en' or 'zh'"
        return f"{_shown_value(value, raw)} must be one line of text that is not blank"
    if kind_of_error in ("too_short", "string_too_short") and isinstance(value, (str, list)):
        return "must not be empty" if not value else f"{err['msg']}"
    if kind_of_error in ("too_long", "string_too_long") and isinstance(value, (str, list)):
        unit = "characters" if isinstance(value, str) else "entries"
        return f"has {len(value)} {unit}; at most {ctx.get('max_length')} are allowed"
    if kind_of_error in _BOUNDS:
        bound = ctx.get(_BOUNDS[kind_of_error][0])
        bound = f"{bound:g}" if isinstance(bound, float) else bound
        return f"must be {_BOUNDS[kind_of_error][1]} {bound}, got {_shown_value(value, raw)}"
    return f"{err['msg'].removeprefix('Value error, ')} (got {_shown_value(value, raw)})"


def _fields_at(kind: Kind, data: Any, loc: Loc) -> set[str]:
    """Field names allowed in the mapping at ``loc``, for "did you mean" suggestions."""
    if kind.name == "quant":
        fmt = data.get("format") if isinstance(data, dict) else None
        root: Any = quants.BY_FORMAT.get(fmt, quants.FORMATS[0]).repo
    else:
        root = kind.type
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return set()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return set(current.model_fields)
    return set()


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional, keeping list/dict origins for item lookup."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp
