"""Which characters a field shown as written may hold: refused by Unicode category, not by list.

Names, titles, versions, tags, file names, links and prompt templates are shown as written.
A character that is not seen (a control, a format character such as a bidi override or a
zero-width mark, a line or paragraph separator) or that has no agreed look (private use, a
code point unassigned in this Python's Unicode database, a lone surrogate) can make such a
value read differently from what it is, so it is refused, naming the code point. A list of
known-bad code points always misses the next one; the categories do not.

Prose (``Text``) is not checked here: the renderer removes such characters from what
readers see (``generator.render.text.normalise``).

>>> refused_at("Evil\\u202eexe")
(4, '\\u202e')
>>> refused_at("tab\\there", allow="\\t") is None
True
"""

from __future__ import annotations

import unicodedata

#: Unicode general categories refused in a field shown as written, with what a message calls them.
REFUSED: dict[str, str] = {
    "Cc": "a control character",
    "Cf": "an invisible format character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
    "Co": "a private-use character",
    "Cn": f"a code point unassigned in Unicode {unicodedata.unidata_version}",
    "Cs": "a lone surrogate",
}
#: Controls a verbatim multi-line field (a prompt template, a stop string) may hold.
LAYOUT = "\t\n\r"


def refused_at(value: str, allow: str = "") -> tuple[int, str] | None:
    """Index and character of the first refused character of ``value``, or None."""
    if value.isascii() and value.isprintable():
        return None  # the common case, without a look-up per character
    for index, char in enumerate(value):
        if char not in allow and unicodedata.category(char) in REFUSED:
            return index, char
    return None


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` (the name when Unicode has one)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


def _check(value: str, allow: str, subject: str = "") -> str:
    found = refused_at(value, allow)
    if found:
        index, char = found
        what = REFUSED[unicodedata.category(char)]
        raise ValueError(
            f"{subject}{value[:80]!r} contains {what}, {describe(char)} at position {index + 1}: remove it; "
            "such characters can make text read differently from what it is"
        )
    return value


def check_one_line(value: str) -> str:
    """A one-line field (name, title, version, tag, file name): no refused character, no tab.

    >>> check_one_line("CausalLM 7B")
    'CausalLM 7B'
    """
    return _check(value, "")


def check_link(value: str) -> str:
    """A link: no refused character and no space of any kind (a URL encodes them: %20)."""
    space = next((i for i, char in enumerate(value) if char.isspace()), None)
    if space is not None and unicodedata.category(value[space]) not in REFUSED:
        raise ValueError(
            f"link {value[:80]!r} contains a space, {describe(value[space])} at position {space + 1}: encode it (%20)"
        )
    return _check(value, "", "link ")


def check_verbatim(value: str) -> str:
    """A multi-line field shown as written (a prompt template): tabs and line breaks allowed."""
    return _check(value, LAYOUT)
