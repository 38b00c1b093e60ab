"""Which pages the site has, and rendering each from its template in each language.

One template per page kind (``templates/<kind>.md.jinja``), each opening with a comment
listing what it receives. Templates escape every value by default (autoescape); record
text goes through the ``generator.render.text`` filters, which return safe Markdown.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.catalog import Catalog
from generator.render import strings, text
from generator.resolve.views import Setting, Views, coverage
from generator.schema.kinds import KINDS
from generator.schema.records import Text
from generator.schema.units import format_count

_TEMPLATES = Path(__file__).parent / "templates"
#: How many benchmark columns the models index shows (the compare page shows all).
HEADLINE_BENCHMARKS = 6


@dataclass(frozen=True)
class Page:
    """A page to write: its path under docs/ (default-language name) and what renders it."""

    path: str  # e.g. "models/CausalLM/7B.md"
    template: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def record_path(kind: str, record_id: str) -> str:
    """The docs path of a record's page, e.g. ``models/CausalLM/7B.md``."""
    folder = next(k.folder for k in KINDS if k.name == kind)
    return f"{folder}/{record_id}.md"


def plan(catalog: Catalog) -> list[Page]:
    """Every page of the site, in a fixed order."""
    pages = [Page("index.md", "home"), Page("translations.md", "translations")]
    for name in ("benchmarks", "files", "licenses"):
        pages.append(Page(f"compare/{name}.md", f"compare-{name}"))
    for kind in KINDS:
        pages.append(Page(f"{kind.folder}/index.md", f"{kind.folder}-index"))
        for record_id in sorted(catalog.records[kind.name]):
            pages.append(Page(record_path(kind.name, record_id), kind.name, {"id": record_id}))
    return pages


class Renderer:
    """Renders pages of one catalog in any language."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.views = Views(catalog)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(_TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            block=text.block, inline=text.inline, literal=text.literal, code=text.code_inline,
            code_text=lambda value: text.code_inline(value, cell=False),
            num=_num, gb=_gb, count=_count,
        )
        self._headline = self._headline_columns()
        self._coverage = coverage(catalog)

    def render(self, page: Page, lang: str) -> str:
        template = self.env.get_template(f"{page.template}.md.jinja")
        out = template.render(**self._globals(page, lang), **page.context)
        return re.sub(r"\n{3,}", "\n\n", out).strip() + "\n"

    def _globals(self, page: Page, lang: str) -> dict[str, Any]:
        c = self.catalog

        def t(key: str) -> Markup:
            return Markup(strings.translate(lang, key))

        def rel(target: str) -> str:
            return posixpath.relpath(target, posixpath.dirname(page.path) or ".")

        def link(kind: str, record_id: str, label: str | None = None) -> Markup:
            record = c.records[kind].get(record_id)
            if record is None:
                return text.code_inline(record_id)
            shown = label or getattr(record.data, "name", None) or record_id
            return Markup(f"[{text.literal(shown)}]({rel(record_path(kind, record_id))})")

        fallback_mark = Markup(
            f' <span class="atlas-mark atlas-fallback" title="{t("mark.fallback_title")}">{t("mark.fallback")}</span>'
        )

        def txt(value: Text | None, inline: bool = False) -> Markup:
            if value is None:
                return Markup("")
            render: Callable[[str], Markup] = text.inline if inline else text.block
            if lang == strings.DEFAULT:
                return render(value.en)
            if value.zh:
                body = render(value.zh)
                if value.zh_source == "translated":
                    return body + Markup(f' <span class="atlas-mark" title="{t("mark.translated_title")}">{t("mark.translated")}</span>')
                return body
            return render(value.en) + fallback_mark

        def verbatim(value: str | None) -> Markup:
            """Source words kept as written (English only): marked as such on other-language pages."""
            if not value:
                return Markup("—")
            return text.literal(value) + (Markup("") if lang == strings.DEFAULT else fallback_mark)

        def group_size(value: int | str | None) -> Markup:
            return Markup("—") if value is None else t("file.no_group") if value == "none" else Markup(value)

        def setting_label(setting: Setting) -> Markup:
            parts = []
            if setting.shots is not None:
                parts.append(strings.translate(lang, "score.zero_shot") if setting.shots == 0 else strings.translate(lang, "score.n_shot").format(n=setting.shots))
            if setting.split:
                parts.append(strings.translate(lang, "score.split").format(split=setting.split))
            if setting.setting:
                parts.append(setting.setting)
            return text.literal(" · ".join(parts)) if parts else t("score.unstated")

        def yn(value: bool | None) -> Markup:
            return t("yes") if value is True else t("no") if value is False else Markup("—")

        return {
            "lang": lang, "t": t, "rel": rel, "link": link, "txt": txt, "ext": text.external,
            "code_block": text.code_block, "setting_label": setting_label, "yn": yn,
            "verbatim": verbatim, "group_size": group_size,
            "catalog": c, "views": self.views, "kinds": KINDS, "headline": self._headline,
            "record_path": record_path, "mermaid_label": _mermaid_label, "Setting": Setting,
            "coverage": self._coverage,
        }

    def _headline_columns(self) -> list[tuple[str, Setting]]:
        """For the models index: per benchmark, its most-reported setting; most-scored benchmarks first."""
        counts: dict[tuple[str, Setting], int] = {}
        for bench, setting in self.views.score_columns():
            counts[(bench, setting)] = sum(
                1 for m in self.catalog.models if self.views.score_at(m, bench, setting) is not None
            )
        best: dict[str, tuple[int, Setting]] = {}
        for (bench, setting), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1].sort_key())):
            if bench not in best or n > best[bench][0]:
                best[bench] = (n, setting)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:HEADLINE_BENCHMARKS]
        return [(bench, setting) for bench, (_, setting) in ranked]


def _num(value: float | int | None) -> str:
    if value is None:
        return "—"
    shown = repr(float(value))
    if "." in shown and len(shown.split(".")[1]) > 6 and "e" not in shown:
        # A value converted from another scale (0.5921152388172858 -> 59.21152388172858):
        # four decimals are more than any benchmark states; the stated value is shown beside it.
        shown = f"{float(value):.4f}".rstrip("0")
    return shown[:-2] if shown.endswith(".0") else shown.removesuffix(".")


def _gb(value: int | None) -> str:
    """Bytes in GB with two decimals: one unit for a whole column keeps it sortable."""
    return "—" if value is None else f"{value / 10**9:.2f}"


def _count(value: int | None) -> str:
    return "—" if value is None else format_count(value)


def _mermaid_label(value: str) -> str:
    """A diagram label that cannot break out of its quotes or carry markup."""
    return re.sub(r"[^\w .+\-/]", " ", text.visible(value))[:60].strip() or "?"


def render_all(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(docs-relative path, Markdown) for every page in every language."""
    renderer = Renderer(catalog)
    for page in plan(catalog):
        for lang in strings.LANGUAGES:
            path = page.path if lang == strings.DEFAULT else page.path[: -len(".md")] + f".{lang}.md"
            yield path, renderer.render(page, lang)
