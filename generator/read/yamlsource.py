"""Safe YAML reading that keeps where every value came from.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two duplicate keys,
expands aliases (the "billion laughs" bomb) and reads YAML 1.1 surprises such as ``no``
(a boolean) or ``1.10`` (the float 1.1). This module reads the safe loader's events once,
refuses what a catalog record never needs (anchors, aliases, explicit tags, deep nesting,
number forms only YAML 1.1 reads as numbers), and builds plain Python values from them
together with a position for every field.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from generator.diagnostics import Loc

#: libyaml's parser when PyYAML has it: 15x faster (validating 2,000 models took 15 s in
#: pure Python). Same events, nodes and marks; only syntax-error wording differs, so a file
#: with a syntax error is parsed again in pure Python for PyYAML's messages.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A record is a few kilobytes; anything larger is a mistake or an attack.
MAX_BYTES = 256 * 1024
#: Records nest four levels at most (scores -> breakdown -> value); leave room.
MAX_DEPTH = 16
#: Bounds the work PyYAML does on a file before we look at it.
MAX_EVENTS = 50_000

_YAML_TAG = "tag:yaml.org,2002:"
_NODE_EVENTS = (ScalarEvent, MappingStartEvent, SequenceStartEvent)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
# YAML 1.2 reads only these as booleans; YAML 1.1 (PyYAML) also reads yes/no/on/off/y/n.
_PLAIN_BOOLS = {"true", "false"}
_SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)\s*$")


@dataclass(frozen=True)
class Pos:
    """Where a field stands: its key (for unknown or misplaced fields) and its value."""

    line: int
    col: int
    value_line: int
    value_col: int
    raw: str | None = None  # the scalar as written, e.g. "1.10" for a value read as 1.1


@dataclass
class Issue:
    """A problem found while reading, located at ``loc`` or at an explicit line."""

    loc: Loc
    message: str
    line: int = 0
    col: int = 0


@dataclass
class Document:
    """A parsed record: its data, field positions and the problems found reading it."""

    data: Any = None
    positions: dict[Loc, Pos] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    #: Locations already reported by a reading check; schema errors there are redundant.
    reported: set[Loc] = field(default_factory=set)
    schema_ref: str | None = None
    #: Whether ``positions`` is filled (see ``parse``).
    keeps_positions: bool = True

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Best line and column for ``loc``: the field itself, else its nearest parent."""
        for n in range(len(loc), -1, -1):
            pos = self.positions.get(loc[:n])
            if pos is not None:
                if key or n < len(loc):
                    return pos.line, pos.col
                return pos.value_line, pos.value_col
        return 1, 1


