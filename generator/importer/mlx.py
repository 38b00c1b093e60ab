"""MLX cards (mlx-community and others): weights converted for Apple's MLX with mlx-lm.

The usual card says "This model was converted to MLX format from [`org/name`](…) using
mlx-lm version **0.13.1**", shows the ``mlx_lm.load`` snippet, and names the quantization
only in the repository's id (``…-4bit``, ``…-8bit``, ``…-bf16``) or in the conversion
command (``--q-bits 4 --q-group-size 64``). The group size is read only where stated.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown, values
from generator.importer.notes import Notes

_BITS_NAME = re.compile(r"[-_](\d{1,2})[-_]?bits?$", re.IGNORECASE)
_FLOAT_NAME = re.compile(r"[-_](bf16|fp16|f16)$", re.IGNORECASE)
_Q_BITS = re.compile(r"--q[-_]bits\s+(\d{1,2})\b")
_Q_GROUP = re.compile(r"--q[-_]group[-_]size\s+(\d{1,4})\b")
_CONVERTED = re.compile(r"converted to MLX(?: format)? from", re.IGNORECASE)
_VERSION = re.compile(r"mlx[-_]lm\s+version\s+\**`?(\d{1,3}(?:\.\d{1,4}){1,3})", re.IGNORECASE)

#: Where the card names the model it converted (for sections.link_after).
CONVERTED_FROM = r"converted to mlx(?: format)? from"


def weights(blocks: list[markdown.Block], repo: str | None, notes: Notes) -> list[dict[str, Any]]:
    """The repository's one set of weights, on its main branch, with what the card states."""
    text = "\n".join(block.text for block in blocks)
    entry: dict[str, Any] = {"branch": "main"}
    bits = _Q_BITS.search(text)
    name = (repo or "").rsplit("/", 1)[-1]
    if bits:
        entry["bits"] = int(bits.group(1))
    elif (match := _BITS_NAME.search(name)) is not None:
        entry["bits"] = int(match.group(1))
    elif _FLOAT_NAME.search(name):
        entry["bits"] = 16
    else:
        notes.warn("the card and the repository's id state no bits (no --q-bits, no '-4bit'): left as a TODO")
    group = _Q_GROUP.search(text)
    if group:
        entry["group_size"] = int(group.group(1))
    return [entry]


def converted_with(blocks: list[markdown.Block]) -> str | None:
    """The mlx-lm version the card says the weights were converted with."""
    for block in blocks:
        if block.kind == "para" and _CONVERTED.search(markdown.plain(block.text)):
            found = _VERSION.search(markdown.plain(block.text))
            if found:
                return found.group(1)
    return None


def is_mlx_card(meta: dict[str, Any], blocks: list[markdown.Block]) -> bool:
    """A card of MLX weights: library ``mlx``, the tag ``mlx``, or the converter's sentence."""
    library = meta.get("library_name")
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    if library == "mlx" or "mlx" in [str(t).lower() for t in tags]:
        return True
    return any(block.kind == "para" and _CONVERTED.search(markdown.plain(block.text)) for block in blocks)


def base(blocks: list[markdown.Block]) -> str | None:
    """The model the card says it converted (the link in "converted to MLX format from …")."""
    for block in blocks:
        if block.kind != "para" or not _CONVERTED.search(markdown.plain(block.text)):
            continue
        for _text, url in markdown.links(block.text):
            repo = values.repo_from_url(url)
            if repo:
                return repo
        code = re.search(r"from\s+\[?`([\w.\-]+/[\w.\-]+)`", block.text)
        if code and values.is_repo_id(code.group(1)):
            return code.group(1)
    return None
