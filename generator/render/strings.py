"""UI strings: one table per language (``strings/<lang>.yaml``), falling back to English.

Like Material's ``partials/languages/*.html``: code and templates name a key, the table
gives the words. A key missing from every table is shown as the key itself, and a test
checks both tables have the same keys.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("en", "zh")
DEFAULT = "en"
_FOLDER = Path(__file__).parent / "strings"


@cache
def table(lang: str) -> dict[str, str]:
    """The string table of ``lang`` (empty for a language without one)."""
    path = _FOLDER / f"{lang}.yaml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {str(k): str(v) for k, v in data.items()}


def translate(lang: str, key: str) -> str:
    """The UI string ``key`` in ``lang``, else in English, else the key."""
    return table(lang).get(key) or table(DEFAULT).get(key) or key
