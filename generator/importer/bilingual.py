"""The card's own Chinese for an English paragraph of a bilingual card.

Bilingual cards lay the two languages out in one of two ways:

* **side by side**: a section holds the same paragraphs in both languages, Chinese first or
  English first (Qwen's ``## 介绍 (Introduction)``, Baichuan 2's ``模型介绍/Introduction``);
  the k-th English paragraph of the section pairs with its k-th Chinese paragraph;
* **two halves**: the English card, then a Chinese card with the same headings translated
  (InternLM's ``## Introduction`` ... ``## 简介``, CausalLM's two halves); sections pair by
  position when the two runs of headings have the same levels, then paragraphs by position.

A pairing is made only when both sides have the same number of paragraphs; otherwise the
Chinese is left out (a wrong pairing would put another paragraph's words in the record).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.importer import markdown

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
#: Of the letters in a paragraph, the share that must be CJK for it to be Chinese text.
CHINESE_SHARE = 0.3


def language(text: str) -> str | None:
    """'zh' or 'en' for a piece of plain text by its letters, None when it has none."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk + latin == 0:
        return None
    return "zh" if cjk >= CHINESE_SHARE * (cjk + latin) else "en"


def is_chinese(text: str) -> bool:
    return language(text) == "zh"


def _text_language(block: markdown.Block) -> str | None:
    """The language of a paragraph of running text; None for other blocks (reference
    definitions, bare HTML, images, tables, code)."""
    if block.kind != "para":
        return None
    if markdown.is_link_definitions(block):
        return None
    return language(markdown.plain(block.text))


def _sections(blocks: list[markdown.Block]) -> list[tuple[int | None, list[int]]]:
    """(index of the heading or None before the first one, indexes of the section's blocks)."""
    out: list[tuple[int | None, list[int]]] = [(None, [])]
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            out.append((i, []))
        else:
            out[-1][1].append(i)
    return out


def _paragraphs(blocks: list[markdown.Block], indexes: Iterable[int], lang: str) -> list[int]:
    return [i for i in indexes if _text_language(blocks[i]) == lang]


def counterpart(blocks: list[markdown.Block], block: markdown.Block) -> markdown.Block | None:
    """The card's Chinese paragraph for the English paragraph ``block``, or None."""
    try:
        at = next(i for i, b in enumerate(blocks) if b is block)
    except StopIteration:
        return None
    sections = _sections(blocks)
    own = next((s for s in sections if at in s[1]), None)
    if own is None:
        return None
    english = _paragraphs(blocks, own[1], "en")
    if at not in english:
        return None
    chinese = _paragraphs(blocks, own[1], "zh")
    if chinese:  # side by side
        return blocks[chinese[english.index(at)]] if len(chinese) == len(english) else None
    mirror = mirrored_section(blocks, own[0])
    if mirror is None:
        return None
    chinese = _paragraphs(blocks, mirror, "zh")
    return blocks[chinese[english.index(at)]] if len(chinese) == len(english) else None


def section_chinese(blocks: list[markdown.Block], heading: int | None, indexes: list[int]) -> list[markdown.Block]:
    """The Chinese paragraphs of a section: its own, or those of its mirror in the Chinese half."""
    chinese = _paragraphs(blocks, indexes, "zh")
    if chinese:
        return [blocks[i] for i in chinese]
    mirror = mirrored_section(blocks, heading)
    return [blocks[i] for i in _paragraphs(blocks, mirror, "zh")] if mirror is not None else []


def mirrored_section(blocks: list[markdown.Block], heading: int | None) -> list[int] | None:
    """The block indexes of the Chinese-half section mirroring the section under ``heading``.

    The Chinese half starts at the first heading written in Chinese after which Chinese
    paragraphs outnumber English ones more than two to one; the same number of headings
    just before it must have the same levels, one for one. Linear in the card's length.
    """
    if heading is None:
        return None
    sections = [s for s in _sections(blocks) if s[0] is not None]
    heads = [s[0] for s in sections]
    languages = [[_text_language(blocks[i]) for i in s[1]] for s in sections]
    # Paragraph counts from each section to the end, computed once (not per candidate start).
    zh_after = [0] * (len(sections) + 1)
    en_after = [0] * (len(sections) + 1)
    for k in range(len(sections) - 1, -1, -1):
        zh_after[k] = zh_after[k + 1] + languages[k].count("zh")
        en_after[k] = en_after[k + 1] + languages[k].count("en")
    start = next(
        (
            k
            for k, head in enumerate(heads)
            if is_chinese(blocks[head].heading) and zh_after[k] > 2 * en_after[k]
        ),
        None,
    )
    if start is None:
        return None
    chinese = heads[start:]
    english = heads[max(0, start - len(chinese)) : start]
    if len(english) != len(chinese) or [blocks[i].level for i in english] != [blocks[i].level for i in chinese]:
        return None
    if heading not in english:
        return None
    return sections[start + english.index(heading)][1]


def sentences(text: str, count: int) -> str:
    """The first ``count`` sentences of Chinese text (ended by 。！？)."""
    parts = [p for p in _SENTENCE_END.split(" ".join(text.split())) if p.strip()]
    return "".join(parts[:count]).strip()


def running_text(block: markdown.Block) -> str:
    """A paragraph's plain text without a list glued under it (no blank line between)."""
    lines = block.lines
    cut = next((i for i, line in enumerate(lines) if i and _LIST_ITEM.match(line)), None)
    if cut is not None:
        lines = lines[:cut]
    return markdown.plain("\n".join(lines))


def summary(blocks: list[markdown.Block], english: markdown.Block, count: int) -> str | None:
    """The first ``count`` sentences of the card's Chinese for the English paragraph, or None."""
    chinese = counterpart(blocks, english)
    if chinese is None:
        return None
    text = sentences(running_text(chinese), count)
    return text if text and is_chinese(text) else None


def section_text(
    blocks: list[markdown.Block], heading: markdown.Block | None, section: list[markdown.Block]
) -> str | None:
    """The Chinese paragraphs of a section as plain text, when they match its English ones one for one."""
    if heading is None:
        return None
    indexes = [i for i, b in enumerate(blocks) if any(b is s for s in section)]
    at = next((i for i, b in enumerate(blocks) if b is heading), None)
    english = _paragraphs(blocks, indexes, "en")
    chinese = section_chinese(blocks, at, indexes)
    if not english or len(chinese) != len(english):
        return None
    text = "\n\n".join(markdown.plain(b.text) for b in chinese).strip()
    return text or None
