"""Translation coverage: everything a page shows in words, and whether each language has it.

Four areas, each counted per translation language:

- ``site``: the site's name and its footer (UI strings every page shows);
- ``ui``: every other UI string, against the default language's table;
- ``text``: every record text (``Text``): from the source, translated by a contributor, or missing;
- ``name``: names that have a form in other languages: license names, metrics, score
  settings, source titles (``Named`` fields, given as written or with translations), and
  the pipeline tags and data splits records use (translated through the UI strings).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from generator import languages
from generator.builders import BUILDERS
from generator.catalog import Catalog
from generator.diagnostics import format_loc
from generator.languages import Language
from generator.memo import ByIdentity
from generator.schema.records import Label, Text, named_fields

#: The UI strings counted as the site's name and footer rather than as UI strings (the footer
#: names the builder that built the site: one string per builder).
SITE_KEYS = ("site.title", "footer.text", *(f"footer.builder.{name}" for name in BUILDERS))
AREAS = ("site", "ui", "text", "name")


@dataclass(frozen=True)
class Covered:
    """One text, name or UI string in one language: where it is and its translation's status
    (original, translated or missing). For UI strings ``kind`` is 'ui' and ``id`` the key."""

    lang: str
    kind: str
    id: str
    field: str
    status: str
    area: str = "text"


@cache
def ui_table(code: str) -> dict[str, str]:
    """A language's UI string table as written (no fallback): what it has, not what is shown."""
    return {key: words for key, words in languages.ui_strings(code).items() if words.strip()}


@cache
def _walked_fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The fields of ``cls`` that can hold a text or a name, each with whether it is a
    ``Named`` field: numbers, flags, ids and plain words hold neither, and records are mostly
    those, so the walk below skips them."""

    def may_hold(annotation: Any) -> bool:
        if annotation in (Text, Label, Any):
            return True
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return True
        origin = get_origin(annotation)
        if origin is dict:  # the walk does not go into mappings
            return False
        return any(may_hold(arg) for arg in get_args(annotation))

    named = named_fields(cls)
    return tuple((name, name in named) for name, info in cls.model_fields.items() if name in named or may_hold(info.annotation))


@cache
def _vocabulary_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """The fields of ``cls`` holding a word of a fixed vocabulary, with the group of UI strings
    that translates it (asking a record for a field it lacks costs pydantic an exception)."""
    return tuple((field, group) for field, group in (("pipeline_tag", "pipeline"), ("split", "split")) if field in cls.model_fields)


def _status(value: Text | Label, code: str) -> str:
    return "missing" if not value.get(code) else (value.source(code) or "original")


def coverage(catalog: Catalog) -> list[Covered]:
    """Every site string, UI string, record text and name, in every translation language."""
    rows: list[Covered] = []
    translations = languages.translations()
    default = ui_table(languages.default().code)

    for lang in translations:
        table = ui_table(lang.code)
        for key in sorted(default, key=lambda k: (k not in SITE_KEYS, k)):
            area = "site" if key in SITE_KEYS else "ui"
            rows.append(Covered(lang.code, "ui", key, "", "translated" if key in table else "missing", area))
    entries = ((kind, rid, records[rid].data) for kind, records in catalog.records.items() for rid in sorted(records))
    for record_rows in _BY_RECORD.map(entries):
        rows.extend(record_rows)
    order = {lang.code: i for i, lang in enumerate(translations)}
    return sorted(rows, key=lambda row: order[row.lang])  # stable: area, kind and id order kept


def _record_rows(record: tuple[str, str, Any]) -> list[Covered]:
    """The rows of one record (kind, id, data), in every translation language."""
    kind, rid, data = record
    rows: list[Covered] = []
    _walk(rows, languages.translations(), kind, rid, data, ())
    return rows


#: Each record's rows, kept while its data object comes back: a warm generator reads again
#: only the records that changed (``read`` keeps the others' objects), so it walks only those.
_BY_RECORD: ByIdentity[tuple[str, str, Any], list[Covered]] = ByIdentity(_record_rows, key=lambda record: record[2])


def _walk(rows: list[Covered], translations: Sequence[Language], kind: str, rid: str, value: Any, loc: tuple[str | int, ...], name: bool = False) -> None:
    if isinstance(value, (Text, Label)):
        for lang in translations:
            rows.append(Covered(lang.code, kind, rid, format_loc(loc), _status(value, lang.code), "name" if name else "text"))
    elif isinstance(value, str) and name:  # a name given only as the source writes it
        for lang in translations:
            rows.append(Covered(lang.code, kind, rid, format_loc(loc), "missing", "name"))
    elif isinstance(value, BaseModel):  # hasattr(instance, "model_fields") warns (pydantic 2.11)
        for field, named in _walked_fields(type(value)):
            _walk(rows, translations, kind, rid, getattr(value, field), (*loc, field), named)
        _vocabulary(rows, translations, kind, rid, value, loc)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(rows, translations, kind, rid, item, (*loc, i), name)


def _vocabulary(rows: list[Covered], translations: Sequence[Language], kind: str, rid: str, value: BaseModel, loc: tuple[str | int, ...]) -> None:
    """Pipeline tags and splits: words of a fixed vocabulary the UI strings translate."""
    for field, group in _vocabulary_fields(type(value)):
        word = getattr(value, field)
        if isinstance(word, str):
            for lang in translations:
                known = f"{group}.{word.lower() if group == 'split' else word}" in ui_table(lang.code)
                rows.append(Covered(lang.code, kind, rid, format_loc((*loc, field)), "translated" if known else "missing", "name"))
