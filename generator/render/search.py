"""The search index and the search's words, one pair of scripts per language.

``assets/search/index.js`` holds every page's entry (``generator.resolve.search``) as plain
text in the language of its tree; ``assets/search/strings.js`` holds the search's UI strings
(``search.*`` in ``strings/<lang>.yaml``). Both are scripts that set a global, not JSON:
pages opened from disk (file://) may not fetch, but they may load a script. The client
(``overrides/assets/javascripts/search.js``) loads the index on first use.

An entry is an array, to keep the index small:
``[kind, address, title, ids, facts, terms, summary]`` where ``kind`` indexes ``kinds``,
``address`` is the page's address from the language's root (``models/CausalLM/7B.html``),
``facts`` are joined by " · ", and empty trailing fields are left out. Text is plain: record
Markdown is reduced to its words, invisible characters are removed, and the client shows
everything as text, never as markup.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from generator import languages
from generator.render import strings
from generator.render.cells import TextFormatter, one_line, page_address
from generator.resolve.search import ORDER, Entry, Phrase, SearchIndex
from generator.schema.records import Text

INDEX = "assets/search/index.js"
STRINGS = "assets/search/strings.js"

#: A summary is cut to about this many columns (a CJK character takes two).
SUMMARY_WIDTH = 200
#: What the index script sets, and what the strings script sets.
INDEX_GLOBAL = "ModelAtlasSearchIndex"
STRINGS_GLOBAL = "ModelAtlasSearchStrings"

#: Search strings the generator puts into pages and the index itself, not the client's.
_PAGE_ONLY = ("search.commercial.", "search.home_")
_FACT_SEP = " · "
#: A link: its label and target hold no bracket or parenthesis of their kind, so each
#: attempt stops at the next one (linear: '[[[…' or '[a](((…' made the pattern quadratic).
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_MD_MARKS = re.compile(r"^\s{0,3}(?:#{1,6}|>|[-+*]|\d+[.)])\s+|\*+|`+", re.MULTILINE)


#: Each entry's line of the index, by language and page, with the entry it was made from:
#: kept by a warm generator (``incremental.Session``), so a run remakes only changed lines.
Lines = dict[tuple[str, str], tuple[Entry, str]]


def files(index: SearchIndex, made: Lines | None = None) -> dict[str, str]:
    """Each language's index and strings scripts, by path under docs/."""
    out = {}
    for lang in languages.codes():
        out[f"{lang}/{INDEX}"] = index_script(index, lang, made)
        out[f"{lang}/{STRINGS}"] = strings_script(lang)
    return out


def index_script(index: SearchIndex, lang: str, made: Lines | None = None) -> str:
    lines = []
    show = TextFormatter(lang, blank="")
    for entry in index.entries:
        known = made.get((lang, entry.path)) if made is not None else None
        if known is not None and known[0] == entry:
            line = known[1]
        else:
            line = _json(row(entry, show))
            if made is not None:
                made[(lang, entry.path)] = (entry, line)
        lines.append(line)
    head = _json({"lang": lang, "kinds": list(ORDER)})[:-1]
    # one entry per line, so that a change to the catalog shows as a change to its pages' lines
    body = head + ',"docs":[\n' + ",\n".join(lines) + "\n]}"
    return _wrap(INDEX_GLOBAL, body, f"search index ({lang}): one entry per page")


def strings_script(lang: str) -> str:
    """The ``search.*`` UI strings of ``lang``, keys without the prefix ('kind.model')."""
    keys = sorted(
        k for k in strings.table(languages.default().code) if k.startswith("search.") and not k.startswith(_PAGE_ONLY)
    )
    data = {key.removeprefix("search."): strings.translate(lang, key) for key in keys}
    return _wrap(STRINGS_GLOBAL, _json(data), f"search strings ({lang})")


def _wrap(name: str, body: str, what: str) -> str:
    """``window.<name>=<body>;`` after a comment."""
    return f"/* Model Atlas {what}. Generated from the catalog: do not edit. */\nwindow.{name}={body};\n"


def _json(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Valid in JSON, line ends in older JavaScript: escaped, so any engine reads the file.
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def row(entry: Entry, show: TextFormatter) -> list[Any]:
    """The entry as the index stores it, in the language of ``show``."""
    fields: list[Any] = [
        ORDER.index(entry.kind),
        page_address(entry.path),
        show(entry.title),
        " ".join(one_line(i) for i in entry.ids),
        _FACT_SEP.join(shown for f in entry.facts if (shown := show(f))),
        " ".join(one_line(t) for t in entry.terms),
        summary(entry.summary, show.lang),
    ]
    while fields and fields[-1] == "":
        fields.pop()
    return fields


def summary(value: Text | Phrase | None, lang: str) -> str:
    """A short plain-text summary: record text in ``lang`` (else the default language's)."""
    if value is None:
        return ""
    if isinstance(value, Phrase):
        words = strings.translate(lang, value.key)
        for name, fill in value.fills:
            words = words.replace("{" + name + "}", fill)
        return clip(markdown_words(words))  # a UI string may hold a link
    return clip(markdown_words(value.get(lang) or value.en))


def markdown_words(markdown: str) -> str:
    """The words of record Markdown on one line: link labels kept, marks dropped.

    >>> markdown_words("**Fast** [llama.cpp](https://x.org) `Q4_K_M`\\n\\n- one")
    'Fast llama.cpp Q4_K_M one'
    """
    return one_line(_MD_MARKS.sub("", _MD_LINK.sub(r"\1", markdown)))


def clip(words: str, width: int = SUMMARY_WIDTH) -> str:
    """``words`` cut to about ``width`` columns (wide characters count two), at a space when
    there is one near the end, with an ellipsis when cut.

    >>> clip("one two three", 9)
    'one two…'
    """
    if len(words) * 2 <= width:
        return words  # fits, whatever its characters' widths
    if words.isascii():
        if len(words) <= width:
            return words
        return _cut(words[:width])
    used = 0
    for i, char in enumerate(words):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            return _cut(words[:i])
    return words


def _cut(cut: str) -> str:
    """Words cut short: at a space near the end when there is one, with an ellipsis."""
    space = cut.rfind(" ")
    if space > len(cut) * 3 // 4:
        cut = cut[:space]
    return cut.rstrip(" ,;:、，；：") + "…"
