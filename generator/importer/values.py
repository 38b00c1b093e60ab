"""Single values as cards write them: sizes, yes/no, Hugging Face links, ids, slugs."""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote, urlsplit

from generator.importer import markdown
from generator.schema import records as schema
from generator.schema import units

_SIZE_TEXT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([KMGT]i?B|B|bytes)\s*$", re.IGNORECASE)


def size(cell: str) -> str | None:
    """A size cell as catalog text (``8.54GB`` -> ``8.54 GB``), or None when it is no size."""
    match = _SIZE_TEXT.match(markdown.plain(cell))
    if not match:
        return None
    number, unit = match.group(1).replace(",", "."), match.group(2)
    unit = unit if unit.lower() == "bytes" else unit[:-1].upper().replace("I", "i") + "B"
    text = f"{number} {unit}"
    try:
        units.parse_size(text)
    except ValueError:
        return None
    return text


_TRUE = {"yes", "true", "y", "✓", "✔", "✅", "1"}
_FALSE = {"no", "false", "n", "✗", "✘", "❌", "0"}


def boolean(cell: str) -> bool | None:
    text = markdown.plain(cell).strip().lower().rstrip(".")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def integer(cell: str) -> int | None:
    text = markdown.plain(cell).replace(",", "").strip()
    return int(text) if re.fullmatch(r"\d+", text) else None


def decimal(cell: str) -> float | None:
    text = markdown.plain(cell).strip()
    return float(text) if re.fullmatch(r"\d+(?:\.\d+)?", text) else None


# --- ids and links --------------------------------------------------------------------------

_HF_HOSTS = {"huggingface.co", "www.huggingface.co", "hf.co"}
_REPO_VERBS = {"blob", "tree", "resolve", "raw", "discussions", "commit", "commits"}


def is_repo_id(value: str) -> bool:
    try:
        schema.check_repo_id(value)
    except ValueError:
        return False
    return True


def is_dataset_id(value: str) -> bool:
    try:
        schema.check_dataset_id(value)
    except ValueError:
        return False
    return True


def is_slug(value: str) -> bool:
    return bool(schema.SLUG.match(value))


def repo_from_url(url: str) -> str | None:
    """``https://huggingface.co/org/name/blob/main/x`` -> ``org/name`` (models only)."""
    parts = urlsplit(url.strip())
    if parts.netloc.lower() not in _HF_HOSTS:
        return None
    path = [unquote(p) for p in parts.path.split("/") if p]
    if len(path) < 2 or path[0] in ("datasets", "spaces", "docs", "blog", "papers", "collections"):
        return None
    repo = f"{path[0]}/{path[1]}"
    return repo if is_repo_id(repo) else None


def repo_ref(value: str) -> str | None:
    """A model reference as front matter writes it: an id, or a Hugging Face URL of one."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        return repo_from_url(value)
    return value if is_repo_id(value) else None


def dataset_from_url(url: str) -> str | None:
    """``https://huggingface.co/datasets/wikitext/viewer/...`` -> ``wikitext``."""
    parts = urlsplit(url.strip())
    if parts.netloc.lower() not in _HF_HOSTS:
        return None
    path = [unquote(p) for p in parts.path.split("/") if p]
    if len(path) < 2 or path[0] != "datasets":
        return None
    rest = path[1:]
    if len(rest) >= 2 and rest[1] not in _REPO_VERBS and rest[1] != "viewer":
        candidate = f"{rest[0]}/{rest[1]}"
    else:
        candidate = rest[0]
    return candidate if is_dataset_id(candidate) else None


def slug(text: str) -> str | None:
    """An id for a license, benchmark or prompt format from its name (``Llama-2-Chat`` -> ``llama-2-chat``)."""
    value = re.sub(r"[^a-z0-9.+]+", "-", markdown.plain(text).lower()).strip("-.")
    value = re.sub(r"-{2,}", "-", value)[:64].strip("-.")
    return value if value and is_slug(value) else None


@functools.lru_cache(maxsize=8192)
def squash(text: str) -> str:
    """Letters and digits only, lower case, Greek letters spelt out: for loose name matching."""
    text = markdown.plain(text).lower()
    for greek, latin in (("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("δ", "delta")):
        text = text.replace(greek, latin)
    return re.sub(r"[^a-z0-9]", "", text)


def single_line(text: str, limit: int = 300) -> str | None:
    """Text fit for a one-line field, or None when empty or too long."""
    value = " ".join(text.split())
    return value if value and len(value) <= limit else None
