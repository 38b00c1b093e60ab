"""The policy every built page obeys, applied by the generator to the builder's output.

Whatever builds the HTML (MkDocs, Zensical), the generator then:

1. passes each page's article (everything that comes from the catalog) through the
   allow-list sanitiser (``generator.site.sanitize``), rewriting the page when that removes
   anything, and
2. checks the whole page: no element loads anything from another host or by another scheme
   (only links, ``<a href>``, may go to http(s) addresses), no protocol-relative address, no
   event-handler attribute, no ``<base>`` or refresh, and a ``<title>`` that holds text only.

A page that breaks the checks fails the build with its file and the offending markup, so a
builder, theme or template change cannot quietly open a hole. The article is found by the
class both builders give it; the checks read tags with one linear pattern, which is sound
for builder output because attribute values there never hold a raw ``>`` (they are
escaped), and a page where that is not so fails the check instead of passing it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import write
from generator.site import html as page_html
from generator.site import sanitize

#: The element holding a page's content in Material-compatible themes.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s[^<>]*)?)/?>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL | re.IGNORECASE)
#: Attributes that hold an address, and the elements whose addresses load something.
_ADDRESSES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "cite", "manifest"}
_LINKS = {"a"}  # following a link is the reader's choice: http(s) is fine there
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Violation:
    """A page that breaks the policy: where, and what."""

    path: str
    what: str

    def text(self) -> str:
        return f"{self.path}: {self.what}"


def enforce(site: Path, *, jobs: int = 1, permalinks: dict[str, str] | None = None) -> list[Violation]:
    """Sanitise every page's article under ``site`` in place and return every violation.

    ``permalinks`` maps a language's root in the site ('' or 'zh/') to the title its headings'
    permalinks get there, fixed in the same pass (the builders write it in English).
    """
    pages = sorted(str(p) for p in site.rglob("*.html"))
    found: list[Violation] = []
    permalinks = permalinks or {}
    if jobs > 1 and len(pages) > 200:
        with ProcessPoolExecutor(jobs) as pool:
            n = len(pages)
            for result in pool.map(_page, pages, [str(site)] * n, [permalinks] * n, chunksize=64):
                found.extend(result)
    else:
        for page in pages:
            found.extend(_page(page, str(site), permalinks))
    return found


def _page(path_name: str, site_name: str, permalinks: dict[str, str]) -> list[Violation]:
    path = Path(path_name)
    shown = path.relative_to(site_name).as_posix()
    text = path.read_text(encoding="utf-8")
    root = max((r for r in permalinks if shown.startswith(r)), key=len, default=None)
    fixed = page_html.open_held(text)
    cleaned = clean_article(page_html.permalink_titles(fixed, permalinks[root]) if root is not None else fixed)
    if cleaned != text:
        write.rewrite_unpublished(path, cleaned)
    return [Violation(shown, what) for what in check(cleaned, article_cleaned=True)]


def clean_article(page: str) -> str:
    """``page`` with its article's content passed through the sanitiser (unchanged if it has none)."""
    start = _ARTICLE.search(page)
    if start is None:
        return page
    end = page.find("</article>", start.end())
    if end < 0:
        return page  # check() reports the unclosed article
    inner = page[start.end() : end]
    clean = sanitize.clean(inner)
    return page if clean == inner else page[: start.end()] + clean + page[end:]


def check(page: str, *, article_cleaned: bool = False) -> Iterator[str]:
    """What in ``page`` breaks the policy, one sentence each.

    ``article_cleaned``: the article is the sanitiser's output (``clean_article``), so its
    tags are not read again: the sanitiser's allow-list admits no tag these checks refuse
    (tests/test_site_policy.py holds that for any markup), and the article is most of a
    page's tags. Titles are still read on the whole page: an SVG ``<title>`` may hold
    elements, and the sanitiser keeps them.
    """
    start = _ARTICLE.search(page)
    end = page.find("</article>", start.end()) if start is not None else -1
    if start is not None and end < 0:
        yield "the article is not closed"
    for title in _TITLE.findall(page):
        if "<" in title or ">" in title:
            yield f"the <title> holds markup: {_clip(title)!r}"
    scanned = page[: start.end()] + page[end:] if article_cleaned and start is not None and end >= 0 else page
    for match in _TAG.finditer(scanned):
        yield from _tag_problems(match.group(0))


# A site's pages repeat the same tags (header, navigation, table cells) thousands of times:
# each distinct tag is judged once per process.
@lru_cache(maxsize=1 << 18)
def _tag_problems(tag: str) -> tuple[str, ...]:
    """What ``tag``, one whole tag as ``_TAG`` finds it, breaks (usually nothing)."""
    match = _TAG.fullmatch(tag)
    assert match is not None
    return tuple(_judge_tag(match.group(1), match.group(2)))


def _judge_tag(name: str, raw_attributes: str) -> Iterator[str]:
    tag = name.lower()
    if tag == "base":
        yield "a <base> element changes where every link goes"
    attributes = list(_attributes(raw_attributes))
    rel = " ".join(v for n, v in attributes if n == "rel").lower().split()
    for name, raw in attributes:
        if name.startswith("on"):
            yield f"<{tag}> has an event handler: {name}"
        elif tag == "meta" and name == "http-equiv" and raw.lower() == "refresh":
            yield "<meta http-equiv=refresh> sends the reader elsewhere"
        elif name in _ADDRESSES:
            problem = _address_problem(tag, name, raw, rel)
            if problem:
                yield f"<{tag} {name}={_clip(raw)!r}>: {problem}"
        elif name == "style" and "url(" in raw.replace(" ", "").lower():
            yield f"<{tag}> has a style that loads an address: {_clip(raw)!r}"


def _attributes(raw: str) -> Iterator[tuple[str, str]]:
    for match in _ATTRIBUTE.finditer(raw):
        value = match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        yield match.group(1).lower(), html.unescape(value).strip()


def _address_problem(tag: str, name: str, value: str, rel: list[str]) -> str | None:
    addresses = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    for address in addresses:
        squashed = re.sub(r"[\s\x00-\x1f]", "", address)
        if squashed.startswith(("//", "\\\\", "/\\", "\\/")):
            return "a protocol-relative address goes to another host"
        scheme = _SCHEME.match(squashed)
        if scheme is None:
            continue
        if tag in _LINKS and scheme.group(0).lower() in ("http:", "https:"):
            continue
        if tag == "link" and set(rel) <= {"canonical", "alternate"} and rel and scheme.group(0).lower() in ("http:", "https:"):
            continue  # they name an address; they load nothing
        return f"the {scheme.group(0)} address is refused here"
    return None


def _clip(value: str) -> str:
    return value if len(value) <= 120 else value[:117] + "..."
