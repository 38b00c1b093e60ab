"""Safe YAML reading that keeps where every value came from.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of two duplicate keys,
expands aliases (the "billion laughs" bomb) and reads YAML 1.1 surprises such as ``no``
(a boolean) or ``1.10`` (the float 1.1). This module composes the node tree with the
safe loader, refuses what a catalog record never needs (anchors, aliases, explicit tags,
deep nesting, number forms only YAML 1.1 reads as numbers), and builds plain Python values
together with a position for every field.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

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
_NODE_OF: dict[type, type[Node]] = {ScalarEvent: ScalarNode, MappingStartEvent: MappingNode, SequenceStartEvent: SequenceNode}
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
    #: Where a node carries an explicit tag (``!!str``, ``!x``), by its offset in the text,
    #: as the event scan saw it: the composed node no longer tells written from resolved tags.
    tagged: dict[tuple[int, type[Node]], str] = field(default_factory=dict)

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
    """A record's field positions, for the problems later checks find in it: its parsed
    document, or only its text when it came from another process. A forked reader's
    records cross to the parent pickled, and positions are four fifths of a record's pickle
    while few records ever get a problem after reading: the text crosses instead, and is
    parsed again, once, if a position is asked for (the same text gives the same positions).
    """

    __slots__ = ("_doc", "_text")

    def __init__(self, text: str, doc: Document | None = None) -> None:
        self._text = text
        self._doc = doc

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


def parse(text: str) -> Document:
    """Parse one record's text. Never raises for bad input: problems go to ``Document.issues``."""
    doc = _parse(text, _FAST_LOADER)
    if _FAST_LOADER is not yaml.SafeLoader and any(i.message.startswith("YAML") for i in doc.issues):
        doc = _parse(text, yaml.SafeLoader)
    return doc


def _parse(text: str, loader: Any) -> Document:
    doc = Document()
    first_line = text.split("\n", 1)[0]
    match = _SCHEMA_COMMENT.match(first_line)
    doc.schema_ref = match.group(1) if match else None

    if not _scan_events(text, doc, loader):
        return doc
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        doc.issues.append(_syntax_issue(exc))
        return doc
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        doc.issues.append(Issue((), f"YAML error: {exc}", 1, 1))
        return doc
    if node is None:
        doc.issues.append(Issue((), "file is empty; a record is a mapping of fields", 1, 1))
        return doc
    if not isinstance(node, MappingNode):
        kind = "a list" if isinstance(node, SequenceNode) else "a single value"
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        doc.issues.append(Issue((), f"file holds {kind}; a record must be a mapping of fields (name: value)", line, col))
        return doc
    start = node.start_mark
    doc.positions[()] = Pos(start.line + 1, start.column + 1, start.line + 1, start.column + 1)
    doc.data = _build(node, (), doc)
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


def _scan_events(text: str, doc: Document, loader: Any) -> bool:
    """Refuse anchors, aliases, deep nesting and huge event streams before composing.

    Composing follows nesting recursively, so a deeply nested file must be stopped here.
    """

    def tagged(event: NodeEvent) -> None:
        doc.tagged[(event.start_mark.index, _NODE_OF[type(event)])] = event.tag or ""

    issue = scan(text, loader=loader, words=RECORD_WORDS, on_tag=tagged)
    if issue is not None:
        doc.issues.append(issue)
        return False
    return True


def scan(
    text: str,
    *,
    max_events: int = MAX_EVENTS,
    max_depth: int = MAX_DEPTH,
    loader: Any = _FAST_LOADER,
    words: Wording | None = None,
    on_tag: Callable[[NodeEvent], None] | None = None,
) -> Issue | None:
    """The first reason to refuse YAML ``text`` before building anything from it, or None.

    Refuses anchors and aliases (an alias bomb expands a few hundred bytes into gigabytes
    once a value is copied or turned into text), nesting deeper than ``max_depth`` (composing
    recurses) and more than ``max_events`` values; reports a syntax error as the parser
    does. Work and memory stay proportional to the text. Used for records and for the
    front matter of imported model cards (``words`` says what the text is).
    """
    words = words or RECORD_WORDS
    depth = 0
    count = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            count += 1
            mark = event.start_mark
            line, col = mark.line + 1, mark.column + 1
            if count > max_events:
                return Issue((), words.too_many.format(n=max_events), line, col)
            if isinstance(event, AliasEvent):
                return Issue((), f"alias '*{event.anchor}' is not allowed: write the value out (anchors and aliases are refused in {words.plural})", line, col)
            if isinstance(event, NodeEvent) and event.tag is not None and on_tag is not None:
                on_tag(event)
            if isinstance(event, NodeEvent) and event.anchor is not None:
                return Issue((), f"anchor '&{event.anchor}' is not allowed: write the value out (anchors and aliases are refused in {words.plural})", line, col)
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > max_depth:
                    return Issue((), words.too_deep.format(n=max_depth), line, col)
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        return _syntax_issue(exc)
    except yaml.YAMLError as exc:  # e.g. a ReaderError that decode() did not foresee
        return Issue((), f"YAML error: {exc}", 1, 1)
    return None


