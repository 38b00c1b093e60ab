"""The values page data is made of: what a cell, a fact or a list item shows, typed, so that
render can lay each out in any language without knowing where it came from.

Every value is one of these classes. None of them holds trusted markup: record text and
names stay plain strings here, and render escapes them by type (``generator.render.cells``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from generator.resolve.scores import Setting
from generator.schema.records import Text


@dataclass(frozen=True)
class Key:
    """A UI string, by key (``strings/<lang>.yaml``); ``{language}`` in it names ``language``."""

    key: str
    language: str | None = None  # a language code


@dataclass(frozen=True)
class Plain:
    """Fixed punctuation from the generator's own code (never record text): ' (', ': '."""

    text: str


@dataclass(frozen=True)
class Lit:
    """Text shown exactly as written (a name, an id); None shows a dash."""

    text: str | None


@dataclass(frozen=True)
class Code:
    """Inline code (a file or branch name); ``cell`` escapes '|' for a table cell."""

    text: str
    cell: bool = True


@dataclass(frozen=True)
class Num:
    """A score or fraction, shown as the source gave it (converted values to four decimals)."""

    value: float | int | None


@dataclass(frozen=True)
class Int:
    """A whole number; None shows a dash."""

    value: int | None


@dataclass(frozen=True)
class Gb:
    """Bytes, shown in GB with two decimals (one unit per column keeps it sortable)."""

    value: int | None


@dataclass(frozen=True)
class Count:
    """A parameter count, shown as '7B'."""

    value: int | None


@dataclass(frozen=True)
class YesNo:
    value: bool | None


@dataclass(frozen=True)
class GroupSize:
    value: int | str | None


@dataclass(frozen=True)
class Ref:
    """A link to a page of the site (``target``: its docs path), labelled with text or a UI
    string; without a target (a record with no page), the label as code. ``query`` is the
    address's query (``models=ORG/NAME``): what a tool page reads to show one view."""

    target: str | None
    label: str | Key | Phrase
    query: str | None = None


@dataclass(frozen=True)
class Ext:
    """A link to another site; the label is text or a UI string."""

    label: str | Key
    url: str


@dataclass(frozen=True)
class Txt:
    """Record text (Markdown) in the page's language, marked when translated or missing."""

    text: Text | None
    inline: bool = False


@dataclass(frozen=True)
class Verbatim:
    """Source words kept as written (English only): marked as such on other-language pages."""

    text: str | None


@dataclass(frozen=True)
class SettingLabel:
    """The conditions of a score: '5-shot · val split'."""

    setting: Setting


@dataclass(frozen=True)
class Strong:
    value: Value


@dataclass(frozen=True)
class Phrase:
    """A UI string whose ``{name}`` slots hold values, so each language keeps its own word
    order and punctuation: ``Phrase("verdict.line", (("verdict", Key(...)), ("reason", ...)))``."""

    key: str
    slots: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Join:
    """Values side by side, ``sep`` between them (fixed punctuation); ``empty`` when there are none."""

    parts: tuple[Value, ...]
    sep: str = ""
    empty: str = "—"


Value = Union[Key, Plain, Lit, Code, Num, Int, Gb, Count, YesNo, GroupSize, Ref, Ext, Txt, Verbatim, SettingLabel, Strong, Phrase, Join]  # noqa: UP007


@dataclass(frozen=True)
class Column:
    header: Value
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Table:
    """A data table: its columns and rows of values, laid out by render."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.rows)


def facts(*rows: tuple[str | Value, Value]) -> Table:
    """A two-column field/value table; a field given as a string is a UI string key."""
    return Table(
        (Column(Key("facts.field")), Column(Key("facts.value"))),
        tuple((Key(k) if isinstance(k, str) else k, v) for k, v in rows),
    )
