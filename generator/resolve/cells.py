"""The values page data is made of: what a cell, a fact or a list item shows, typed, so that
render can lay each out in any language without knowing where it came from.

Every value is one of these classes. None of them holds trusted markup: record text and
names stay plain strings here, and render escapes them by type (``generator.render.cells``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal, Union

from generator.resolve.scores import Setting
from generator.schema.records import Label, Text


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
class Name:
    """A name that may have forms in other languages (a license's name, a metric, a source's
    title), shown literally: in the page's language when the record gives it, else as
    written and marked as not translated."""

    value: str | Label


@dataclass(frozen=True)
class Term:
    """A word of a fixed vocabulary (a Hugging Face pipeline tag), shown through the UI string
    ``<group>.<value>``; a value the strings do not know is shown as written, marked as such
    on pages in other languages. None shows a dash."""

    group: str
    value: str | None


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
    label: str | Key | Name | Phrase
    query: str | None = None


@dataclass(frozen=True)
class Ext:
    """A link to another site; the label is text, a name or a UI string."""

    label: str | Key | Name
    url: str


@dataclass(frozen=True)
class Asset:
    """A link to a file the site publishes once, under the default language's root (the API's
    JSON and CSV), from a page in any language; ``path`` is relative to that root."""

    path: str
    label: str | Key


@dataclass(frozen=True)
class Choice:
    """A value that differs by language (a guide translated into some languages): the page's
    language's, else the default language's."""

    by_language: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Txt:
    """Record text (Markdown) in the page's language, marked when translated or missing."""

    text: Text | None
    inline: bool = False


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
class Language:
    """A language a record names (an ISO 639 code), shown by its name in the page's language
    with the code: 'Chinese (zh)', '中文（zh）'."""

    code: str


@dataclass(frozen=True)
class Join:
    """Values side by side, ``sep`` between them (fixed punctuation, or a UI string such as
    ``punct.comma`` where languages punctuate differently); ``empty`` when there are none."""

    parts: tuple[Value, ...]
    sep: str | Key = ""
    empty: str = "—"


@dataclass(frozen=True)
class Breakdown:
    """A score's result in each category, 'STEM 72.4 · Humanities 70.0': (category name,
    result) pairs. Unlike most values, new on nearly every page it is on."""

    parts: tuple[tuple[Txt | Lit, Num], ...]


Value = Union[Key, Plain, Name, Term, Lit, Code, Num, Int, Gb, Count, YesNo, GroupSize, Ref, Ext, Asset, Choice, Txt, SettingLabel, Strong, Phrase, Language, Join, Breakdown]  # noqa: UP007


@dataclass(frozen=True)
class Column:
    """A table column: its header, alignment, and how its values read.

    ``first_sort`` is the order a reader wants first when sorting by it: 'descending' for
    a score where higher is better (best first), 'ascending' where lower is; None leaves
    the default (ascending: smallest, A to Z). ``prose`` marks running text (descriptions,
    notes), which wraps within a readable width instead of squeezing the other columns.
    """

    header: Value
    align: Literal["left", "right"] = "left"
    first_sort: Literal["ascending", "descending"] | None = None
    prose: bool = False


@dataclass(frozen=True)
class Table:
    """A data table: its columns and rows of values, laid out by render."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Value, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.rows)


_FACTS = (Column(Key("facts.field")), Column(Key("facts.value")))


#: A UI string key, one object per key and language: pages repeat a few hundred keys many
#: thousands of times, and render finds an object it already holds without comparing it
#: field by field.
key = cache(Key)


def facts(*rows: tuple[str | Value, Value]) -> Table:
    """A two-column field/value table; a field given as a string is a UI string key."""
    return Table(_FACTS, tuple((key(k) if isinstance(k, str) else k, v) for k, v in rows))


def languages_of(codes: Iterable[str]) -> Join:
    """Languages by name, side by side as the page's language lists things."""
    return Join(tuple(Language(code) for code in codes), sep=Key("punct.list"))


def listed(items: Iterable[str]) -> Join:
    """Names side by side, separated as the page's language lists things ('a, b'; '甲、乙')."""
    return Join(tuple(Lit(item) for item in items), sep=Key("punct.list"))
