"""Reading a model card file: its front matter (wherever it is) and its Markdown body.

The metadata is read by huggingface_hub's ``ModelCard``, the library the Hub itself uses,
so keys such as ``model-index`` come out as ``EvalResult`` values. Around it, this module
copes with what real cards do: CRLF endings, a byte-order mark, front matter after a web
page's chrome or at the end of the file, front matter flattened onto one line, invalid
YAML. Every oddity becomes a warning; reading never raises for a bad card.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.importer import markdown
from generator.importer.notes import Notes
from generator.read import yamlsource
from generator.read.files import NotRegularFile, read_regular

#: A card larger than this is not a model card (a model file passed by mistake?).
MAX_BYTES = 2 * 1024 * 1024
#: Nor one with more lines than this (real cards have a few hundred): the importer reads a
#: card in several passes, line by line and block by block.
MAX_LINES = 20_000

#: Keys that mark a YAML block as a Hugging Face card's metadata.
CARD_KEYS = {
    "license",
    "license_name",
    "license_link",
    "language",
    "tags",
    "datasets",
    "base_model",
    "base_model_relation",
    "pipeline_tag",
    "library_name",
    "model_creator",
    "model_name",
    "quantized_by",
    "prompt_template",
    "inference",
    "model_type",
    "model-index",
    "metrics",
    "widget",
    "model_link",
    "tasks",
    "extra_gated_prompt",
    "arxiv",
    "thumbnail",
}

_FM_FENCE = re.compile(r"^---[ \t]*$")
_FM_INLINE = re.compile(r"^---\s+(\S.*?)\s+---\s*$")
_INLINE_KEY = re.compile(r"\s+(?=[A-Za-z_][\w-]*:(?:\s|$))")


class CardError(Exception):
    """The file cannot be read as a card at all (missing, a folder, binary, too large)."""


@dataclass
class Card:
    """A card as read: metadata, evaluation results, and the body's blocks."""

    path: Path
    meta: dict[str, Any] = field(default_factory=dict)
    eval_results: list[Any] = field(default_factory=list)
    model_index_name: str | None = None
    meta_line: int = 0  # card line of the front matter's first key; 0 when there is none
    blocks: list[markdown.Block] = field(default_factory=list)
    notes: Notes = field(default_factory=Notes)

    @property
    def has_meta(self) -> bool:
        return bool(self.meta) or bool(self.eval_results)


def read(path: Path) -> Card:
    """Read the card at ``path``; raise :class:`CardError` only when there is no text to read."""
    try:
        raw = read_regular(path, MAX_BYTES, follow=True)  # bounded: a device would read forever
    except NotRegularFile as exc:
        raise CardError(f"{path} {exc.reason}; a card is a Markdown file") from None
    except OSError as exc:
        raise CardError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise CardError(f"{path} is larger than {MAX_BYTES // (1024 * 1024)} MiB; a model card is a few dozen KiB")
    if b"\x00" in raw[:8192]:
        raise CardError(f"{path} is a binary file, not a Markdown card")
    card = Card(path)
    text = raw.decode("utf-8", errors="replace")
    if "\ufffd" in text and b"\xef\xbf\xbd" not in raw:
        card.notes.warn("the file is not valid UTF-8; undecodable bytes were replaced")
    text = text.removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > MAX_LINES:
        raise CardError(f"{path} has more than {MAX_LINES:,} lines; a model card has a few hundred")
    numbers = list(range(1, len(lines) + 1))
    lines, numbers = _take_front_matter(card, lines, numbers)
    lines, numbers = _reflow(card, lines, numbers)
    card.blocks = markdown.parse(lines, numbers)
    return card


# --- front matter ---------------------------------------------------------------------------


