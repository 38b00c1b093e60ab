"""GPTQ and AWQ branch tables (cards that describe their files in prose: ``prose_quant``).

Layouts seen on TheBloke's cards, all read by column name:

* ``Branch | Bits | GS | Act Order | Damp % | GPTQ Dataset | Seq Len | Size | ExLlama | Desc``
* ``Branch | Bits | Group Size | Act Order (desc_act) | File Size | ExLlama Compatible? | Made With | Description``
* ``Branch | Bits | GS | AWQ Dataset | Seq Len | Size`` (AWQ)
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown, tables, values
from generator.importer.notes import Notes

_BRANCH = ("branch",)
_BITS = ("bits",)
_GS = ("gs", "group size", "groupsize", "group_size")
_ACT = ("act order", "act order (desc_act)", "desc_act", "act-order", "act_order")
_DAMP = ("damp %", "damp", "damp_percent", "damp percent")
_DATASET = ("gptq dataset", "awq dataset", "dataset", "calibration dataset", "quantisation dataset")
_SEQ = ("seq len", "sequence length", "seqlen", "seq_len")
_SIZE = ("size", "file size")
_EXLLAMA = ("exllama", "exllama compatible?", "exllama compatible", "exllama compat", "exllama compatibility")
_DESC = ("desc", "description")


def is_branch_table(table: tables.Table) -> bool:
    return table.column(*_BRANCH) is not None and table.column(*_BITS) is not None


def branch_format(table: tables.Table) -> str | None:
    """'awq' or 'gptq' when the table's columns say so (``AWQ Dataset``, ``Act Order``)."""
    columns = " ".join(table.columns).lower()
    if "awq" in columns:
        return "awq"
    if "gptq" in columns or "act order" in columns or "desc_act" in columns:
        return "gptq"
    return None


def branches(table: tables.Table, notes: Notes) -> list[dict[str, Any]]:
    col = {
        "branch": table.column(*_BRANCH),
        "bits": table.column(*_BITS),
        "gs": table.column(*_GS),
        "act": table.column(*_ACT),
        "damp": table.column(*_DAMP),
        "dataset": table.column(*_DATASET),
        "seq": table.column(*_SEQ),
        "size": table.column(*_SIZE),
        "exllama": table.column(*_EXLLAMA),
        "desc": table.column(*_DESC),
    }
    rows = (_row(cells, line, notes) for cells, line in table.cells(col))
    return [entry for entry in rows if entry is not None]


def _row(cells: dict[str, str], line: int, notes: Notes) -> dict[str, Any] | None:
    branch, url = tables.link(cells["branch"])
    branch = branch.strip()
    if not branch or " " in branch:
        return None
    bits = values.integer(cells["bits"])
    if bits is None:
        notes.warn(f"branch {branch!r}: Bits {cells['bits']!r} is not a number; row skipped", line)
        return None
    entry: dict[str, Any] = {"branch": branch}
    if url and url.startswith(("https://", "http://")):
        entry["url"] = url
    entry["bits"] = bits
    _put(entry, "group_size", group_size(cells["gs"]), cells["gs"], branch, line, notes)
    _put(entry, "act_order", values.boolean(cells["act"]), cells["act"], branch, line, notes)
    damp = values.decimal(cells["damp"])
    if damp is not None and not 0 <= damp <= 1:
        notes.warn(f"branch {branch!r}: Damp % {damp:g} is not a fraction between 0 and 1; left out", line)
        damp = None
    _put(entry, "damp_percent", damp, cells["damp"], branch, line, notes)
    _put(entry, "calibration_dataset", dataset(cells["dataset"]), cells["dataset"], branch, line, notes)
    _put(entry, "seq_len", values.integer(cells["seq"]), cells["seq"], branch, line, notes)
    _put(entry, "size", values.size(cells["size"]), cells["size"], branch, line, notes)
    _put(entry, "exllama", values.boolean(cells["exllama"]), cells["exllama"], branch, line, notes)
    desc = " ".join(markdown.plain(cells["desc"]).split())
    if desc:
        if values.single_line(desc):
            entry["description"] = desc
        else:
            entry["note"] = {"en": desc}
    return entry


def _put(entry: dict[str, Any], field: str, value: Any, raw: str, branch: str, line: int, notes: Notes) -> None:
    if value is not None:
        entry[field] = value
    elif raw.strip() and markdown.plain(raw).strip() not in ("-", "?"):
        notes.warn(f"branch {branch!r}: cannot read {field} from {markdown.plain(raw)!r}; left out", line)


def group_size(cell: str) -> int | str | None:
    text = markdown.plain(cell).strip().lower()
    if text in ("none", "-1", "no"):
        return "none"
    match = re.fullmatch(r"(\d+)\s*g?", text)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def dataset(cell: str) -> str | None:
    """The calibration dataset id: from a datasets/ link, else the cell text when it is an id."""
    for _text, url in markdown.links(cell):
        found = values.dataset_from_url(url)
        if found:
            return found
    text = markdown.plain(cell).strip()
    return text if text and values.is_dataset_id(text) else None