class SourcePositions:
    """A record's field positions, for the problems later checks find in it: kept as the
    record's text, parsed again (once) if a position is asked for; the same text gives the
    same positions. Few records get a problem after reading, and positions are most of a
    record's objects: kept, they doubled the objects every garbage collection walks and
    were four fifths of what a forked reader's records cost to send to the parent."""

    __slots__ = ("_doc", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._doc: Document | None = None

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        if self._doc is None:
            self._doc = parse(self._text)
        return self._doc.where(loc, key=key)

    def __reduce__(self) -> tuple[type[SourcePositions], tuple[str]]:
        return SourcePositions, (self._text,)


#: What YAML lets a stream hold (its "printable" set); anything else stops the parser.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def decode(raw: bytes) -> tuple[str | None, Issue | None]:
    """Decode UTF-8 (a BOM is tolerated), or say where the first bad byte is.

    Columns count characters, as editors and YAML positions do, not bytes.
    """
    # Strip the BOM ourselves: with "utf-8-sig", error offsets would not match ``raw``.
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Everything before the first bad byte decodes, so its characters can be counted.
        before = body[: exc.start].decode("utf-8")
        line, col = _position(before, len(before))
        bad = body[exc.start : exc.start + 1].hex()
        return None, Issue((), f"file is not UTF-8: byte 0x{bad} cannot be decoded; save the file as UTF-8", line, col)
    if "\x00" in text:
        line, col = _position(text, text.index("\x00"))
        return None, Issue((), "file contains a NUL character; records are plain text", line, col)
    bad = _UNPRINTABLE.search(text)
    if bad:
        line, col = _position(text, bad.start())
        return None, Issue(
            (), f"file contains the control character U+{ord(bad.group()):04X}, which YAML does not allow; "
            "records are plain text (in a quoted value, write it as an escape such as \\t)", line, col,
        )
    return text, None


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of ``text[index]``."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def parse(text: str, *, positions: bool = True) -> Document:
    """Parse one record's text. Never raises for bad input: problems go to ``Document.issues``.

    With ``positions=False`` no field positions are kept (``Document.positions`` is empty)
    unless reading finds a problem: a record that reads cleanly needs them only if its schema
    refuses it, and making one for every field was two fifths of reading a catalog. A
    document with problems is read again with positions, as ``parse(text)`` reads it."""
    if not positions:
        doc = _parse(text, _FAST_LOADER, positions=False)
        if not doc.issues:
            return doc
    doc = _parse(text, _FAST_LOADER)
    if _FAST_LOADER is not yaml.SafeLoader and any(i.message.startswith("YAML") for i in doc.issues):
        doc = _parse(text, yaml.SafeLoader)
    return doc


def _parse(text: str, loader: Any, positions: bool = True) -> Document:
    """One pass over the parser's events: each is checked (``_checked``) as it comes, and the
    values are built from them directly (no node tree, and the text is parsed once). The
    first refusal or syntax error in the stream is the file's only problem, as if the
    whole stream had been checked before anything was built."""
    first_line = text.split("\n", 1)[0]
    match = _SCHEMA_COMMENT.match(first_line)
    schema_ref = match.group(1) if match else None
    doc = Document(schema_ref=schema_ref, keeps_positions=positions)
    events = _checked(_events(text, loader), RECORD_WORDS)
    try:
        next(events)  # the stream's start
        start = next(events)
        if isinstance(start, StreamEndEvent):
            doc.issues.append(Issue((), "file is empty; a record is a mapping of fields", 1, 1))
            return doc
        root = next(events)
        if isinstance(root, MappingStartEvent):
            if doc.keeps_positions:
                doc.positions[()] = _pos(root, root)
            doc.data = _value(root, (), doc, events)
        else:
            _skip(root, events)
        next(events)  # the document's end
        second = next(events)
        for _ in events:  # the rest is checked too
            pass
    except _Refused as refused:
        return Document(schema_ref=schema_ref, issues=[refused.issue])
    except yaml.MarkedYAMLError as exc:
        return Document(schema_ref=schema_ref, issues=[_syntax_issue(exc)])
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return Document(schema_ref=schema_ref, issues=[Issue((), f"YAML error: {exc}", 1, 1)])
    if not isinstance(second, StreamEndEvent):
        message = "YAML syntax error: but found another document (expected a single document in the stream)"
        return Document(schema_ref=schema_ref, issues=[_issue_at(second, message)])
    if not isinstance(root, MappingStartEvent):
        kind = "a list" if isinstance(root, SequenceStartEvent) else "a single value"
        doc.issues.append(_issue_at(root, f"file holds {kind}; a record must be a mapping of fields (name: value)"))
    return doc


def _syntax_issue(exc: yaml.MarkedYAMLError) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Issue((), f"YAML syntax error: {problem}{context}", line, col)


@dataclass(frozen=True)
class Wording:
    """How ``scan``'s messages name the YAML it refuses."""

    plural: str  # "records"
    too_many: str  # with {n}
    too_deep: str  # with {n}


RECORD_WORDS = Wording(
    "records",
    "file has more than {n} YAML values; a record is far smaller",
    "values are nested more than {n} levels deep; records are shallow",
)


class _Refused(Exception):
    """The stream holds what is refused before anything is built from it."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def _checked(events: Iterator[Event], words: Wording, max_events: int = MAX_EVENTS, max_depth: int = MAX_DEPTH) -> Iterator[Event]:
    """The parser's events, each let through only once checked: raises ``_Refused`` at the
    first anchor or alias (an alias bomb expands a few hundred bytes into gigabytes once a
    value is copied or turned into text), at nesting deeper than ``max_depth`` (building
    recurses) and past ``max_events`` values. Work and memory stay proportional to the text."""
    depth = 0
    for count, event in enumerate(events, 1):
        if count > max_events:
            raise _Refused(_issue_at(event, words.too_many.format(n=max_events)))
        kind = type(event)
        if kind is AliasEvent:
            raise _Refused(_issue_at(event, f"alias '*{event.anchor}' is not allowed: write the value out (anchors and aliases are refused in {words.plural})"))
        if kind in _NODE_EVENTS and event.anchor is not None:
            raise _Refused(_issue_at(event, f"anchor '&{event.anchor}' is not allowed: write the value out (anchors and aliases are refused in {words.plural})"))
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
            if depth > max_depth:
                raise _Refused(_issue_at(event, words.too_deep.format(n=max_depth)))
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
        yield event


def _events(text: str, loader: Any) -> Iterator[Event]:
    """The parser's events for ``text`` (as ``yaml.parse``, asking the parser once per event)."""
    parser = loader(text)
    try:
        get = parser.get_event
        while True:
            event = get()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()


def _issue_at(event: Event, message: str, loc: Loc = ()) -> Issue:
    """A problem about ``loc``, at the line and column where ``event`` starts."""
    return Issue(loc, message, event.start_mark.line + 1, event.start_mark.column + 1)


def _report(doc: Document, loc: Loc, event: Event, message: str) -> None:
    """A value refused where it is written; schema errors at ``loc`` would only repeat it."""
    doc.issues.append(_issue_at(event, message, loc))
    doc.reported.add(loc)


def _pos(key: Event, value: Event) -> Pos:
    """Where a field stands (its key and its value; an item is its own key), with a
    scalar's text as written."""
    k, v = key.start_mark, value.start_mark
    return Pos(k.line + 1, k.column + 1, v.line + 1, v.column + 1, value.value if type(value) is ScalarEvent else None)


def scan(
    text: str,
    *,
    max_events: int = MAX_EVENTS,
    max_depth: int = MAX_DEPTH,
    loader: Any = _FAST_LOADER,
    words: Wording | None = None,
) -> Issue | None:
    """The first reason to refuse YAML ``text`` before building anything from it, or None:
    an anchor or alias, nesting deeper than ``max_depth``, more than ``max_events`` values
    (see ``_checked``), or a syntax error as the parser reports it. Used for the front
    matter of imported model cards (``words`` says what the text is); records are checked
    the same way as they are read."""
    try:
        for _ in _checked(_events(text, loader), words or RECORD_WORDS, max_events, max_depth):
            pass
    except _Refused as refused:
        return refused.issue
    except yaml.MarkedYAMLError as exc:
        return _syntax_issue(exc)
    except yaml.YAMLError as exc:  # e.g. a ReaderError that decode() did not foresee
        return Issue((), f"YAML error: {exc}", 1, 1)
    return None


def _written_tag(tag: str) -> str:
    """A tag as written: ``tag:yaml.org,2002:str`` was ``!!str``."""
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _tag_of(event: Event) -> str:
    """The tag YAML gives the value ``event`` starts: as written, or resolved from its form."""
    if isinstance(event, ScalarEvent):
        if event.tag is None or event.tag == "!":
            # Most plain scalars are words whose first character no implicit type starts
            # with: text, as the resolver would say after looking that character up.
            if event.implicit[0] and event.value[:1] not in _RESOLVED_FIRST:
                return _STR_TAG
            return _CONSTRUCTOR.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-any-return]
        return event.tag  # type: ignore[no-any-return]
    if event.tag is None or event.tag == "!":
        return _MAP_TAG if isinstance(event, MappingStartEvent) else _SEQ_TAG
    return event.tag  # type: ignore[no-any-return]


