"""Finding record files under catalog/ and reading their ids from their paths.

Refuses what could escape the catalog or confuse a file system: symlinks and other files
that are not regular, names that are not valid ids, Windows-reserved names, ids that differ
only by case, and trees too large; and ids whose page a site builder would map onto another
page (``generator.builders``: "index", "README").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator import builders
from generator.diagnostics import Problem
from generator.read import files
from generator.schema.kinds import BY_FOLDER, Kind

#: More files than this is not a catalog but a mistake (or an attempt to exhaust CI).
MAX_FILES = 20_000
#: Folders and files under catalog/ that are not records.
NOT_RECORDS = {"schema", "README.md"}
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@dataclass(frozen=True)
class Entry:
    """A record file found on disk: its kind, id, and path as shown to contributors."""

    kind: Kind
    id: str
    path: Path  # absolute, to read
    shown: str  # e.g. "catalog/models/CausalLM/7B.yaml"
    depth: int


def discover(root: Path) -> tuple[list[Entry], list[Problem]]:
    """Every record file under ``root`` (the catalog folder), sorted by path, and the problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    prefix = root.name
    count = 0
    for rel, what in _walk(root):
        shown = f"{prefix}/{rel}"
        count += 1
        if count > MAX_FILES:
            problems.append(Problem(prefix, 0, 0, "", f"more than {MAX_FILES} files under {prefix}/: stopped reading; split the change or remove stray files"))
            break
        if what == "a symbolic link":
            problems.append(Problem(shown, 0, 0, "", "symbolic links are not allowed in the catalog; commit the file itself"))
            continue
        if what not in ("file", "folder"):
            problems.append(Problem(shown, 0, 0, "", f"this is {what}, not a regular file; the catalog holds files and folders only"))
            continue
        is_dir = what == "folder"
        parts = rel.split("/")
        if parts[0] in NOT_RECORDS and (len(parts) == 1 or parts[0] == "schema"):
            continue
        kind = BY_FOLDER.get(parts[0])
        if kind is None:
            if len(parts) == 1:  # once, for the top-level folder or file
                known = ", ".join(sorted(BY_FOLDER))
                problems.append(Problem(shown, 0, 0, "", f"'{parts[0]}' is not a record folder; records go in one of: {known}"))
            continue
        if is_dir:
            continue
        entry, problem = _entry(root, kind, tuple(parts), shown)
        if problem:
            problems.append(problem)
        elif entry:
            entries.append(entry)
    entries.sort(key=lambda e: e.shown)
    return entries, problems + _case_collisions(entries)


def _walk(root: Path) -> Iterator[tuple[str, str]]:
    """(relative path, what it is) for everything below ``root``, sorted, links not followed.

    What it is: "file", "folder", or in words what else (``files.kind_of``: "a symbolic link",
    "a named pipe", "a device", ...), which no record may be.
    """
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            with os.scandir(root / rel_dir if rel_dir else root) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subdirs = []
        for item in items:
            rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
            if item.name == ".gitkeep":
                continue
            if item.is_dir(follow_symlinks=False):
                what = "folder"
            elif item.is_file(follow_symlinks=False):
                what = "file"
            else:
                try:
                    what = files.kind_of(item.stat(follow_symlinks=False).st_mode)
                except OSError:
                    what = "something that cannot be read"
            yield rel, what
            if what == "folder" and not (rel_dir == "" and item.name in NOT_RECORDS):
                subdirs.append(rel)
        stack.extend(reversed(subdirs))


def path_problem(kind: Kind, parts: tuple[str, ...]) -> Problem | None:
    """What discovery says of a file at ``catalog/<parts>`` (``parts[0]`` is ``kind``'s
    folder) whatever it holds: None when a record of ``kind`` may live there."""
    return _entry(Path("catalog"), kind, parts, f"catalog/{'/'.join(parts)}")[1]


# Kept: a warm generator discovers the same thousands of files after every edit.
@lru_cache(maxsize=1 << 16)
def _entry(root: Path, kind: Kind, parts: tuple[str, ...], shown: str) -> tuple[Entry | None, Problem | None]:
    name = parts[-1]
    if name.endswith(".yml"):
        return None, Problem(shown, 0, 0, "", "records use the .yaml extension: rename the file to .yaml")
    if not name.endswith(".yaml"):
        return None, Problem(shown, 0, 0, "", f"only .yaml records belong under catalog/{kind.folder}/")
    depth = len(parts) - 1
    if depth not in kind.depths:
        layout = {1: f"catalog/{kind.folder}/<id>.yaml", 2: f"catalog/{kind.folder}/<org>/<name>.yaml"}
        expected = " or ".join(layout[d] for d in kind.depths)
        return None, Problem(shown, 0, 0, "", f"a {kind.name} record must be at {expected}")
    record_id = "/".join(parts[1:])[: -len(".yaml")]
    problem = id_problem(kind, record_id)
    if problem:
        return None, Problem(shown, 0, 0, "", f"the path gives the id {record_id!r}, which {problem}")
    return Entry(kind, record_id, root.joinpath(*parts), shown, depth), None


def id_problem(kind: Kind, record_id: str) -> str | None:
    """Why ``record_id`` cannot be a record of ``kind`` (completing "the id ... which ..."), or None.

    One rule for every writer of records (``import --id``, ``new``) and for the reader.

    >>> from generator.schema.kinds import BY_NAME
    >>> id_problem(BY_NAME["dataset"], "wiki/README")
    "is reserved: MkDocs builds a page named 'README' as its folder's index page; choose another id"
    """
    for part in record_id.split("/"):
        if part.split(".")[0].lower() in _WINDOWS_RESERVED:
            return f"is a reserved file name on Windows ('{part}' names a device there); choose another id"
    reason = builders.reserved(record_id)
    if reason:
        return f"is reserved: {reason}; choose another id"
    try:
        kind.check_id(record_id)
    except ValueError as exc:
        # The id checks say "'x' is not a ...": keep their reason without repeating the id.
        return str(exc).removeprefix(f"{record_id!r} ")
    return None


def _case_collisions(entries: list[Entry]) -> list[Problem]:
    """Report every id that differs only by case from an earlier one (in path order)."""
    first: dict[tuple[str, str], Entry] = {}
    problems = []
    for entry in sorted(entries, key=lambda e: e.shown):
        key = (entry.kind.name, entry.id.lower())
        if key in first:
            other = first[key]
            problems.append(Problem(entry.shown, 0, 0, "", f"id {entry.id!r} differs only by case from {other.id!r} ({other.shown}); ids must differ case-insensitively"))
        else:
            first[key] = entry
    return problems
