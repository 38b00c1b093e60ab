"""Problems found in the catalog, and the three ways of printing them.

Every check yields :class:`Problem` values; nothing prints or exits on its own, so one run
reports every problem at once (the python/peps ``check-peps.py`` pattern).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """Render a field path the way contributors read it.

    >>> format_loc(("scores", 0, "breakdown", "stem"))
    'scores[0].breakdown.stem'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a line and column (1-based; 0 when unknown)."""

    path: str
    line: int
    col: int
    field: str
    message: str
    severity: str = "error"

    def __post_init__(self) -> None:
        # A message quotes what it is about; a hostile file can make that 256 KiB (a key, a
        # tag, a number of 200,000 digits). Keep each problem readable: cut the middle.
        object.__setattr__(self, "field", _clip(self.field, MAX_FIELD))
        object.__setattr__(self, "message", _clip(self.message, MAX_MESSAGE))

    def text(self) -> str:
        """One line, ``path:line:col: field: message``; a line break in a value is shown as \\n."""
        where = f"{self.path}:{self.line}:{self.col}" if self.line else self.path
        field = f" {self.field}:" if self.field else ""
        return _one_line(f"{where}:{field} {self.message}")


#: Longest field path and message a problem shows; longer ones lose their middle.
MAX_FIELD = 200
MAX_MESSAGE = 1000


def _clip(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    tail = limit // 3
    return f"{value[: limit - tail - 20]} … ({len(value) - limit + 20:,} characters cut) … {value[-tail:]}"


def _one_line(value: str) -> str:
    # A key or value quoted in a message may hold a line break; one problem stays one line.
    return value.replace("\r", "\\r").replace("\n", "\\n")


def _escape_github(value: str, *, prop: bool = False) -> str:
    # Workflow commands treat %, CR and LF specially; properties also , and :.
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render(problems: Sequence[Problem], fmt: str, checked: int) -> str:
    """Render problems as ``text``, ``github`` (Actions annotations) or ``json``."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if fmt == "json":
        doc = {
            "files_checked": checked,
            "errors": errors,
            "warnings": warnings,
            "problems": [asdict(p) for p in problems],
        }
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    lines: list[str] = []
    for p in problems:
        if fmt == "github":
            props = f"file={_escape_github(p.path, prop=True)}"
            if p.line:
                props += f",line={p.line},col={max(p.col, 1)}"
            if p.field:
                props += f",title={_escape_github(p.field, prop=True)}"
            level = "error" if p.severity == "error" else "warning"
            lines.append(f"::{level} {props}::{_escape_github(p.message)}")
        else:
            lines.append(p.text() if p.severity == "error" else f"{p.text()} (warning)")
    lines.append(summary(errors, warnings, checked))
    return "\n".join(lines) + "\n"


def summary(errors: int, warnings: int, checked: int) -> str:
    files = f"{checked} file{'s' if checked != 1 else ''} checked"
    if not errors and not warnings:
        return f"catalog is valid: {files}"
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} in {files}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Deterministic order: by file, then line, column and message."""
    return sorted(set(problems))