def _tag_issue(event: Event, loc: Loc, doc: Document) -> None:
    """Refuse a value with an explicit tag (even ``!!str``): plain values only."""
    shown = _written_tag(event.tag or _tag_of(event))
    _report(doc, loc, event, f"tag '{shown}' is not allowed; write a plain value (quoted, if it is text)")


def _skip(event: Event, events: Iterator[Event]) -> None:
    """Pass over the value ``event`` starts (a collection's events up to its end)."""
    if type(event) is ScalarEvent:
        return
    depth = 1
    for inner in events:
        kind = type(inner)
        if kind is MappingStartEvent or kind is SequenceStartEvent:
            depth += 1
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            depth -= 1
            if not depth:
                return


def _value(event: Event, loc: Loc, doc: Document, events: Iterator[Event]) -> Any:
    """The value ``event`` starts, built from the events that follow it (consumed), with the
    position of every field and item in it."""
    kind = type(event)
    if kind is ScalarEvent:
        tag = _tag_of(event)
        if event.tag is None and tag in _STANDARD_TAGS:
            return _scalar(event, tag, loc, doc)
    if event.tag is not None or kind is ScalarEvent:
        _tag_issue(event, loc, doc)
        _skip(event, events)
        return None
    if kind is MappingStartEvent:
        out: dict[str, Any] = {}
        for key in events:
            if type(key) is MappingEndEvent:
                return out
            if key.tag is not None or type(key) is not ScalarEvent or _tag_of(key) != _STR_TAG:
                if key.tag is not None:
                    _tag_issue(key, loc, doc)
                else:
                    shown = key.value if type(key) is ScalarEvent else "a collection"
                    doc.issues.append(_issue_at(key, f"key {shown!r} is not a field name; field names are plain words", loc))
                _skip(key, events)
                _skip(next(events), events)
                continue
            name = key.value
            child = (*loc, name)
            value = next(events)
            if name in out:
                if not doc.keeps_positions:  # the line of the first is needed: read again with positions
                    doc.issues.append(_issue_at(key, f"duplicate key '{name}'", child))
                    _skip(value, events)
                    continue
                first = doc.positions[child]
                doc.issues.append(_issue_at(key, f"duplicate key '{name}': already set on line {first.line}; YAML would silently keep only the last one", child))
                _skip(value, events)
                continue
            if doc.keeps_positions:
                doc.positions[child] = _pos(key, value)
            out[name] = _value(value, child, doc, events)
        return out  # pragma: no cover - the parser ends every mapping it starts
    items = []
    for item in events:
        if type(item) is SequenceEndEvent:
            return items
        child = (*loc, len(items))
        if doc.keeps_positions:
            doc.positions[child] = _pos(item, item)
        items.append(_value(item, child, doc, events))
    return items  # pragma: no cover - the parser ends every sequence it starts


