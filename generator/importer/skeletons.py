"""Skeletons for records a card refers to but states nothing (or little) about.

The skeleton is ``generator.scaffold``'s (``python -m generator new``): every field with its
meaning, ``# TODO`` where a source must fill it in. Values the card does state (a license's
name and link, a prompt format's name) replace their TODO lines. A skeleton fails validation
at its TODO lines on purpose: it is a form to complete, not a record to publish.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importer import benchmarks, records
from generator.importer.records import Record


def skeleton(kind: str, record_id: str, known: dict[str, Any]) -> Record | None:
    known = dict(known)
    if kind == "benchmark" and record_id in benchmarks.BY_ID:
        known.setdefault("name", benchmarks.BY_ID[record_id].name)
    try:
        from generator import scaffold
    except ImportError:  # pragma: no cover - scaffold ships with the generator
        header = ["Skeleton from `python -m generator import`: fill in every TODO from the sources."]
        return Record(kind, record_id, records.render(kind, record_id, known, header=header), "skeleton", known)
    try:
        text = scaffold.skeleton(kind, record_id)
    except scaffold.ScaffoldError:
        return None
    return Record(kind, record_id, fill(text, known), "skeleton", known)


def fill(text: str, known: dict[str, Any]) -> str:
    """Put ``known`` top-level values into a scaffold skeleton in place of their TODO or sketch lines."""
    lines = text.split("\n")
    for key, value in known.items():
        if value is None:
            continue
        rx = re.compile(rf"^(?:# )?{re.escape(key)}:(?:\s|$)")
        at = next((i for i, line in enumerate(lines) if rx.match(line)), None)
        if at is None:
            continue
        end = at + 1
        commented = lines[at].startswith("# ")
        while end < len(lines) and (lines[end].startswith("#   ") if commented else lines[end].startswith(" ")):
            end += 1
        lines[at:end] = records.dump({key: value}).rstrip("\n").split("\n")
    return "\n".join(lines)
