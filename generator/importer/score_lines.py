"""Scores written as lines of text rather than tables.

* a section headed by a benchmark, with one line per category and one average::

      ## MMLU:
      stem ACC: 56.83
      **AVERAGE ACC:63.82** (Outperforms ...)

  (also ``## GSM8K`` / ``**Zero-shot ACC 0.59**``, and the Chinese ``平均准确率：63.82``);
* one line holding it all: ``MMLU - stem ACC: 46.40 ... AVERAGE ACC:53.48``;
* a bare ``CURRENT MMLU: 53.48``.

A section with two different headline values is ambiguous and gives nothing.
"""

from __future__ import annotations

import re

from generator.importer import benchmarks, markdown
from generator.importer.notes import Notes
from generator.importer.resolve import Index
from generator.importer.scores import BODY, Found, value_of

_LABELLED = re.compile(
    r"^(?P<label>[^:：]{1,40}?)(?:\s*(?:acc(?:uracy)?|准确率)\s*[:：]?|\s*[:：])\s*(?P<num>\d+(?:\.\d+)?)\s*%?(?=\s|$|[(（])",
    re.IGNORECASE,
)
_RUN_ON = re.compile(r"^(?P<head>[^-:：]{2,40}?)\s+-\s+(?P<rest>.*\bacc\s*:.*)$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z][A-Za-z ]*?)\s+acc\s*:\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
_BARE = re.compile(
    r"^(?:current|overall|final|当前的?)?\s*(?P<bench>[^:：]{2,40}?)\s*[:：]\s*(?P<num>\d+(?:\.\d+)?)\s*%?$",
    re.IGNORECASE,
)


def from_lines(blocks: list[markdown.Block], index: Index, notes: Notes) -> list[Found]:
    extra = index.extra_benchmarks()
    out: list[Found] = []
    section: benchmarks.Mention | None = None
    section_lines: list[tuple[str, int]] = []
    for block in [*blocks, markdown.Block("heading", 0)]:
        if block.kind == "heading":
            if section is not None:
                out += _section(section, section_lines, index, notes)
            section = benchmarks.mention(block.heading, extra) if block.line else None
            section_lines = []
            continue
        if block.kind not in ("para", "code"):
            continue
        for line, number in zip(block.lines, block.numbers, strict=True):
            text = markdown.plain(line)
            found = _run_on(text, number, index, notes, extra) or _bare(text, number, index, notes, extra)
            if found is not None:
                out.append(found)
            elif block.kind == "para":
                section_lines.append((text, number))
    return out


def _section(mention: benchmarks.Mention, lines: list[tuple[str, int]], index: Index, notes: Notes) -> list[Found]:
    bench = index.benchmark(mention.key)
    heads: list[tuple[str, float, int | None, int]] = []  # (text, value, shots, line)
    breakdown: dict[str, float] = {}
    for text, number in lines:
        match = _LABELLED.match(text)
        if not match:
            continue
        label, value = match.group("label").strip(), match.group("num")
        if benchmarks.is_average(label):
            heads.append((value, float(value), mention.shots, number))
        elif (shots := benchmarks.shots_in(label)) is not None and len(label) <= 12:
            heads.append((value, float(value), shots, number))
        elif (cid := index.category(bench, label)) is not None:
            breakdown[cid] = float(value)
    if not heads:
        return []
    if len({h[1] for h in heads}) > 1:
        notes.warn(
            f"{bench}: the section gives several headline values {[h[0] for h in heads]}; left out as ambiguous",
            heads[0][3],
        )
        return []
    text, _, shots, line = heads[0]
    read = value_of(text, bench, index, notes, line)
    if read is None:
        return []
    stated = read[1] if read[1] is not None else None
    return [Found(bench, read[0], stated, shots, mention.split, mention.setting, breakdown, origin=BODY, line=line)]


def _run_on(text: str, line: int, index: Index, notes: Notes, extra: dict[str, str]) -> Found | None:
    match = _RUN_ON.match(text)
    if not match:
        return None
    mention = benchmarks.mention(match.group("head"), extra)
    if mention is None:
        return None
    bench = index.benchmark(mention.key)
    value = None
    breakdown = {}
    for label, number in _PAIR.findall(match.group("rest")):
        if benchmarks.is_average(label):
            if value is not None and value != number:
                return None
            value = number
        elif (cid := index.category(bench, label)) is not None:
            breakdown[cid] = float(number)
    if value is None:
        return None
    read = value_of(value, bench, index, notes, line)
    if read is None:
        return None
    return Found(
        bench, read[0], read[1], mention.shots, mention.split, mention.setting, breakdown, origin=BODY, line=line
    )


def _bare(text: str, line: int, index: Index, notes: Notes, extra: dict[str, str]) -> Found | None:
    match = _BARE.match(text)
    if not match:
        return None
    mention = benchmarks.mention(match.group("bench"), extra)
    if mention is None:
        return None
    bench = index.benchmark(mention.key)
    read = value_of(match.group("num"), bench, index, notes, line)
    if read is None:
        return None
    return Found(bench, read[0], read[1], mention.shots, mention.split, mention.setting, origin=BODY, line=line)
