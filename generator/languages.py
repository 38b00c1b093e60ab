"""The site's languages: one table, read by the schema, the pages and the builds.

Adding a language is an entry here, a UI strings file (``render/strings/<code>.yaml``) and
translations in records: record text fields take the new code as a key (``ja:``, with
``ja_source:``), the JSON Schema follows (``make schema``), and every page is built in it.

The table is read when the schema classes are made (at import), so a test that adds a
language calls :func:`add` before it imports the rest of the generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

STRINGS = Path(__file__).parent / "render" / "strings"


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str  # ISO 639 code, the key of record text in it: 'zh'
    name: str  # its own name, for the language switcher: '中文'
    english: str  # its English name, for schema descriptions: 'Chinese'
    default: bool = False  # the language every record text must have, and the site's root
    hint: str = ""  # how to write record text in it, said in the schema's field description
    strings: Path | None = None  # UI strings file; default render/strings/<code>.yaml

    @property
    def strings_file(self) -> Path:
        return self.strings or STRINGS / f"{self.code}.yaml"


_LANGUAGES: list[Language] = [
    Language("en", "English", "English", default=True),
    Language("zh", "中文", "Chinese", hint="on one line per paragraph: never hard-wrap Chinese"),
]


def all() -> tuple[Language, ...]:
    """Every language, the default first."""
    return tuple(_LANGUAGES)


def default() -> Language:
    return next(lang for lang in _LANGUAGES if lang.default)


def translations() -> tuple[Language, ...]:
    """The languages other than the default: record text is translated into these."""
    return tuple(lang for lang in _LANGUAGES if not lang.default)


def codes() -> tuple[str, ...]:
    return tuple(lang.code for lang in _LANGUAGES)


def get(code: str) -> Language:
    return next(lang for lang in _LANGUAGES if lang.code == code)


@cache
def ui_strings(code: str) -> dict[str, str]:
    """The UI strings file of language ``code`` as written (empty when it has none): read
    once for the pages' words (``render.strings``) and the translation coverage
    (``resolve.coverage``)."""
    path = get(code).strings_file
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml's, when there
    return {str(k): str(v) for k, v in data.items()}


def site_root(code: str) -> str:
    """Where a language's pages sit in the site: '' for the default language, else 'zh/'."""
    return "" if code == default().code else f"{code}/"


def add(language: Language) -> None:
    """Add a language (tests only: the records' schema is made from the table at import)."""
    if language.code in codes():
        raise ValueError(f"language {language.code!r} is already in the table")
    if language.default:
        raise ValueError("the table has its default language already")
    _LANGUAGES.append(language)
