"""The prompt template a card states: front matter ``prompt_template``, a "Prompt template"
section's code block, or a "PROMPT FORMAT: [chatml](link)" line naming a known format.

Both places are compared: TheBloke writes the template twice, and a web copy that lost its
blank lines folds the front matter's multi-line value into one line. When the two agree
but for white space, the code block (verbatim lines) wins; when they disagree in words,
the front matter wins and a warning shows the difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer import markdown
from generator.importer.notes import Notes

_SECTION = re.compile(r"^(?:prompt\s+(?:template|format)|提示格式|prompt\s*格式)\s*[:：]?\s*(.*)$", re.IGNORECASE)
_LINE = re.compile(r"^\W*prompt\s*(?:template|format|格式)\s*[:：]\s*(.+)$", re.IGNORECASE)
_NO_NAME = {"", "none", "unknown", "n/a", "custom"}
_SLOTS = (("{system_prompt}", "{system_message}"),)


@dataclass
class Prompt:
    name: str | None  # the format's name as the card writes it ("ChatML", "Llama-2-Chat")
    template: str | None  # verbatim, with {prompt} (and {system_message}) slots
    url: str | None = None  # a link the card gives for the format
    line: int = 0


def find(meta_template: object, blocks: list[markdown.Block], meta_line: int, notes: Notes) -> Prompt | None:
    """The card's prompt template, or None when it states none."""
    front = meta_template if isinstance(meta_template, str) and meta_template.strip() else None
    section = _from_section(blocks)
    body = section.template if section else None
    name = section.name if section else None
    line = section.line if section else meta_line
    if front is not None and body is not None and _words(front) != _words(body):
        notes.warn(
            "the front matter's prompt_template and the body's template differ; the draft keeps the front matter's",
            line,
        )
        template: str | None = front
    else:
        template = body if body is not None else front
    if template is not None:
        template = _slots(template, notes, line)
        if _words(template) == _words("{prompt}"):
            notes.warn("the prompt template is just {prompt} (no format); no prompt format set", line)
            template = None
    if template is None and (section is None or section.name is None):
        return None
    if template is not None and "{prompt}" not in template:
        notes.warn("the prompt template has no {prompt} slot; check it", line)
    return Prompt(name, template, section.url if section else None, line)


def _words(text: str) -> str:
    return "".join(text.split())


def _slots(template: str, notes: Notes, line: int) -> str:
    for theirs, ours in _SLOTS:
        if theirs in template:
            notes.warn(f"the template's {theirs} slot is written {ours} in the catalog", line)
            template = template.replace(theirs, ours)
    return template


def _from_section(blocks: list[markdown.Block]) -> Prompt | None:
    """The first "Prompt template" heading's name and template, or a "PROMPT FORMAT:" line."""
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            match = _SECTION.match(block.heading.strip())
            if match:
                return _section(match.group(1), blocks, i)
        elif block.kind == "para":
            for line, number in zip(block.lines, block.numbers, strict=True):
                match = _LINE.match(markdown.plain(line))
                if match:
                    found = markdown.links(line)
                    name = found[0][0] if found else match.group(1).strip()
                    url = found[0][1] if found and found[0][1].startswith(("https://", "http://")) else None
                    return Prompt(_name(name), None, url, number)
    return None


def _section(title: str, blocks: list[markdown.Block], start: int) -> Prompt:
    name = _name(title)
    url = None
    template = None
    line = blocks[start].line
    for block in blocks[start + 1 :]:
        if block.kind == "heading":
            break
        if block.kind == "code" and "{prompt}" in block.text:
            template = "\n".join(block.lines).rstrip("\n").rstrip() + "\n"
            line = block.line
            break
        if block.kind == "para" and name is None and template is None:
            found = markdown.links(block.text)
            text = markdown.plain(block.text)
            if found and len(text) <= len(found[0][0]) + 2:  # a paragraph that is only a link
                name, url = _name(found[0][0]), found[0][1]
    return Prompt(name, template, url, line)


def _name(text: str) -> str | None:
    name = markdown.plain(text).strip().strip(":：").strip()
    return None if name.lower() in _NO_NAME or len(name) > 60 else name
