"""EXL2 (ExLlamaV2) cards: one branch per bits-per-weight setting.

Three layouts are common:

* a branch table, ``Branch | Bits | lm_head bits | VRAM (4k) | VRAM (16k) | ... | Description``,
  the branch cell linking to ``.../tree/6_5``;
* a list of links, ``[4.00 bits per weight](https://huggingface.co/org/X-exl2/tree/4.0bpw)``;
* one setting per repository, named in the repository's id: ``org/X-4.0bpw-h6-exl2``.

The calibration dataset and row length are read where the card states them (exllamav2's
``-c`` and ``-l``, or "calibration dataset: X"), never assumed.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown, tables, values
from generator.importer.notes import Notes

_BRANCH = ("branch",)
_BITS = ("bits", "bpw", "bits per weight")
_HEAD = ("lm_head bits", "head bits", "lm head bits", "head")
_DESCRIPTION = ("description",)
_SIZE = ("size", "file size")
#: A VRAM column and the context it is measured at: "VRAM (4k)", "VRAM 16K", "VRAM (32768)".
_VRAM = re.compile(r"^vram\s*\(?\s*(\d{1,7})\s*(k?)\s*\)?$", re.IGNORECASE)
#: "[4.00 bits per weight](…/tree/4.0bpw)": the link text names the setting.
_BPW_TEXT = re.compile(r"^(\d{1,2}(?:\.\d{1,3})?)\s*(?:bits? per weight|bpw)$", re.IGNORECASE)
#: "-4.0bpw-h6-exl2" in a repository's id.
_BPW_NAME = re.compile(r"[-_](\d{1,2}(?:\.\d{1,3})?)bpw(?:[-_]h(\d{1,2}))?(?=[-_]exl2$|$)", re.IGNORECASE)
_CALIBRATION = re.compile(r"calibrat\w*\s+(?:data\s*set|dataset|data)\s*[:=]?\s*\[?`?([\w.\-/]{2,96})`?\]?", re.IGNORECASE)
_ROWS = re.compile(r"(?:^|\s)(?:-l|--length)\s+(\d{2,7})\b")
_DATASET_FLAG = re.compile(r"(?:^|\s)(?:-c|--cal_dataset)\s+(\S{1,200})")


def is_table(table: tables.Table) -> bool:
    """A table of EXL2 branches: a branch column, a bits column, and a head-bits or VRAM column."""
    if table.column(*_BRANCH) is None or table.column(*_BITS) is None:
        return False
    return table.column(*_HEAD) is not None or any(_VRAM.match(c) for c in table.columns)


def from_table(table: tables.Table, notes: Notes) -> list[dict[str, Any]]:
    col = {
        "branch": table.column(*_BRANCH),
        "bits": table.column(*_BITS),
        "head": table.column(*_HEAD),
        "size": table.column(*_SIZE),
        "description": table.column(*_DESCRIPTION),
    }
    vram = [(i, int(m.group(1)) * (1024 if m.group(2) else 1)) for i, c in enumerate(table.columns) if (m := _VRAM.match(c))]
    entries = []
    for cells, line in table.cells(col):
        branch, url = tables.link(cells["branch"])
        branch = branch.strip().strip("`")
        bits = values.decimal(cells["bits"])
        if not branch or " " in branch or bits is None:
            notes.warn(f"EXL2 table row {markdown.plain(cells['branch'])!r}: no branch name or bits; row skipped", line)
            continue
        entry: dict[str, Any] = {"branch": branch}
        if url:
            entry["url"] = url
        entry["bits"] = bits
        head = values.integer(cells["head"]) if cells["head"] else None
        if head is None and cells["head"]:
            head_bits = values.decimal(cells["head"])
            head = int(head_bits) if head_bits is not None and head_bits.is_integer() else None
        if head is not None:
            entry["head_bits"] = head
        size = values.size(cells["size"]) if cells["size"] else None
        if size:
            entry["size"] = size
        row = next((r for r, n in zip(table.rows, table.row_lines, strict=True) if n == line), [])
        at = [{"context": context, "size": s} for i, context in vram if i < len(row) and (s := values.size(row[i]))]
        if at:
            entry["vram"] = at
        description = values.single_line(markdown.plain(cells["description"])) if cells["description"] else None
        if description:
            entry["description"] = description
        entries.append(entry)
    if vram:
        notes.warn("VRAM columns headed in k read as thousands of tokens of 1,024 (4k = 4,096), as exllamav2 counts context", table.line)
    return entries


def from_links(blocks: list[markdown.Block], repo: str | None) -> list[dict[str, Any]]:
    """Branches listed as links to the repository's branches, each named by its bits per weight."""
    entries: list[dict[str, Any]] = []
    for block in blocks:
        if block.kind not in ("para", "table"):
            continue
        for text, url in markdown.links(block.text):
            match = _BPW_TEXT.match(text.strip())
            branch = url.rstrip("/").rsplit("/tree/", 1)[1] if "/tree/" in url else None
            if not match or not branch or (repo and values.repo_from_url(url) not in (repo, None)):
                continue
            if all(e["branch"] != branch for e in entries):
                entries.append({"branch": branch, "url": url, "bits": float(match.group(1))})
    return entries


def from_name(repo: str | None) -> list[dict[str, Any]]:
    """The one setting a repository named ``X-4.0bpw-h6-exl2`` holds, on its main branch."""
    match = _BPW_NAME.search(repo or "")
    if match is None:
        return []
    entry: dict[str, Any] = {"branch": "main", "bits": float(match.group(1))}
    if match.group(2):
        entry["head_bits"] = int(match.group(2))
    return [entry]


def calibration(blocks: list[markdown.Block], notes: Notes) -> dict[str, Any]:
    """The calibration dataset and row length the card states, for every branch."""
    found: dict[str, Any] = {}
    for block in blocks:
        text = block.text
        dataset = _CALIBRATION.search(markdown.plain(text)) if block.kind == "para" else None
        if block.kind == "code":
            flag = _DATASET_FLAG.search(text)
            dataset_name = flag.group(1).rsplit("/", 1)[-1].removesuffix(".parquet") if flag else None
            rows = _ROWS.search(text)
            if rows:
                found.setdefault("calibration_length", int(rows.group(1)))
            if dataset_name and values.is_dataset_id(dataset_name):
                found.setdefault("calibration_dataset", dataset_name)
        elif dataset and values.is_dataset_id(dataset.group(1)):
            found.setdefault("calibration_dataset", dataset.group(1))
    if found:
        notes.warn(f"calibration stated once for the whole card, given to every branch: {found}")
    return found
