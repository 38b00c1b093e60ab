"""Laying out the typed values of page data in one language: as Markdown (``Formatter``),
as the HTML of the data tables the generator writes (``CellFormatter``), and as plain text
for what scripts show as text (``TextFormatter``: the search index, the tools' data).

Each value type has one way to be shown by each, a method named after the type; record
text and names are escaped by ``generator.render.text`` on the way, so a template can
print the result as it is.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from functools import cache, lru_cache

from markupsafe import Markup

from generator import languages
from generator.render import strings, text
from generator.render.tables import Rows
from generator.resolve import cells as c
from generator.resolve.scores import Setting
from generator.schema.records import Label, Text
from generator.schema.units import format_count


def num(value: float | int | None) -> str:
    """A score as the source gave it; a value converted from another scale to four decimals."""
    if value is None:
        return "—"
    shown = repr(float(value))
    if "." in shown and len(shown.split(".")[1]) > 6 and "e" not in shown:
        # A value converted from another scale (0.5921152388172858 -> 59.21152388172858):
        # four decimals are more than any benchmark states; the stated value is shown beside it.
        shown = f"{float(value):.4f}".rstrip("0")
    return shown[:-2] if shown.endswith(".0") else shown.removesuffix(".")


def gb(value: int | None) -> str:
    """Bytes in GB with two decimals: one unit for a whole column keeps it sortable."""
    return "—" if value is None else f"{value / 10**9:.2f}"


@lru_cache(maxsize=1 << 16)
def relative(target: str, folder: str) -> str:
    """The docs path ``target`` as seen from the docs folder ``folder`` (both relative to the
    language's root, without '..': every page and link target of the site is).

    >>> relative("models/a/b.md", "models/c")
    '../a/b.md'
    >>> relative("index.md", "")
    'index.md'
    """
    here = folder.split("/") if folder else []
    there = target.split("/")
    common = 0
    for a, b in zip(here, there[:-1], strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _escape(value: str) -> str:
    """Text for HTML (element content and double-quoted attributes)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def one_line(value: str) -> str:
    """Text shown on one line: invisible characters removed, whitespace runs made one space."""
    if not value.isascii():
        value = text.visible(value)
    return " ".join(value.split())



def name_in(value: str | Label, lang: str) -> tuple[str, bool]:
    """A name in ``lang`` (its default-language form when it has none there), and whether it
    is shown untranslated (as written, in another language than the default).

    >>> name_in("C-Eval", "zh"), name_in(Label(en="Social science", zh="社会科学"), "zh")
    (('C-Eval', True), ('社会科学', False))
    """
    if isinstance(value, str):
        return value, lang != languages.default().code
    shown = value.get(lang)
    return (shown, False) if shown else (value.en, lang != languages.default().code)


def page_address(docs_path: str) -> str:
    """Where the builder puts the page of ``docs_path`` (pages are built as ``<path>.html``);
    any other file stays where it is.

    >>> page_address("models/a/b.md"), page_address("api/models.csv")
    ('models/a/b.html', 'api/models.csv')
    """
    return docs_path[: -len(".md")] + ".html" if docs_path.endswith(".md") else docs_path


def _key_words(lang: str, key: c.Key) -> str:
    """A UI string's words in ``lang``, its ``{language}`` naming the key's language, if any."""
    words = strings.translate(lang, key.key)
    return words.replace("{language}", strings.language_name(lang, key.language)) if key.language else words


#: A slot of a phrase's UI string, '{model}': ``re.split`` gives words and slot names in turn.
_SLOT = re.compile(r"\{(\w+)\}")


@cache
def _method(formatter: type, kind: type) -> Callable[..., Markup] | None:
    """The method of ``formatter`` that shows a value of type ``kind``: ``_<type name>``."""
    return getattr(formatter, f"_{kind.__name__.lower()}", None)


class Formatter:
    """Shows values in ``lang`` on the page at ``path`` (links are made relative to it)."""

    def __init__(self, lang: str, path: str) -> None:
        self.lang = lang
        self.path = path

    def t(self, key: str) -> Markup:
        """A UI string: trusted Markdown written by maintainers."""
        return Markup(strings.translate(self.lang, key))

    def rel(self, target: str) -> str:
        """The link from this page to the docs path ``target`` (for Markdown, which the
        builder turns into the built page's address)."""
        return relative(target, posixpath.dirname(self.path))

    def href(self, target: str) -> str:
        """The link from this page to the built page of the docs path ``target`` (for HTML
        the generator writes itself: pages are built as ``<path>.html``)."""
        return page_address(self.rel(target))

    def mark(self, kind: str) -> Markup:
        """The mark beside text shown in another language (``fallback``) or translated by a contributor."""
        if kind == "fallback":
            return Markup(f' <span class="atlas-mark atlas-fallback" title="{self.t("mark.fallback_title")}">{self.t("mark.fallback")}</span>')
        return Markup(f' <span class="atlas-mark" title="{self.t("mark.translated_title")}">{self.t("mark.translated")}</span>')

    def txt(self, value: Text | None, inline: bool = False) -> Markup:
        """Record text in this page's language, marked when translated or missing."""
        if value is None:
            return Markup("")
        render = text.inline if inline else text.block
        default = languages.default().code
        if self.lang == default:
            return render(value.en)
        translated = value.get(self.lang)
        if translated:
            body = render(translated)
            return body + self.mark("translated") if value.source(self.lang) == "translated" else body
        return render(value.en) + self.mark("fallback")

    def name_text(self, value: str | Label) -> tuple[str, bool]:
        """A name in this page's language, and whether it is shown untranslated."""
        return name_in(value, self.lang)

    def setting_text(self, setting: Setting) -> tuple[str | None, bool]:
        """The conditions of a score in words ('5-shot · val split'; None when none are
        stated), and whether a part of them is shown untranslated."""
        parts = []
        untranslated = False
        if setting.shots is not None:
            if setting.shots == 0:
                parts.append(strings.translate(self.lang, "score.zero_shot"))
            else:
                parts.append(strings.translate(self.lang, "score.n_shot").format(n=setting.shots))
        if setting.split:
            known = strings.table(self.lang).get(f"split.{setting.split.lower()}")
            parts.append(known or strings.translate(self.lang, "score.split").format(split=setting.split))
            untranslated |= known is None and self.lang != languages.default().code
        if setting.setting:
            words, raw = self.name_text(setting.label or setting.setting)
            parts.append(words)
            untranslated |= raw
        return (" · ".join(parts) if parts else None), untranslated

    def setting(self, setting: Setting) -> Markup:
        words, untranslated = self.setting_text(setting)
        if words is None:
            return self.t("score.unstated")
        return text.literal(words) + (self.mark("fallback") if untranslated else Markup(""))

    def __call__(self, value: object) -> Markup:
        """``value`` shown on this page: each value type has its ``_<type>`` method."""
        show = _method(type(self), type(value))
        if show is None:
            raise TypeError(f"not a page value: {value!r}")
        return show(self, value)  # type: ignore[no-any-return]

    def _key(self, value: c.Key) -> Markup:
        return Markup(_key_words(self.lang, value))

    def _plain(self, value: c.Plain) -> Markup:
        return Markup(value.text)

    def _name(self, value: c.Name) -> Markup:
        shown, untranslated = self.name_text(value.value)
        return self.literal(shown) + (self.mark("fallback") if untranslated else Markup(""))

    def literal(self, shown: str) -> Markup:
        """Text shown exactly as written (no Markdown or HTML meaning)."""
        return text.literal(shown)

    def _term(self, value: c.Term) -> Markup:
        if value.value is None:
            return Markup("—")
        known = strings.table(self.lang).get(f"{value.group}.{value.value}")
        if known:
            return self.literal(known)
        return self.literal(value.value) + (self.mark("fallback") if self.lang != languages.default().code else Markup(""))

    def _lit(self, value: c.Lit) -> Markup:
        return text.literal(value.text) if value.text is not None else Markup("—")

    def _code(self, value: c.Code) -> Markup:
        return text.code_inline(value.text, cell=value.cell)

    def _num(self, value: c.Num) -> Markup:
        return Markup(num(value.value))

    def _int(self, value: c.Int) -> Markup:
        return Markup("—" if value.value is None else str(value.value))

    def _gb(self, value: c.Gb) -> Markup:
        return Markup(gb(value.value))

    def _count(self, value: c.Count) -> Markup:
        return Markup("—" if value.value is None else format_count(value.value))

    def _yesno(self, value: c.YesNo) -> Markup:
        return self.t("yes") if value.value is True else self.t("no") if value.value is False else Markup("—")

    def _groupsize(self, value: c.GroupSize) -> Markup:
        if value.value is None:
            return Markup("—")
        return self.t("file.no_group") if value.value == "none" else Markup(value.value)

    def label(self, label: str | c.Key | c.Name | c.Phrase) -> tuple[str, Markup]:
        """A link's label as plain text in this page's language, and the mark that goes
        beside the link (outside it) when the label is shown untranslated."""
        if isinstance(label, c.Key):
            return strings.translate(self.lang, label.key), Markup("")
        if isinstance(label, c.Phrase):
            return str(self(label)), Markup("")
        if isinstance(label, c.Name):
            shown, untranslated = self.name_text(label.value)
            return shown, self.mark("fallback") if untranslated else Markup("")
        return label, Markup("")

    def _ref(self, value: c.Ref) -> Markup:
        shown, mark = self.label(value.label)
        if value.target is None:
            return text.code_inline(shown) + mark
        label = self(value.label) if isinstance(value.label, (c.Key, c.Phrase)) else text.literal(shown)
        query = f"?{value.query}" if value.query else ""
        return Markup(f"[{label}]({self.rel(value.target)}{query})") + mark

    def _ext(self, value: c.Ext) -> Markup:
        shown, mark = self.label(value.label)
        return text.external(shown, value.url) + mark

    def _txt(self, value: c.Txt) -> Markup:
        return self.txt(value.text, inline=value.inline)

    def _words(self, words: str) -> Markup:
        """Words of a UI string, as this formatter shows trusted UI text."""
        return Markup(words)

    def _phrase(self, value: c.Phrase) -> Markup:
        slots = dict(value.slots)
        parts = _SLOT.split(strings.translate(self.lang, value.key))
        return Markup("").join(self(slots[part]) if i % 2 else self._words(part) for i, part in enumerate(parts))

    def _breakdown(self, value: c.Breakdown) -> Markup:
        """'STEM 56.83 · Humanities 58.79': in a narrow column a line breaks after a '·' or
        inside a name, never between a name and its result or before a '·' (no-break spaces)."""
        if not value.parts:
            return Markup("—")
        return Markup(" ".join(self._categories(value)))

    def _categories(self, value: c.Breakdown) -> list[str]:
        """Each category of a breakdown with its result, and the '·' after it but the last's."""
        shown = [f"{self(name)}\u00a0{self(result)}" for name, result in value.parts]
        return [f"{category}\u00a0·" for category in shown[:-1]] + shown[-1:]

    def asset_href(self, path: str) -> str:
        """The link from this page to a file under the default language's root: up to this
        language's root, up to the site's root, then down to the file."""
        here = posixpath.dirname(self.path)
        up = "../" * (here.count("/") + 1 if here else 0) + "../" * languages.site_root(self.lang).count("/")
        return up + path

    def _asset(self, value: c.Asset) -> Markup:
        # HTML, not a Markdown link: the builder checks Markdown links against this language's
        # pages, and the file is published once, outside the other languages' trees.
        label = strings.translate(self.lang, value.label.key) if isinstance(value.label, c.Key) else value.label
        return Markup(f'<a href="{html.escape(self.asset_href(value.path))}">{html.escape(label, quote=False)}</a>')

    def _language(self, value: c.Language) -> Markup:
        return self.literal(strings.spoken_with_code(self.lang, value.code))

    def _choice(self, value: c.Choice) -> Markup:
        options = dict(value.by_language)
        return self(options.get(self.lang, options.get(languages.default().code, c.Lit(None))))

    def _settinglabel(self, value: c.SettingLabel) -> Markup:
        return self.setting(value.setting)

    def _strong(self, value: c.Strong) -> Markup:
        return Markup("**") + self(value.value) + Markup("**")

    def _join(self, value: c.Join) -> Markup:
        if not value.parts:
            return Markup(value.empty)
        sep = self(value.sep) if isinstance(value.sep, c.Key) else value.sep
        # Every part is shown as Markup already: joined as text, not escaped again one by one.
        return Markup(str.join(sep, [self(part) for part in value.parts]))


# Where a file or branch name may break: after a single "-" or "_" before a letter or digit
# ("gptq-8bit--1g" keeps "--1g", the group size -1, whole). A place, not a match: the
# replacement is a plain string, which re inserts without expanding a template per match.
_BREAKS = re.compile(r"(?<![-_][-_])(?<=[-_])(?=[^\W_])")


# Where an address shown in a cell may break: after a separator, before a letter or digit
# ('https://<wbr>huggingface.<wbr>co/<wbr>TheBloke/<wbr>…'). '&' and '#' are not separators
# here: the text is escaped ('&amp;'), and a break inside an entity would break the entity.
_URL_BREAKS = re.compile(r"(?<=[/.\-_?=])(?=[^\W_])")


# A file name, and a link to another site labelled with text, look the same in every
# language and on every page: their HTML is kept once for all of a process's pages.


@lru_cache(maxsize=1 << 16)
def _code_html(name: str) -> str:
    """A file or branch name: in a narrow column it may break after '-' and '_' only, never
    inside a word ('gptq-4bit-32g-actorder_True', not 'actorder_T' / 'rue')."""
    return "<code>" + _BREAKS.sub("<wbr>", _escape(one_line(name))) + "</code>"


@lru_cache(maxsize=1 << 16)
def _link_html(url: str, shown: str) -> str:
    """A link to ``url`` labelled ``shown`` (plain text); the label alone when ``url`` is not
    a web address."""
    label = _escape(one_line(shown))
    if not url.startswith(("https://", "http://")):
        return label
    if shown == url:
        # An address shown as itself: it may break after its '/', '.', '-', '_', '?' and '='
        # (never inside an entity), or its column could not narrow on a phone.
        label = _URL_BREAKS.sub("<wbr>", label)
    return f'<a href="{_escape(url)}">{label}</a>'


@lru_cache(maxsize=1 << 16)
def _page_link_html(up: str, target: str, query: str | None, shown: str) -> str:
    """A link to the page of the docs path ``target`` from a page ``up`` below the language's
    root, labelled ``shown`` (plain text): the same in every language."""
    return f'<a href="{_page_href(up, target, query)}">{_escape(one_line(shown))}</a>'


def _page_href(up: str, target: str, query: str | None) -> str:
    return _escape(page_address(up + target) + (f"?{query}" if query else ""))


class CellFormatter(Formatter):
    """Shows values as HTML, for the data tables the generator writes as HTML: Markdown is
    not read inside them, so links, code and record text are converted here.

    A cell's marks (translated, not translated) go at the end of the cell, never between a
    value and what belongs to it ('社会科学 72.41 · 其他 70.04 译', not '社会科学 译 72.41').

    The big tables of the index and comparison pages hold most of a site's values, many of
    them repeated, so each cell's HTML is kept once made (values are immutable). Links go up
    to the language's root and down to their target, so a cell's HTML depends on the page's
    depth only: one formatter serves every page at a depth (every model page shares its
    family's rows, whichever folder it is in).
    """

    def __init__(self, lang: str, path: str) -> None:
        super().__init__(lang, path)
        self._up = "../" * path.count("/")
        self._marks: list[Markup] | None = None  # while a cell is shown: its marks, for its end
        self._made: dict[object, str] = {}
        self.rows = Rows()  # table rows' HTML (render.tables)

    def html(self, value: c.Value) -> str:
        """A whole cell holding ``value``, as escaped HTML. The common plain values are shown
        directly; the rest (links, UI strings, record text) once per formatter, then kept."""
        kind = type(value)
        if kind is c.Lit:
            shown = value.text  # type: ignore[union-attr]
            return "—" if shown is None else _escape(one_line(shown))
        if kind is c.Int:
            number = value.value  # type: ignore[union-attr]
            return "—" if number is None else str(number)
        if kind is c.Num:
            return num(value.value)  # type: ignore[union-attr]
        if kind is c.Gb:
            return gb(value.value)  # type: ignore[union-attr]
        if kind is c.Breakdown:  # new on each page: looking it up costs more than it finds
            return str(self(value))
        if kind is c.Code:
            return _code_html(value.text)  # type: ignore[union-attr]
        if kind is c.Ext and type(value.label) is str:  # type: ignore[union-attr]
            return _link_html(value.url, value.label)  # type: ignore[union-attr]
        if kind is c.Ref and type(value.label) is str and value.target is not None:  # type: ignore[union-attr]
            return _page_link_html(self._up, value.target, value.query, value.label)  # type: ignore[union-attr]
        try:
            return self._made[value]
        except KeyError:
            made = self._made[value] = str(self(value))
            return made
        except TypeError:  # a value holding something unhashable
            return str(self(value))

    def __call__(self, value: object) -> Markup:
        if self._marks is not None:
            return super().__call__(value)
        self._marks = []
        try:
            body = super().__call__(value)
            marks = list(dict.fromkeys(self._marks))
        finally:
            self._marks = None
        return body + Markup("").join(marks) if marks else body

    def mark(self, kind: str) -> Markup:
        shown = super().mark(kind)
        if self._marks is None:
            return shown
        self._marks.append(shown)
        return Markup("")

    def literal(self, shown: str) -> Markup:
        return Markup(_escape(one_line(shown)))

    def _lit(self, value: c.Lit) -> Markup:
        return self.literal(value.text) if value.text is not None else Markup("—")

    def _code(self, value: c.Code) -> Markup:
        return Markup(_code_html(value.text))

    def _key(self, value: c.Key) -> Markup:
        return Markup(html.escape(str(super()._key(value)), quote=False))

    def href(self, target: str) -> str:
        """The link to the built page of the docs path ``target``, from this depth's pages.

        >>> CellFormatter("en", "models/a/b.md").href("models/a/c.md")
        '../../models/a/c.html'
        """
        return page_address(self._up + target)

    def _ref(self, value: c.Ref) -> Markup:
        shown, mark = self.label(value.label)
        if value.target is None:
            return self(c.Code(shown)) + mark
        if isinstance(value.label, c.Phrase):  # a sentence with values in it: not kept
            return Markup(f'<a href="{_page_href(self._up, value.target, value.query)}">{self(value.label)}</a>') + mark
        return Markup(_page_link_html(self._up, value.target, value.query, shown)) + mark

    def _ext(self, value: c.Ext) -> Markup:
        shown, mark = self.label(value.label)
        return Markup(_link_html(value.url, shown)) + mark

    def _txt(self, value: c.Txt) -> Markup:
        if value.text is None:
            return Markup("")
        default = languages.default().code
        translated = value.text.get(self.lang) if self.lang != default else None
        body = text.inline_html(translated or value.text.en)
        if self.lang == default:
            return body
        if translated:
            return body + self.mark("translated") if value.text.source(self.lang) == "translated" else body
        return body + self.mark("fallback")

    def _settinglabel(self, value: c.SettingLabel) -> Markup:
        words, untranslated = self.setting_text(value.setting)
        if words is None:
            return self(c.Key("score.unstated"))
        return self.literal(words) + (self.mark("fallback") if untranslated else Markup(""))

    def _strong(self, value: c.Strong) -> Markup:
        return Markup("<strong>") + self(value.value) + Markup("</strong>")

    def _breakdown(self, value: c.Breakdown) -> Markup:
        """Each category with its result and the '·' after it kept on one line (a Chinese
        name breaks between any two characters otherwise): a narrow column breaks between
        them only ('STEM 56.83 ·' / '人文学科 58.79 ·' / ...)."""
        if not value.parts:
            return Markup("—")
        return Markup(" ".join(f'<span class="atlas-keep">{category}</span>' for category in self._categories(value)))

    def _words(self, words: str) -> Markup:
        return Markup(_escape(words))


class TextFormatter:
    """Shows values as plain text on one line, in ``lang``: for what scripts insert as text,
    never as markup (the search index, the tools' data). Names in the page's language,
    numbers and sizes as the tables show them, invisible characters removed; ``blank`` for
    a value that is not there (a dash in a tool's cell, nothing in a search entry's facts)."""

    def __init__(self, lang: str, blank: str = "—") -> None:
        self.lang = lang
        self.blank = blank
        self._page = Formatter(lang, "")

    def __call__(self, value: c.Value | str) -> str:
        show = _method(type(self), type(value))
        if show is None:
            raise TypeError(f"not a value shown as plain text: {value!r}")
        return show(self, value)  # type: ignore[no-any-return]

    def _str(self, value: str) -> str:
        return one_line(value)

    def _key(self, value: c.Key) -> str:
        return _key_words(self.lang, value)

    def _plain(self, value: c.Plain) -> str:
        return value.text

    def _lit(self, value: c.Lit) -> str:
        return self.blank if value.text is None else one_line(value.text)

    def _name(self, value: c.Name) -> str:
        return one_line(name_in(value.value, self.lang)[0])

    def _term(self, value: c.Term) -> str:
        if value.value is None:
            return self.blank
        return strings.table(self.lang).get(f"{value.group}.{value.value}") or value.value

    def _num(self, value: c.Num) -> str:
        return self.blank if value.value is None else num(value.value)

    def _int(self, value: c.Int) -> str:
        return self.blank if value.value is None else str(value.value)

    def _gb(self, value: c.Gb) -> str:
        return self.blank if value.value is None else gb(value.value)

    def _count(self, value: c.Count) -> str:
        return self.blank if value.value is None else format_count(value.value)

    def _ref(self, value: c.Ref) -> str:
        return self(value.label)

    def _strong(self, value: c.Strong) -> str:
        return self(value.value)

    def _settinglabel(self, value: c.SettingLabel) -> str:
        return self._page.setting_text(value.setting)[0] or strings.translate(self.lang, "score.unstated")

    def _phrase(self, value: c.Phrase) -> str:
        slots = dict(value.slots)
        parts = _SLOT.split(strings.translate(self.lang, value.key))
        return "".join(self(slots[part]) if i % 2 else part for i, part in enumerate(parts))

    def _language(self, value: c.Language) -> str:
        return strings.spoken_with_code(self.lang, value.code)

    def _join(self, value: c.Join) -> str:
        if not value.parts:
            return value.empty
        sep = self(value.sep) if isinstance(value.sep, c.Key) else value.sep
        return sep.join(self(part) for part in value.parts)
