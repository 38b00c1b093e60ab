"""Finding parts of a card: the quantizer's part and the original card it quotes, a named
section, the title, the first paragraph, the prose of a licensing section."""

from __future__ import annotations

import re

from generator.importer import markdown, values

_ORIGINAL = re.compile(r"^original\b[^\n]{0,80}?\bmodel card\b", re.IGNORECASE)
#: Headings that are not a model's name.
_GENERIC = re.compile(
    r"^(?:table of contents|contents|introduction|overview|model details|model card|description|"
    r"目录|介绍|简介|模型介绍)$",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
_SUMMARY_MAX = 800  # longer "sentences" are run-on text (lost line breaks), not a summary
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")
#: Words whose full stop does not end a sentence ("Qwen (abbr. Tongyi Qianwen)").
_ABBREVIATIONS = ("abbr.", "e.g.", "i.e.", "vs.", "approx.", "incl.", "no.", "fig.", "eq.")
#: Where a title's own name ends: " - ", ": ", " (". A run of spaces is entered at its start
#: only (the look-behind), so the pattern stays linear in long runs of spaces.
_TITLE_CUT = re.compile(r"(?<!\s)\s+[-–—:|]\s+|:\s|(?<!\s)\s+\(")


def split_original(blocks: list[markdown.Block]) -> tuple[list[markdown.Block], list[markdown.Block]]:
    """(the card's own part, the last quoted "Original model card" part; empty when none).

    A quantizer's card may quote an fp16 card that itself quotes the original: the last
    "Original model card" heading starts the innermost, the model's own card.
    """
    marks = [i for i, b in enumerate(blocks) if b.kind == "heading" and _ORIGINAL.match(b.heading)]
    if not marks:
        return blocks, []
    return blocks[: marks[0]], blocks[marks[-1] + 1 :]


def section(blocks: list[markdown.Block], pattern: str) -> tuple[markdown.Block | None, list[markdown.Block]]:
    """The first heading whose text matches ``pattern`` (case-insensitive), and its blocks up
    to the next heading of the same or a higher level."""
    rx = re.compile(pattern, re.IGNORECASE)
    for i, block in enumerate(blocks):
        if block.kind == "heading" and rx.search(block.heading):
            out = []
            for other in blocks[i + 1 :]:
                if other.kind == "heading" and other.level <= block.level:
                    break
                out.append(other)
            return block, out
    return None, []


def title(blocks: list[markdown.Block], repo: str | None = None) -> str | None:
    """The heading that names the model, as a display name ("CausalLM 7B - Fully ..." -> "CausalLM 7B").

    With the repo id known, only a heading containing the repo's name counts (a card's first
    heading may be "Table of Contents" or "Quick Start"); without it, the first level-1
    heading that is not a generic one.
    """
    wanted = values.squash(repo.split("/")[-1]) if repo else None
    for block in blocks:
        if block.kind != "heading" or block.level > (2 if wanted else 1):
            continue
        full = re.sub(r"^(?:model card for|model card:?)\s+", "", block.heading, flags=re.IGNORECASE).strip()
        short = _TITLE_CUT.split(full, maxsplit=1)[0].strip()
        for text in (short, full):
            name = values.single_line(text, 80)
            if not name or _ORIGINAL.match(name) or any(_GENERIC.match(p.strip()) for p in name.split("/")):
                continue
            if wanted is None or wanted in values.squash(name):
                return name
    return None


def _prose(block: markdown.Block) -> str | None:
    """A paragraph as plain text, or None for HTML, badges, lists, link lines and tables."""
    raw = block.text.strip()
    if block.kind != "para" or re.match(r"^(?:[-*+]\s|\d+\.\s|[<|>]|!\[|\[!)", raw):
        return None  # a list, HTML, a table, a quote or a badge line
    text = markdown.plain(raw)
    if len(text) < 40 or len(text.split()) < 6:
        return None
    if len(_CJK.findall(text)) > len(text) * 0.2:
        return None  # the Chinese half of a bilingual card: not English text
    found = markdown.links(raw)
    if found and sum(len(t) for t, _ in found) > len(text) * 0.6:
        return None
    return text


def first_paragraph(blocks: list[markdown.Block], *, sentences: int = 2) -> str | None:
    """The first sentences of the first real paragraph, preferring one after a title."""
    found = first_paragraph_block(blocks, sentences=sentences)
    return found[1] if found else None


def first_paragraph_block(blocks: list[markdown.Block], *, sentences: int = 2) -> tuple[markdown.Block, str] | None:
    """The first real paragraph (preferring one after a title) and its first sentences."""
    start = next((i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 1), 0)
    for original in [*blocks[start:], *blocks[:start]]:
        block = original
        if block.kind == "para":  # a list glued under the paragraph (no blank line) is not part of it
            cut = next(
                (i for i, line in enumerate(block.lines) if i and re.match(r"^\s*(?:[-*+]|\d+\.)\s", line)), None
            )
            if cut is not None:
                block = markdown.Block("para", block.line, block.lines[:cut], block.numbers[:cut])
        text = _prose(block)
        if text:
            parts = _sentences(" ".join(text.split()))
            summary = " ".join(parts[:sentences]).strip()
            return (original, summary) if len(summary) <= _SUMMARY_MAX else None
    return None


def _sentences(text: str) -> list[str]:
    """Sentences of English text; a full stop after an abbreviation does not end one."""
    out: list[str] = []
    for part in _SENTENCE.split(text):
        if out and out[-1].lower().endswith(_ABBREVIATIONS):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def prose(blocks: list[markdown.Block], limit: int = 3000) -> str | None:
    """The paragraphs of a section as plain text, one paragraph per line pair (link
    reference definitions such as ``[GitHub]:https://...`` left out)."""
    out = []
    for block in blocks:
        if block.kind == "para" and not markdown.is_link_definitions(block):
            text = markdown.plain(block.text)
            if text and len(_CJK.findall(text)) <= len(text) * 0.2:  # English text only
                out.append(text)
    joined = "\n\n".join(out).strip()
    return joined[:limit] if joined else None


def link_after(blocks: list[markdown.Block], pattern: str) -> str | None:
    """The Hugging Face repo linked on the first line matching ``pattern`` (e.g. "Original model:")."""
    rx = re.compile(pattern, re.IGNORECASE)
    for block in blocks:
        if block.kind not in ("para", "heading"):
            continue
        for line in block.lines:
            if not rx.search(markdown.plain(line)):
                continue
            for _text, url in markdown.links(line):
                repo = values.repo_from_url(url)
                if repo:
                    return repo
            bare = re.search(r"https?://(?:www\.)?huggingface\.co/[\w.\-]+/[\w.\-]+", line)
            if bare:
                repo = values.repo_from_url(bare.group(0).rstrip(".,;:"))  # a sentence's full stop is no part
                if repo:
                    return repo
    return None


# --- a base model named in prose ------------------------------------------------------------

_TUNED = re.compile(r"\bfine[- ]?tun(?:ed|e|ing)\b|\bfinetun(?:ed|e|ing)\b", re.IGNORECASE)
#: The words just before a link to the model this one was fine-tuned from.
_TUNED_BEFORE = re.compile(
    r"(?:version of|tuned (?:from|on top of|on)|tune of|based on|built (?:on|upon)|on top of)(?: the)?\s*$",
    re.IGNORECASE,
)
#: The words just after such a link: "is a [Vicuna-13B v0](...) model fine-tuned using RLHF".
_TUNED_AFTER = re.compile(r"^\s*(?:model\s+)?fine[- ]?tuned\b|^\s*(?:model\s+)?finetuned\b", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\[])")


def finetuned_from(blocks: list[markdown.Block]) -> tuple[str, str, int] | None:
    """The model a card's prose says this one was fine-tuned from: (repo, sentence, line).

    Only a sentence that says "fine-tuned" (or "finetuned") counts, and only a linked
    Hugging Face model right after "version of", "on top of", "based on", "fine-tuned
    from" (or right before "model fine-tuned"): "It is an extension of [X](...)" and
    "This is [X](...) trained with ..." name no fine-tune, so they give nothing.
    """
    for block in blocks:
        if block.kind != "para":
            continue
        for line, number in zip(block.lines, block.numbers, strict=True):
            if len(line) > 5000 or not _TUNED.search(line):
                continue
            for sentence in _SENTENCE_SPLIT.split(line):
                if not _TUNED.search(sentence):
                    continue
                for match in markdown.LINK.finditer(sentence):
                    repo = values.repo_from_url(match.group(2))
                    if repo is None:
                        continue
                    before = markdown.plain(sentence[: match.start()])[-80:]
                    after = sentence[match.end() : match.end() + 80]
                    if _TUNED_BEFORE.search(before) or _TUNED_AFTER.match(after):
                        return repo, " ".join(markdown.plain(sentence).split()), number
    return None