_CONSTRUCTOR = yaml.SafeLoader("")

#: The number forms YAML 1.1 (PyYAML) and YAML 1.2 (editors, other tools) read alike: plain
#: decimals. PyYAML also reads 040000 as octal (16384), 0x1F, 0b101, 1:30 (base 60, 90) and
#: 1_000 as numbers; a reader of the file sees something else, so those forms are refused.
_DECIMAL = {
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(?:0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:float": re.compile(
        r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
    ),
}


#: The first characters of the scalars YAML may read as something other than text (the
#: resolver's own table; it has no resolver for any first character).
_RESOLVED_FIRST = frozenset(_CONSTRUCTOR.yaml_implicit_resolvers)
assert None not in _RESOLVED_FIRST and not _CONSTRUCTOR.yaml_path_resolvers


def _number_issue(raw: str, value: Any) -> str:
    """Why a plain number that is not a plain decimal is refused, and what to write instead."""
    try:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
    except ValueError:  # more digits than Python turns into text
        shown = "a number"
    quote = f'or quote it ("{raw}") if it is text'
    body = raw.lstrip("+-").lower()
    if "_" in body:
        return f"'{raw}' is read by YAML 1.1 as {shown} (it skips '_'), by YAML 1.2 as text: write {shown}, {quote}"
    if ":" in body:
        return f"'{raw}' is read by YAML 1.1 as the base-60 number {shown}: write {shown}, {quote} (a time, a ratio)"
    if body.startswith(("0x", "0b")):
        base = "hexadecimal" if body.startswith("0x") else "binary"
        return f"'{raw}' is read by YAML 1.1 as the {base} number {shown}: write it in decimal digits ({shown}), {quote}"
    meant = raw[: len(raw) - len(raw.lstrip("+-"))] + (body.lstrip("0") or "0")
    return (
        f"'{raw}' is read by YAML 1.1 as the octal number {shown}: write a decimal number without leading "
        f"zeros ({meant}, if that is what you mean), {quote}"
    )


def _scalar(event: ScalarEvent, tag: str, loc: Loc, doc: Document) -> Any:
    """A scalar's value, read as YAML gives it the (resolved, standard) ``tag``."""
    raw = event.value
    if tag == _STR_TAG or tag == "tag:yaml.org,2002:timestamp":
        # Dates stay text: records compare and print them as written.
        return raw
    if tag == "tag:yaml.org,2002:bool" and not event.style and raw.lower() not in _PLAIN_BOOLS:
        _report(
            doc,
            loc,
            event,
            f"'{raw}' is read by YAML as the boolean {str(raw.lower() in ('yes', 'y', 'on')).lower()}: "
            f"write true or false for a yes/no field, or quote it (\"{raw}\") if you mean the text",
        )
        return raw
    try:
        # The tag's own constructor, not construct_object: that one remembers every node it
        # built (for aliases, refused here), so every number of every file read would stay
        # in memory.
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, raw, event.start_mark, event.end_mark, event.style))
    except (yaml.YAMLError, ValueError, OverflowError):
        _report(doc, loc, event, f"value {raw!r} cannot be read; quote it if it is text")
        return None
    decimal = _DECIMAL.get(tag)
    if decimal is not None and not event.style and not decimal.fullmatch(raw):
        _report(doc, loc, event, _number_issue(raw, value))
        return None
    return value
