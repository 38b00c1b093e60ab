"""UI strings: one table per language (``strings/<lang>.yaml``), falling back to the default.

Like Material's ``partials/languages/*.html``: code and templates name a key, the table
gives the words. A key missing from every table is shown as the key itself, and a test
checks every table has the same keys.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError

from generator import languages


@cache
def table(lang: str) -> dict[str, str]:
    """The string table of ``lang`` (empty for a language without one)."""
    return languages.ui_strings(lang) if lang in languages.codes() else {}


def translate(lang: str, key: str) -> str:
    """The UI string ``key`` in ``lang``, else in the default language, else the key."""
    return table(lang).get(key) or table(languages.default().code).get(key) or key


def language_name(lang: str, of: str) -> str:
    """The name of the site's language ``of`` in language ``lang``, as the UI strings give it
    for the site's own sentences ('Chinese' in English, '中文' in Chinese). Any language a
    record names: ``spoken``."""
    return table(lang).get(f"language.{of}") or languages.get(of).name


@cache
def spoken(lang: str, code: str) -> str:
    """The name of the language ``code`` (ISO 639, with subtags: 'pt-BR') in language
    ``lang``, from the Unicode CLDR's names (Babel), as browsers name languages: 'French' in
    English, '法语' in Chinese; the code itself when CLDR has no name for it."""
    try:
        names = Locale.parse(lang).languages
    except (ValueError, UnknownLocaleError):
        return code
    return names.get(code.replace("-", "_")) or names.get(code.split("-")[0]) or code


def spoken_with_code(lang: str, code: str) -> str:
    """The language ``code`` named in ``lang`` with its code: 'French (fr)', '法语（fr）'."""
    name = spoken(lang, code)
    return code if name == code else f"{name}{translate(lang, 'punct.open')}{code}{translate(lang, 'punct.close')}"
