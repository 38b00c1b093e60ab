"""UI strings: one table per language (``strings/<lang>.yaml``), falling back to the default.

Like Material's ``partials/languages/*.html``: code and templates name a key, the table
gives the words. A key missing from every table is shown as the key itself, and a test
checks every table has the same keys.
"""

from __future__ import annotations

from functools import cache

from generator import languages


@cache
def table(lang: str) -> dict[str, str]:
    """The string table of ``lang`` (empty for a language without one)."""
    return languages.ui_strings(lang) if lang in languages.codes() else {}


def translate(lang: str, key: str) -> str:
    """The UI string ``key`` in ``lang``, else in the default language, else the key."""
    return table(lang).get(key) or table(languages.default().code).get(key) or key


def language_name(lang: str, of: str) -> str:
    """The name of language ``of`` in language ``lang``: 'Chinese' in English, '中文' in Chinese."""
    return table(lang).get(f"language.{of}") or languages.get(of).name
