"""Rendering each page from its template in each language.

One template per page kind (``templates/<kind>.md.jinja``), each opening with a comment
listing what it receives: the page's data from ``generator.resolve`` and a few globals that
show values in the page's language. Templates escape every value by default (autoescape);
record text goes through the ``generator.render.text`` filters, which return safe Markdown.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import languages
from generator.render import diagram, strings, tables, text, tools
from generator.render.cells import CellFormatter, Formatter
from generator.resolve import cells as c
from generator.resolve.cells import Key
from generator.resolve.pages import Page

_TEMPLATES = Path(__file__).parent / "templates"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are the package's own files: read once per process, not looked at again
        # on every page (a stat of the file per page otherwise).
        auto_reload=False,
    )
    env.filters.update(
        literal=text.literal,
        code=text.code_inline,
        code_text=lambda value: text.code_inline(value, cell=False),
        # {% filter held %}...{% endfilter %}: HTML the template writes itself, held back from
        # the builder's Markdown reader like the tables (render.tables.held).
        held=lambda block: tables.held(block.strip()) + "\n",
    )
    return env


def _title(data: object) -> str | None:
    """A record page names its title in front matter, escaped for HTML: themes print a page's
    title into ``<title>`` and the header as they get it (MkDocs' templates do not escape),
    and a title taken from the heading goes through Material's ``striptags``, which
    unescapes it, so a record named ``</title><script>`` would close the element. The value
    is a JSON string, which YAML reads as the same text. Returns the front matter line."""
    title = getattr(data, "title", None)
    if not isinstance(title, str):
        return None
    return f"title: {json.dumps(html.escape(title), ensure_ascii=True)}\n"


def _front_matter(data: object) -> str:
    """The front matter block holding only the title (see ``_title``), or nothing."""
    title = _title(data)
    return f"---\n{title}---\n\n" if title else ""


class Renderer:
    """Renders pages in any language."""

    def __init__(self) -> None:
        self.env = _environment()
        # One cell formatter per language and depth: a value's HTML depends on nothing else
        # (links go up to the language's root), and the big tables repeat values across pages.
        self._cells: dict[tuple[str, int], CellFormatter] = {}

    def render(self, page: Page, lang: str) -> str:
        template = self.env.get_template(f"{page.template}.md.jinja")
        out = template.render(page=page.data, **self._globals(page, lang))
        body = _one_blank_line(out).strip() + "\n"
        title = _title(page.data)
        if title is None:
            return body
        # One front matter block: the title joins the one the template wrote, if it wrote one.
        return "---\n" + title + (body[len("---\n") :] if body.startswith("---\n") else "---\n\n" + body)

    def _globals(self, page: Page, lang: str) -> dict[str, Any]:
        show = Formatter(lang, page.path)
        depth = page.path.count("/")
        cells = self._cells.get((lang, depth))
        if cells is None:
            cells = self._cells[(lang, depth)] = CellFormatter(lang, page.path)
        return {
            "lang": lang,
            "t": show.t,
            "lang_key": lambda key, code: show(Key(key, code)),
            "v": show,
            "table": lambda table: tables.held_table(table, cells.html, cells.rows),
            "txt": show.txt,
            "rel": show.rel,
            "setting_label": show.setting,
            "script": page.script,
            "ext": text.external,
            "code_block": text.code_block,
            # HTML for the blocks a template writes as HTML (inside {% filter held %}): values
            # as table cells show them, UI strings and names escaped, record text converted.
            "h": lambda value: Markup(cells.html(value)),
            "ht": lambda key: ui_html(lang, key),
            "hl": lambda shown: cells.literal(shown),
            "hcode": lambda shown: Markup("<code>") + cells.literal(shown) + Markup("</code>"),
            "htxt": lambda value: Markup(cells.html(c.Txt(value, inline=True))),
            "link_class": lambda value, cls: Markup(cells.html(value).replace("<a href=", f'<a class="{cls}" href=', 1)),
            "lineage": lambda graph, title: tables.held(diagram.lineage_svg(
                graph, lambda relation: strings.translate(lang, f"relation.{relation}"), title
            )),
        }


def _one_blank_line(text: str) -> str:
    """``text`` with every run of blank lines made one (as re.sub(r"\\n{3,}", "\\n\\n", text)
    does, at a fraction of its cost on a page of a few MB).

    >>> _one_blank_line("a\\n\\n\\n\\n\\n\\n\\nb\\n\\n\\nc\\n\\nd")
    'a\\n\\nb\\n\\nc\\n\\nd'
    """
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


@lru_cache(maxsize=1024)
def ui_html(lang: str, key: str) -> Markup:
    """A UI string as HTML, for a block a template writes as HTML. UI strings are Markdown
    written by maintainers; one with a link is refused here (its target would be a docs path,
    which only Markdown turns into a page's address)."""
    converted = text.trusted_inline_html(strings.translate(lang, key))
    if "<a " in converted:
        raise ValueError(f"UI string {key!r} holds a link: show it as Markdown, not in an HTML block")
    return converted


def render_all(
    pages: Iterable[Page], renderer: Renderer | None = None, codes: Iterable[str] | None = None
) -> Iterator[tuple[str, str]]:
    """(docs-relative path, text) for every page in every language (or those of ``codes``),
    page by page, and the tool pages' data files (once, when pages share one): each language
    has its own tree, ``docs/<lang>/``, with the same paths (each is built as a site of its
    own). A ``renderer`` kept by the caller keeps what it made for the next run."""
    renderer = renderer or Renderer()
    codes = tuple(codes or languages.codes())
    scripts: set[str] = set()
    for page in pages:
        for lang in codes:
            yield f"{lang}/{page.path}", renderer.render(page, lang)
        if page.script is not None and page.script.path not in scripts:
            scripts.add(page.script.path)
            for lang in codes:
                yield f"{lang}/{page.script.path}", tools.script(page.script, lang)
