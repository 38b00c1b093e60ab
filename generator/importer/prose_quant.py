"""GPTQ files a card describes in prose rather than in a branch table.

Older cards state the quantization in words, in three shapes seen on real cards:

* a "Provided files" section naming each weights file, its branch ("In the `main` branch ...
  you will find `x.safetensors`", "switch to the `latest` branch") and its parameters
  ("Parameters: Groupsize = 128g. No act-order.", "Act Order / desc_act = False");
* the GPTQ-for-LLaMa command line the files were made with
  (``python llama.py MODEL c4 --wbits 4 --groupsize 128 --act-order --save FILE``);
* a repo of an "Int4" model of another one, made with AutoGPTQ (``Qwen/Qwen-7B-Chat-Int4``:
  "the Int4 quantized model of Qwen-7B-Chat").

Such a card is a quantized repository even when its id has no ``-GPTQ`` suffix and its front
matter no ``quantized_by``. Every pattern here runs on one line or one bounded chunk, with
no nested repeats, so long hostile text stays linear.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown, values
from generator.importer.notes import Notes

_WBITS = re.compile(r"--wbits[ =](\d{1,2})\b")
_COMMAND = re.compile(r"--wbits\b|--save\b|--save_safetensors\b|\bpython3? \S{1,100}\.py\b")
_GROUPSIZE_FLAG = re.compile(r"--groupsize[ =](-?\d{1,5})\b")
_SAVE = re.compile(r"--save(?:_safetensors)?[ =]([^\s`'\"]{1,300})")
#: ``llama.py MODEL DATASET --wbits``: GPTQ-for-LLaMa's calibration set is the second argument.
_CALIBRATION = re.compile(r"\b(?:llama|opt|bloom|neox|falcon)\.py [^\s`]{1,300} (c4|wikitext2|ptb)\b")
_CALIBRATION_IDS = {"c4": "c4", "wikitext2": "wikitext"}
_GPTQ_WORD = re.compile(r"\bgptq\b|autogptq|auto-gptq|auto_gptq", re.IGNORECASE)
#: A repo name that says it holds quantized weights: ``-Int4``, ``-4bit``, ``-GPTQ-4bit-128g``.
_REPO_MARKER = re.compile(r"[-_](?:int(\d)|(\d)-?bits?|gptq)(?:[-_][\w.]{0,40})?$", re.IGNORECASE)
_INT_OF = re.compile(
    r"\b(?:int(\d)|(\d)-?bit)\s+quanti[sz]ed\s+(?:model|version|weights)\s+of\s+([A-Za-z0-9][\w.\-]{0,94})",
    re.IGNORECASE,
)
_WEIGHTS = re.compile(r"(?<![\w.\-])([\w.\-]{1,200}\.(?:safetensors|pt))\b")
_BRANCH = re.compile(r"`([\w.\-/]{1,100})`\s+branch\b|\bbranch\s+`([\w.\-/]{1,100})`")
_BITS_IN_NAME = re.compile(r"(\d{1,2})-?bits?\b", re.IGNORECASE)
_GROUPSIZE = re.compile(r"group\s?_?size\s?[=:]\s?(\d{1,5}|none|-1)\b", re.IGNORECASE)
_DESC_ACT = re.compile(r"desc_act\s?[=:]\s?(true|false)", re.IGNORECASE)
_NO_ACT_ORDER = re.compile(r"\b(?:no|without(?: the)?)\s`?(?:--)?act[-_ ]?order", re.IGNORECASE)
_ACT_ORDER_ON = re.compile(r"--act-order\b|parameters:[^\n]{0,80}\bact[-_ ]order\b", re.IGNORECASE)


def _lines(blocks: list[markdown.Block]) -> list[str]:
    return [line for b in blocks if b.kind in ("para", "code", "heading") for line in b.lines]


def has_command(blocks: list[markdown.Block]) -> bool:
    """A GPTQ command line (``--wbits N``) in these blocks."""
    return any(_WBITS.search(line) for line in _lines(blocks))


def int_model(blocks: list[markdown.Block], repo: str | None) -> tuple[int | None, str | None]:
    """(bits, base model id) of an "Int4 quantized model of NAME" repo, when the repo's
    name is NAME plus a quantization marker (``Qwen/Qwen-7B-Chat-Int4`` -> 4, ``Qwen/Qwen-7B-Chat``)."""
    if repo is None:
        return None, None
    org, name = repo.split("/", 1)
    marker = _REPO_MARKER.search(name)
    if marker is None:
        return None, None
    for line in _lines(blocks):
        for match in _INT_OF.finditer(markdown.plain(line)):
            named = match.group(3).rstrip(".,;:")
            if name.lower().startswith(named.lower()) and _REPO_MARKER.match(name[len(named) :]):
                base = f"{org}/{name[: len(named)]}"
                return int(match.group(1) or match.group(2)), base if values.is_repo_id(base) else None
    return None, None


def is_quant(blocks: list[markdown.Block], repo: str | None) -> bool:
    """The card's own part describes a GPTQ quantization though its id and metadata do not say so."""
    if has_command(blocks):
        return True
    if repo is None or _REPO_MARKER.search(repo.split("/", 1)[1]) is None:
        return False
    return any(_GPTQ_WORD.search(line) for line in _lines(blocks))


