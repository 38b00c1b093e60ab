"""Which catalog records a change adds, changes and removes, against a git ref.

``python -m generator diff origin/main`` compares the working tree (committed or not, new
files included) with ``BASE`` and lists record ids by kind; ``--format markdown`` writes the
same for a GitHub job summary. Files under catalog/ that are not records (the JSON Schema
files, a README) are listed apart. For a changed record it names the top-level fields whose
values differ, so a reviewer sees at a glance that a change touched ``scores`` but not
``license``.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import printable
from generator.read.files import NotRegularFile, read_regular
from generator.read.yamlsource import MAX_BYTES, decode, parse
from generator.schema.kinds import BY_FOLDER, KINDS

STATUSES = ("added", "changed", "removed")


class DiffError(Exception):
    """git could not answer (no repository, unknown ref); the message says what to do."""


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # a record kind's name, or "" for a file that is not a record
    id: str  # the record id, or the path under catalog/ for other files
    status: str  # one of STATUSES
    fields: tuple[str, ...] = ()  # top-level fields that differ (changed records only)
    note: str = ""  # why a changed record was not compared (a link, a device, too large)


@dataclass
class Report:
    base: str
    changes: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for c in self.changes if c.status == status)


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        result = subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return result


def compare(catalog: Path, base: str) -> Report:
    """The records under ``catalog`` that differ between ``base`` and the working tree."""
    if not base or base.startswith("-"):
        raise DiffError(f"{base!r} is not a git ref")
    folder = catalog.resolve()
    if not folder.is_dir():
        raise DiffError(f"catalog folder {str(catalog)!r} does not exist")
    top = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise DiffError(f"{catalog} is not inside a git repository")
    repo = Path(top.stdout.decode().strip())
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}", check=False).returncode != 0:
        raise DiffError(f"unknown git ref {base!r}; fetch it first (in CI, check out with fetch-depth: 0)")
    rel = folder.relative_to(repo.resolve()).as_posix()
    prefix = "" if rel == "." else f"{rel}/"

    statuses: dict[str, str] = {}
    out = _git(repo, "diff", "--name-status", "--no-renames", "-z", base, "--", f"{prefix}.").stdout
    tokens = out.decode("utf-8", "replace").split("\0")
    for status, path in zip(tokens[0::2], tokens[1::2], strict=False):
        if path:
            statuses[path] = {"A": "added", "D": "removed"}.get(status[:1], "changed")
    untracked = _git(repo, "ls-files", "-z", "--others", "--exclude-standard", "--", f"{prefix}.").stdout
    for path in untracked.decode("utf-8", "replace").split("\0"):
        if path:
            statuses[path] = "added"

    report = Report(base)
    for path, status in statuses.items():
        inner = path[len(prefix) :]
        kind, record_id = record_of(inner)
        fields: tuple[str, ...] = ()
        note = ""
        if kind and status == "changed":
            fields, note = _changed_fields(repo, base, path)
        report.changes.append(Change(kind, record_id if kind else inner, status, fields, note))
    report.changes.sort(key=lambda c: (_kind_order(c.kind), STATUSES.index(c.status), c.id))
    return report


def record_of(path: str) -> tuple[str, str]:
    """(kind, id) of a path under the catalog folder, or ("", "") when it is not a record."""
    parts = path.split("/")
    kind = BY_FOLDER.get(parts[0])
    if kind is None or not parts[-1].endswith(".yaml") or len(parts) - 1 not in kind.depths:
        return "", ""
    return kind.name, "/".join(parts[1:])[: -len(".yaml")]


def _kind_order(kind: str) -> int:
    names = [k.name for k in KINDS]
    return names.index(kind) if kind in names else len(names)


def _changed_fields(repo: Path, base: str, path: str) -> tuple[tuple[str, ...], str]:
    """Top-level fields whose values differ (empty when either side does not parse), and why a
    side was not read: a record must be a regular file of at most ``MAX_BYTES`` on both sides."""
    listed = _git(repo, "ls-tree", "-z", "--long", base, "--", path, check=False).stdout.decode("utf-8", "replace")
    meta = listed.split("\t", 1)[0].split()
    if len(meta) != 4 or meta[1] != "blob":
        return (), ""
    mode, blob, size = meta[0], meta[2], meta[3]
    if mode == "120000":
        return (), f"in {base} a symbolic link: not read"
    if not size.isdigit() or int(size) > MAX_BYTES:
        return (), f"in {base} larger than {MAX_BYTES // 1024} KiB: not read"
    try:
        new = read_regular(repo / path, MAX_BYTES)
    except NotRegularFile as exc:
        return (), f"{exc.reason}: not read"
    except OSError:
        return (), ""
    if len(new) > MAX_BYTES:
        return (), f"larger than {MAX_BYTES // 1024} KiB: not read"
    old = _git(repo, "cat-file", "blob", blob, check=False)
    if old.returncode != 0:
        return (), ""
    before, after = _mapping(old.stdout), _mapping(new)
    if before is None or after is None:
        return (), ""
    return tuple(sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))), ""


def _mapping(raw: bytes) -> dict[str, Any] | None:
    text, _ = decode(raw)
    if text is None:
        return None
    doc = parse(text)
    return doc.data if isinstance(doc.data, dict) and not doc.issues else None


# --- output ----------------------------------------------------------------------------

_PLURAL = {"model": "Models", "quant": "Quants", "dataset": "Datasets", "license": "Licenses",
           "benchmark": "Benchmarks", "prompt-format": "Prompt formats", "": "Other files under catalog/"}


def render(report: Report, fmt: str) -> str:
    return render_markdown(report) if fmt == "markdown" else render_text(report)


def _totals(report: Report) -> str:
    return ", ".join(f"{report.count(s)} {s}" for s in STATUSES)


def render_text(report: Report) -> str:
    base = printable(report.base)
    if not report.changes:
        return f"no catalog changes against {base}\n"
    lines = [f"catalog changes against {base}: {_totals(report)}"]
    for kind in _kinds(report):
        lines.append(f"{_PLURAL[kind]}:")
        for c in (c for c in report.changes if c.kind == kind):
            detail = f" ({', '.join(c.fields or (c.note,))})" if c.fields or c.note else ""
            # Ids come from file names and fields from YAML keys: escape what a terminal acts on.
            lines.append(printable(f"  {c.status:<8} {c.id}{detail}"))
    return "\n".join(lines) + "\n"


def render_markdown(report: Report) -> str:
    lines = [f"### Catalog changes against `{_code(report.base)}`", ""]
    if not report.changes:
        return "\n".join([*lines, "No records added, changed or removed.", ""])
    lines += [f"**{_totals(report)}**", ""]
    for kind in _kinds(report):
        lines += [f"#### {_PLURAL[kind]}", "", "| | id | fields changed |", "|---|---|---|"]
        for c in (c for c in report.changes if c.kind == kind):
            fields = ", ".join(f"`{f}`" for f in map(_code, c.fields)) or _code(c.note)
            lines.append(f"| {c.status} | `{_code(c.id)}` | {fields} |")
        lines.append("")
    return "\n".join(lines)


def _kinds(report: Report) -> list[str]:
    return sorted({c.kind for c in report.changes}, key=_kind_order)


_UNSAFE = re.compile(r"[`|<>\\\r\n]")


def _code(text: str) -> str:
    """Text safe inside a Markdown code span in a table cell: no backticks, pipes, tags or breaks,
    and no character a terminal or a log viewer acts on."""
    return _UNSAFE.sub("?", printable(text))
