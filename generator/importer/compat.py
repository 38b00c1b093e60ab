"""Clients a quantizer's card says load the files, with the oldest version it names.

* ``compatible with llama.cpp from August 27th onwards, as of commit [d0cee0d](...)``
* ``compatible with llama.cpp between June 6th (commit `2d43387`) and August 21st 2023``
* ``Requires: Transformers 4.32.0 or later, Optimum 1.12.0 or later, and AutoGPTQ 0.4.2 or later.``
* list items: ``- [vLLM](https://github.com/vllm-project/vllm) version 0.2.0 and later.``,
  ``* LM Studio 0.2.9 and later`` (and TheBloke's ``KoboldCpp 1.52 as later``)
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import markdown

_LLAMA_CPP = re.compile(
    r"compatible with llama\.cpp\b[^.]*?commit\s+\[?`?([0-9a-f]{7,40})`?\]?(?:\((https://github\.com/[^)\s]+)\))?",
    re.IGNORECASE,
)
_REQUIRES = re.compile(r"requires?:?\s+(.+?)(?:\.\s|\.$|$)", re.IGNORECASE)
_LIST_ITEM = re.compile(
    r"^\s{0,6}[-*+]\s+(?:\[(?P<name>[^\[\]\n]{1,80})\]\((?P<url>https?://[^()\s]{1,300})\)"
    r"|(?P<plain>[A-Za-z][\w.\-]{0,40}(?: [A-Za-z][\w.\-]{0,40}){0,3}))"
    r"\s+(?:version\s+)?v?(?P<version>\d+(?:\.\d+){1,3})\s+(?:and|or|as)\s+later\b",
    re.IGNORECASE,
)
_OR_LATER = re.compile(r"([A-Za-z][\w.\-]*(?: [A-Z][\w.\-]*)?)\s+v?(\d+(?:\.\d+)+)\s+or\s+later", re.IGNORECASE)


def clients(blocks: list[markdown.Block]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for block in blocks:
        if block.kind != "para":
            continue
        text = block.text
        match = _LLAMA_CPP.search(text)
        if match and "llama.cpp" not in seen:
            seen.add("llama.cpp")
            entry: dict[str, Any] = {"client": "llama.cpp", "min_version": match.group(1)}
            if match.group(2):
                entry["url"] = match.group(2)
            out.append(entry)
        for raw in block.lines:
            item = _LIST_ITEM.match(raw)
            if item is None:
                continue
            name = markdown.plain(item.group("name") or item.group("plain")).strip()
            if not name or name.lower() in seen:
                continue
            seen.add(name.lower())
            entry = {"client": name, "min_version": item.group("version")}
            if item.group("url"):
                entry["url"] = item.group("url")
            out.append(entry)
        for line in markdown.plain(text).split("\n"):
            req = _REQUIRES.search(line)
            if not req:
                continue
            for name, version in _OR_LATER.findall(req.group(1)):
                name = re.sub(r"^(?:and|or)\s+", "", name.strip(), flags=re.IGNORECASE)
                if name.lower() in seen:
                    continue
                seen.add(name.lower())
                out.append({"client": name, "min_version": version})
    return out