def _take_front_matter(card: Card, lines: list[str], numbers: list[int]) -> tuple[list[str], list[int]]:
    """Fill ``card.meta`` from the front matter; return the body's lines and numbers."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return [], []
    inline = _FM_INLINE.match(lines[first])
    if inline and ":" in inline.group(1):
        block = _INLINE_KEY.sub("\n", inline.group(1))
        if _load_meta(card, block, numbers[first], quiet=False):
            card.notes.warn(
                "the front matter is on one line (a flattened web page); read its keys one by one", numbers[first]
            )
        return lines[first + 1 :], numbers[first + 1 :]
    for start, end in _fence_pairs(lines):
        block = "\n".join(lines[start + 1 : end])
        at_top = start == first
        if not _load_meta(card, block, numbers[start] + 1, quiet=not at_top):
            if at_top:
                return lines[end + 1 :], numbers[end + 1 :]
            continue
        if at_top:
            return lines[end + 1 :], numbers[end + 1 :]
        before, after = lines[:start], lines[end + 1 :]
        if sum(1 for line in after if line.strip()) >= 5:
            dropped = sum(1 for line in before if line.strip())
            if dropped:
                card.notes.warn(
                    f"front matter found at line {numbers[start]}, not at the top; ignored the {dropped} "
                    "non-blank lines before it (page chrome)",
                    numbers[start],
                )
            return after, numbers[end + 1 :]
        card.notes.warn(f"front matter found at the end of the card (line {numbers[start]})", numbers[start])
        return before, numbers[:start]
    card.notes.warn("the card has no YAML front matter; only the body was read")
    return lines, numbers


def _fence_pairs(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(opening, closing) indexes of consecutive ``---`` lines, top first.

    An unclosed block at the top yields no pair, so it is never mistaken for metadata.
    """
    fences = [i for i, line in enumerate(lines) if _FM_FENCE.match(line)]
    for k, start in enumerate(fences[:-1]):
        yield start, fences[k + 1]


#: Bounds on front matter, as for records (``yamlsource.scan``): real cards nest a few
#: levels (model-index) and hold a few thousand values at most.
MAX_META_DEPTH = 32
MAX_META_EVENTS = 100_000
_META_WORDS = yamlsource.Wording(
    "model cards",
    "the front matter has more than {n} YAML values; a card's metadata is far smaller",
    "the front matter nests values more than {n} levels deep; a card's metadata is shallow",
)


def _load_meta(card: Card, block: str, line: int, *, quiet: bool) -> bool:
    """Parse one YAML block as card metadata; True when it is one (and ``card`` is filled).

    The block is scanned first, with the catalog reader's bounds: aliases (a few hundred
    bytes of nested aliases expand to gigabytes once a value is turned into text), depth
    (parsing recurses) and size are refused with a warning, before anything is built.
    """
    refused = yamlsource.scan(block, max_events=MAX_META_EVENTS, max_depth=MAX_META_DEPTH, words=_META_WORDS)
    if refused is not None and not refused.message.startswith(("YAML", "file")):
        if not quiet:
            card.notes.warn(f"{refused.message}; its keys were ignored", line + refused.line - 1)
        return False
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        if not quiet:
            mark = getattr(exc, "problem_mark", None)
            where = line + mark.line if mark is not None else line
            card.notes.warn(
                f"the front matter is not valid YAML ({getattr(exc, 'problem', None) or exc}); its keys were ignored",
                where,
            )
        return False
    if not isinstance(data, dict) or not any(str(k) in CARD_KEYS for k in data):
        if not quiet and data is not None:
            card.notes.warn("the front matter is not a mapping of card keys; ignored", line)
        return False
    card.meta_line = line
    _from_model_card(card, block, line)
    return True


def _from_model_card(card: Card, block: str, line: int) -> None:
    """Let huggingface_hub's ModelCard read the metadata (model-index into EvalResults)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # reading a local card never needs the network
    from huggingface_hub import ModelCard

    content = f"---\n{block}\n---\n"
    with _quiet_hub():
        try:
            data = ModelCard(content).data
        except Exception as exc:
            card.notes.warn(
                f"huggingface_hub could not read the metadata fully ({_short(exc)}); read what it could", line
            )
            try:
                data = ModelCard(content, ignore_metadata_errors=True).data
            except Exception as exc2:
                card.notes.warn(f"the metadata was ignored: {_short(exc2)}", line)
                return
    meta = data.to_dict()
    meta.pop("model-index", None)
    card.meta = meta
    card.eval_results = list(getattr(data, "eval_results", None) or [])
    card.model_index_name = getattr(data, "model_name", None) if card.eval_results else None


@contextlib.contextmanager
def _quiet_hub() -> Iterator[None]:
    logger = logging.getLogger("huggingface_hub")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 160 else text[:157] + "..."


# --- flattened pages ----------------------------------------------------------------------


def _reflow(card: Card, lines: list[str], numbers: list[int]) -> tuple[list[str], list[int]]:
    if max(map(len, lines), default=0) <= markdown.FLAT_LINE:
        return lines, numbers  # no line is long enough to hold a page (checked in C)
    out: list[str] = []
    out_numbers: list[int] = []
    for line, number in zip(lines, numbers, strict=True):
        if markdown.is_flattened(line):
            card.notes.warn(
                "this line holds a whole page (line breaks lost); headings and tables were recovered from it", number
            )
            pieces = markdown.reflow(line)
            out += pieces
            out_numbers += [number] * len(pieces)
        else:
            out.append(line)
            out_numbers.append(number)
    return out, out_numbers