def files(blocks: list[markdown.Block], line: int, notes: Notes) -> list[dict[str, Any]]:
    """The branch entries the prose describes, one per weights file it names."""
    # Names in prose, not in command lines: a command's --save name may differ from the file's.
    text_lines = [ln for b in blocks if b.kind in ("para", "heading") for ln in b.lines if not _COMMAND.search(ln)]
    names: list[str] = []
    for text in text_lines:
        for found in _WEIGHTS.findall(text):
            if found not in names:
                names.append(found)
    all_lines = _lines(blocks)
    if not names:
        for text in all_lines:
            saved = _SAVE.search(text)
            if saved and _WEIGHTS.search(saved.group(1)):
                names.append(saved.group(1).rsplit("/", 1)[-1])
                notes.warn(f"file name {names[-1]!r} read from the GPTQ command's --save", line)
                break
    if not names:
        return []
    text = "\n".join(all_lines)
    if len(names) == 1:  # one file: everything the section says is about it
        entries = [_entry(names[0], text, line, notes)]
    else:  # each file's part runs from the line first naming it to the line naming the next
        starts = [text.rfind("\n", 0, max(text.find(n), 0)) + 1 for n in names]
        order = sorted(range(len(names)), key=lambda k: starts[k])
        entries = []
        for pos, k in enumerate(order):
            end = starts[order[pos + 1]] if pos + 1 < len(order) else len(text)
            entries.append(_entry(names[k], text[starts[k] : max(end, starts[k])], line, notes))
    if len(entries) == 1 and "branch" not in entries[0]:
        entries[0] = {"branch": "main", **entries[0]}
        notes.warn(
            f"the card lists one file ({names[0]}) without naming its branch; the draft puts it on branch 'main', "
            "the repo's default",
            line,
        )
    for entry in entries:
        if "branch" not in entry:
            notes.warn(f"file {entry['file']!r}: the card names no branch for it; left out", line)
    return [e for e in entries if "branch" in e and "bits" in e]


def _entry(name: str, chunk: str, line: int, notes: Notes) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    branch = _BRANCH.search(chunk)
    if branch:
        entry["branch"] = branch.group(1) or branch.group(2)
    entry["file"] = name
    wbits = _WBITS.search(chunk)
    bits = _BITS_IN_NAME.search(name)
    if wbits:
        entry["bits"] = int(wbits.group(1))
    elif bits:
        entry["bits"] = int(bits.group(1))
    else:
        notes.warn(f"file {name!r}: the card does not state its bits; left out", line)
        return entry
    group = _GROUPSIZE.search(chunk) or _GROUPSIZE_FLAG.search(chunk)
    if group:
        size = group.group(1).lower()
        entry["group_size"] = "none" if size in ("none", "-1") else int(size)
    desc_act = _DESC_ACT.search(chunk)
    if _NO_ACT_ORDER.search(chunk):
        entry["act_order"] = False
    elif desc_act:
        entry["act_order"] = desc_act.group(1).lower() == "true"
    elif _ACT_ORDER_ON.search(chunk):
        entry["act_order"] = True
    calibration = _CALIBRATION.search(chunk)
    if calibration:
        dataset = _CALIBRATION_IDS.get(calibration.group(1))
        if dataset:
            entry["calibration_dataset"] = dataset
    return entry
