"""The data files the tool pages' scripts read, in one language.

A tool's data (``generator.resolve.tools``) becomes a small script that sets
``window.atlasData[<name>]`` to JSON: the page loads it by script tag, which works from
disk where fetch does not. Text is plain (the scripts show it with ``textContent``, never
as markup); links are paths from the language's root, which the scripts make relative to
the page. The same data gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from generator import languages
from generator.memo import ByIdentity
from generator.render import strings
from generator.render.cells import TextFormatter, num, page_address
from generator.resolve import cells as c
from generator.resolve import tools as t

#: UI strings the scripts use, by key prefix.
_STRING_PREFIXES = ("tools.", "explorer.", "compare.", "fit.", "verdict.", "commercial.", "field.", "terms.", "model.", "file.", "license.", "punct.")


def _href(target: str | None) -> str | None:
    """A docs path as the built page's path from the language's root."""
    return None if target is None else page_address(target)


def _link(show: TextFormatter, ref: c.Ref | None) -> list[Any] | None:
    """A link as [text, path from the language's root]; None for no link."""
    return None if ref is None else [show(ref), _href(ref.target)]


def _number(value: c.Num) -> float | int | None:
    """A score as the pages show it, so the scripts print the same digits."""
    if value.value is None:
        return None
    shown = float(num(value.value))
    return int(shown) if shown.is_integer() else shown


#: Where a list made as JSON text beforehand (``_made_rows``) goes in a payload: a value
#: json.dumps writes as one unique string, replaced by the text afterwards.
_ROWS_SLOT = "\x00rows\x00"


#: Each model's JSON as the explorer's data file holds it, by language and entry: a warm
#: generator (``generator.incremental``) writes the file again after every edit, with the
#: same entry objects for all but the few models the edit reaches (``memo.Kept``).
_MODEL_ROWS: dict[str, ByIdentity[t.ModelEntry, str]] = {}


def _model_rows(models: tuple[t.ModelEntry, ...], lang: str) -> list[str]:
    memo = _MODEL_ROWS.get(lang)
    if memo is None:
        show = TextFormatter(lang)
        memo = _MODEL_ROWS[lang] = ByIdentity(lambda m: _json(_model(m, show)))
    return memo.map(models)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _models(data: t.ModelsData, show: TextFormatter) -> dict[str, Any]:
    return {
        "columns": [
            {"key": col.key, "benchmark": _link(show, col.benchmark), "setting": show(col.setting), "higher": col.higher_is_better}
            for col in data.columns
        ],
        "headline": list(data.headline),
        "verdicts": list(data.verdicts),
        "formats": [list(pair) for pair in data.formats],
        "languages": list(data.languages),
        # Each language's name as the pages say it (Babel's CLDR names), so the explorer's
        # filter and the compare page agree with the model pages in every browser.
        "languageNames": {code: strings.spoken_with_code(show.lang, code) for code in data.languages},
        "architectures": list(data.architectures),
        "models": _ROWS_SLOT,
    }


def _made_rows(payload: dict[str, Any], rows: Iterable[str]) -> str:
    """``payload`` as JSON, its ``_ROWS_SLOT`` value the list of the JSON texts ``rows``."""
    return _json(payload).replace(_json(_ROWS_SLOT), "[" + ",".join(rows) + "]", 1)


def _model(m: t.ModelEntry, show: TextFormatter) -> dict[str, Any]:
    return {
        "id": m.id,
        "name": show(m.ref),
        "href": _href(m.ref.target),
        "creator": m.creator,
        "params": m.parameters,
        "paramsText": show(m.parameters_shown),
        "arch": m.architecture,
        "context": m.context_length,
        "languages": list(m.languages),
        "license": _link(show, m.license),
        "commercial": m.commercial,
        "attribution": m.attribution,
        "copyleft": m.copyleft,
        "verdict": m.verdict,
        "reason": show(m.reason),
        "via": _link(show, m.via),
        "formats": list(m.formats),
        "prompt": _link(show, m.prompt),
        "scores": [[i, _number(value)] for i, value in m.scores],
        "files": [[f.label, f.repos, f.count, f.smallest, f.largest] for f in m.files],
        "inherited": [[_link(show, i.license), i.commercial, _link(show, i.via)] for i in m.inherited],
        "tags": list(m.tags),
    }


def _fit(data: t.FitData, show: TextFormatter) -> tuple[dict[str, Any], Iterable[str]]:
    """Files as rows of [repository, file or branch, bits, size, need, stated, context], each
    repository once as [name, path, format, where it runs, model]: the data of thousands of
    files stays small. Returns the payload and the files' rows as JSON texts."""
    repos: dict[str, int] = {}
    repo_rows: list[list[Any]] = []
    places = []
    for f in data.files:
        name = show(f.repo)
        if name not in repos:
            repos[name] = len(repo_rows)
            repo_rows.append([name, _href(f.repo.target), f.label, list(f.memory), f.model])
        places.append(repos[name])
    return {
        "models": [
            {"name": show(m.ref), "href": _href(m.ref.target), "params": m.parameters, "paramsText": show(m.parameters_shown), "verdict": m.verdict}
            for m in data.models
        ],
        "repos": repo_rows,
        "files": _ROWS_SLOT,
    }, (f"[{place},{tail}]" for place, tail in zip(places, _FILE_TAILS.map(data.files), strict=True))


def _file_tail(f: t.FitFile) -> str:
    """A file's row of the fit data after its repository's place, as JSON without brackets."""
    need = f.need
    return _json([f.entry, f.bits, f.size, need.bytes if need else None, need.stated if need else None, need.context if need else None])[1:-1]


#: Each file's row (without its repository's place, which depends on the others) by entry:
#: a warm generator brings back the same entries for all files but those an edit reaches.
_FILE_TAILS: ByIdentity[t.FitFile, str] = ByIdentity(_file_tail)


def script(data: t.Script, lang: str) -> str:
    """The data file of a tool in ``lang``: one statement setting ``window.atlasData.<name>``."""
    show = TextFormatter(lang)
    # The rows (models, files) are made as JSON one by one, each kept (see _MODEL_ROWS, _FILE_TAILS).
    if isinstance(data.data, t.ModelsData):
        payload, rows = _models(data.data, show), _model_rows(data.data.models, lang)
    else:
        payload, rows = _fit(data.data, show)
    keys = sorted(k for k in strings.table(languages.default().code) if k.startswith(_STRING_PREFIXES) or k in ("yes", "no"))
    payload["strings"] = {k: strings.translate(lang, k) for k in keys}
    payload["lang"] = lang
    body = _made_rows(payload, rows)
    return (
        "/* Model Atlas: the data of a tool page, generated from the catalog. */\n"
        f"(window.atlasData = window.atlasData || {{}})[{json.dumps(data.name)}] = {body};\n"
    )
