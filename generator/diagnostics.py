"""Problems found in the catalog, and the three ways of printing them.

Every check yields :class:`Problem` values; nothing prints or exits on its own, so one run
reports every problem at once (the python/peps ``check-peps.py`` pattern).
"""

from __future__ import annotations

import json
import unicodedata
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
        """One line, ``path:line:col: field: message``; a line break in a value is shown as \\n,
        an escape character as \\x1b (see ``printable``)."""
        path, field, message = self.shown()
        where = f"{path}:{self.line}:{self.col}" if self.line else path
        field = f" {field}:" if field else ""
        return f"{where}:{field} {message}"

    def shown(self, keep: str = "") -> tuple[str, str, str]:
        """Path, field and message with unshown characters escaped (but ``keep``), clipped again
        after escaping."""
        return (
            printable(self.path, keep=keep),
            _clip(printable(self.field, keep=keep), MAX_FIELD),
            _clip(printable(self.message, keep=keep), MAX_MESSAGE),
        )


#: Longest field path and message a problem shows; longer ones lose their middle.
MAX_FIELD = 200
MAX_MESSAGE = 1000


def _clip(value: str, limit: int) -> str:
    if len(value) <= limit:
        return value
    tail = limit // 3
    return f"{value[: limit - tail - 20]} … ({len(value) - limit + 20:,} characters cut) … {value[-tail:]}"


#: Characters a terminal or a log viewer acts on instead of showing: controls (an escape
#: sequence repaints the screen), format characters (a bidi override reorders the line) and
#: line or paragraph separators. Messages quote record text, keys and file names, so every
#: such character is printed as an escape (\\x1b, \\u202e), never raw.
_UNSHOWN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def _unshown(char: str) -> bool:
    return unicodedata.category(char) in _UNSHOWN


def printable(value: str, *, keep: str = "") -> str:
    r"""``value`` with every control, format and separator character escaped (but those in ``keep``).

    >>> printable("fake\x1b[2K\rcatalog is valid\u202e")
    'fake\\x1b[2K\\rcatalog is valid\\u202e'
    """
    if value.isascii() and value.isprintable():
        return value
    return "".join(
        char.encode("unicode_escape").decode("ascii") if char not in keep and _unshown(char) else char
        for char in value
    )


def _json_printable(value: str) -> str:
    """JSON text with the same characters written as JSON escapes (the decoded data is unchanged).

    json.dumps escapes the C0 controls inside strings but not DEL, C1 controls, bidi controls
    or separators; a raw line break is the indentation's, between values.
    """
    if value.isascii() and "\x7f" not in value:
        return value
    out = []
    for char in value:
        if char != "\n" and _unshown(char):
            code = ord(char)
            if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def _escape_github(value: str, *, prop: bool = False) -> str:
    # Workflow commands treat %, CR and LF specially; properties also , and :. (Every other
    # control character was escaped as in the text format: log viewers act on ANSI sequences.)
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
        return _json_printable(json.dumps(doc, ensure_ascii=False, indent=2)) + "\n"
    lines: list[str] = []
    for p in problems:
        if fmt == "github":
            path, field, message = p.shown(keep="\r\n")
            props = f"file={_escape_github(path, prop=True)}"
            if p.line:
                props += f",line={p.line},col={max(p.col, 1)}"
            if p.field:
                props += f",title={_escape_github(field, prop=True)}"
            level = "error" if p.severity == "error" else "warning"
            lines.append(f"::{level} {props}::{_escape_github(message)}")
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