def _pos(key: Node | None, value: Node, raw: str | None = None) -> Pos:
    start = key.start_mark if key is not None else value.start_mark
    return Pos(start.line + 1, start.column + 1, value.start_mark.line + 1, value.start_mark.column + 1, raw)


def _written_tag(tag: str) -> str:
    """A tag as written: ``tag:yaml.org,2002:str`` was ``!!str``."""
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


def _tag_issue(node: Node, loc: Loc, doc: Document) -> bool:
    """Refuse a node with an explicit tag (even ``!!str``) or a tag outside the plain types."""
    tag = doc.tagged.get((node.start_mark.index, type(node)))
    if tag is None and node.tag in _STANDARD_TAGS:
        return False
    shown = _written_tag(tag or node.tag)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    doc.issues.append(Issue(loc, f"tag '{shown}' is not allowed; write a plain value (quoted, if it is text)", line, col))
    doc.reported.add(loc)
    return True


def _build(node: Node, loc: Loc, doc: Document) -> Any:
    if _tag_issue(node, loc, doc):
        return None
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if (key_node.start_mark.index, type(key_node)) in doc.tagged:
                _tag_issue(key_node, loc, doc)
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a collection"
                doc.issues.append(Issue(loc, f"key {shown!r} is not a field name; field names are plain words", key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                continue
            name = key_node.value
            child = (*loc, name)
            if name in out:
                first = doc.positions[child]
                doc.issues.append(Issue(child, f"duplicate key '{name}': already set on line {first.line}; YAML would silently keep only the last one", key_node.start_mark.line + 1, key_node.start_mark.column + 1))
                continue
            raw = value_node.value if isinstance(value_node, ScalarNode) else None
            doc.positions[child] = _pos(key_node, value_node, raw)
            out[name] = _build(value_node, child, doc)
        return out
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = (*loc, index)
            raw = item.value if isinstance(item, ScalarNode) else None
            doc.positions[child] = _pos(None, item, raw)
            items.append(_build(item, child, doc))
        return items
    assert isinstance(node, ScalarNode)
    return _scalar(node, loc, doc)


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


def _number_issue(node: ScalarNode, value: Any) -> str:
    """Why a plain number that is not a plain decimal is refused, and what to write instead."""
    raw = node.value
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


def _scalar(node: ScalarNode, loc: Loc, doc: Document) -> Any:
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates stay text: records compare and print them as written.
        return node.value
    if node.tag == "tag:yaml.org,2002:bool" and not node.style and node.value.lower() not in _PLAIN_BOOLS:
        doc.issues.append(
            Issue(
                loc,
                f"'{node.value}' is read by YAML as the boolean {str(node.value.lower() in ('yes', 'y', 'on')).lower()}: "
                f"write true or false for a yes/no field, or quote it (\"{node.value}\") if you mean the text",
                node.start_mark.line + 1,
                node.start_mark.column + 1,
            )
        )
        doc.reported.add(loc)
        return node.value
    try:
        value = _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):
        doc.issues.append(Issue(loc, f"value {node.value!r} cannot be read; quote it if it is text", node.start_mark.line + 1, node.start_mark.column + 1))
        doc.reported.add(loc)
        return None
    finally:
        # The loader remembers every node it built (for aliases, refused here): kept, every
        # number of every file read would stay in memory, and each garbage collection would
        # walk them all again.
        _CONSTRUCTOR.constructed_objects.clear()
    decimal = _DECIMAL.get(node.tag)
    if decimal is not None and not node.style and not decimal.fullmatch(node.value):
        doc.issues.append(Issue(loc, _number_issue(node, value), node.start_mark.line + 1, node.start_mark.column + 1))
        doc.reported.add(loc)
        return None
    return value
