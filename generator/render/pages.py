"""Rendering each page from its template in each language.

One template per page kind (``templates/<kind>.md.jinja``), each opening with a comment
listing what it receives: the page's data from ``generator.resolve`` and a few globals that
show values in the page's language. Templates escape every value by default (autoescape);
record text goes through the ``generator.render.text`` filters, which return safe Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator import languages
from generator.render import diagram, strings, text, tools
from generator.render.cells import CellFormatter, Formatter
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
    )
    env.filters.update(
        literal=text.literal,
        code=text.code_inline,
        code_text=lambda value: text.code_inline(value, cell=False),
    )
    return env


class Renderer:
    """Renders pages in any language."""

    def __init__(self) -> None:
        self.env = _environment()

    def render(self, page: Page, lang: str) -> str:
        template = self.env.get_template(f"{page.template}.md.jinja")
        out = template.render(page=page.data, **self._globals(page, lang))
        return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"

    def _globals(self, page: Page, lang: str) -> dict[str, Any]:
        show = Formatter(lang, page.path)
        return {
            "lang": lang,
            "t": show.t,
            "lang_key": lambda key, code: show(Key(key, code)),
            "v": show,
            "cell": CellFormatter(lang, page.path),
            "txt": show.txt,
            "rel": show.rel,
            "setting_label": show.setting,
            "script": page.script,
            "ext": text.external,
            "code_block": text.code_block,
            "lineage": lambda graph, title: diagram.lineage_svg(
                graph, lambda relation: strings.translate(lang, f"relation.{relation}"), title
            ),
        }


def render_all(pages: Iterable[Page]) -> Iterator[tuple[str, str]]:
    """(docs-relative path, text) for every page in every language, and the data file each
    tool page's script reads: each language has its own tree, ``docs/<lang>/``, with the same
    paths (each is built as a site of its own)."""
    renderer = Renderer()
    scripts: set[str] = set()
    for page in pages:
        for lang in languages.codes():
            yield f"{lang}/{page.path}", renderer.render(page, lang)
        if page.script is not None and page.script.path not in scripts:
            scripts.add(page.script.path)  # pages that share a data file get it once
            for lang in languages.codes():
                yield f"{lang}/{page.script.path}", tools.script(page.script, lang)
