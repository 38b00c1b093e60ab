"""Front matter values as catalog values: each checked, the unusable ones named in a warning."""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown, tables, values
from generator.importer.notes import Notes

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: ``license:`` values that name no license.
_NO_LICENSE = {"other", "unknown", "none", "", "custom"}
_RELATIONS = {"finetune", "quantized", "merge", "adapter", "distilled", "replica"}
_RELATION_TAGS = {
    "finetune": "finetune",
    "finetuned": "finetune",
    "fine-tuned": "finetune",
    "merge": "merge",
    "mergekit": "merge",
}


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return values.single_line(value) if isinstance(value, str) else None


def languages(meta: dict[str, Any], notes: Notes, line: int) -> list[str]:
    out = []
    for value in as_list(meta.get("language")):
        code = str(value).strip() if not isinstance(value, bool) else ("no" if value is False else "")
        if _LANGUAGE.match(code):
            if code not in out:
                out.append(code)
        else:
            notes.warn(f"language {value!r} is not an ISO 639 code; left out", line)
    return out


def datasets(meta: dict[str, Any], notes: Notes, line: int) -> list[str]:
    out = []
    for value in as_list(meta.get("datasets")):
        name = str(value).strip()
        ref = values.dataset_from_url(name) if name.startswith("http") else name
        if ref and values.is_dataset_id(ref):
            if ref not in out:
                out.append(ref)
        else:
            notes.warn(f"dataset {value!r} is not a Hugging Face dataset id; left out", line)
    return out


def tags(meta: dict[str, Any]) -> list[str]:
    out = []
    for value in as_list(meta.get("tags")):
        tag = values.single_line(str(value)) if not isinstance(value, (dict, list)) else None
        if tag and tag not in out:
            out.append(tag)
    return out


def pipeline_tag(meta: dict[str, Any], notes: Notes, line: int) -> str | None:
    tag = text(meta, "pipeline_tag")
    if tag is None:
        tasks = [t for t in as_list(meta.get("tasks")) if isinstance(t, str)]
        if len(tasks) == 1:
            notes.warn(f"pipeline_tag read from the ModelScope key 'tasks: [{tasks[0]}]'", line)
            tag = values.single_line(tasks[0])
    return tag


def license_id(meta: dict[str, Any], notes: Notes, line: int) -> str | None:
    """The license id: ``license``, or ``license_name`` when the license is ``other``."""
    raw = text(meta, "license")
    if raw is None:
        return None
    lowered = raw.lower()
    if lowered in _NO_LICENSE:
        name = text(meta, "license_name")
        found = values.slug(name) if name else None
        if found:
            return found
        notes.warn(f"license {raw!r} names no license; license left out (the card's prose may say more)", line)
        return None
    found = lowered if values.is_slug(lowered) else values.slug(raw)
    if found is None:
        notes.warn(f"license {raw!r} cannot be a license id; left out", line)
    return found


def license_url(meta: dict[str, Any], repo: str | None) -> str | None:
    """``license_link`` as an absolute URL (a relative ``LICENSE`` is a file of the repo)."""
    link = text(meta, "license_link")
    if not link:
        return None
    if link.startswith(("https://", "http://")):
        return link
    if repo and re.fullmatch(r"[\w./\-]+", link):
        return f"https://huggingface.co/{repo}/blob/main/{link.lstrip('./')}"
    return None


def base_models(meta: dict[str, Any], notes: Notes, line: int) -> list[str]:
    out = []
    for value in as_list(meta.get("base_model")):
        ref = values.repo_ref(str(value)) if isinstance(value, str) else None
        if ref is None:
            notes.warn(f"base_model {value!r} is not a Hugging Face model id; left out", line)
        elif ref not in out:
            out.append(ref)
    return out


def relation(meta: dict[str, Any], notes: Notes, line: int) -> str | None:
    """How the model derives from its base: ``base_model_relation``, else a telling tag."""
    stated = text(meta, "base_model_relation")
    if stated and stated.lower() in _RELATIONS:
        return stated.lower()
    for tag in tags(meta):
        if tag.lower() in _RELATION_TAGS:
            notes.warn(f"relation to the base model read from the tag {tag!r}", line)
            return _RELATION_TAGS[tag.lower()]
    return None


def hyperparameters(found: list[tables.Table]) -> dict[str, int]:
    """``n_parameters`` and ``sequence length`` rows of a ``Hyperparameter | Value`` table
    (other columns, such as Falcon's ``Comment``, are ignored)."""
    out: dict[str, int] = {}
    for table in found:
        if not table.header or "hyperparameter" not in markdown.plain(table.header[0]).lower():
            continue
        value = 1 if len(table.header) == 2 else table.column("value")
        if value is None:
            continue
        for row in table.rows:
            key = markdown.plain(row[0]).lower().replace("_", " ").strip()
            number = values.integer(row[value])
            if number is None or number <= 0:
                continue
            if key in ("n parameters", "parameters", "params"):
                out.setdefault("parameters", number)
            elif key in ("sequence length", "context length", "max position embeddings", "seq length"):
                out.setdefault("context_length", number)
    return out
