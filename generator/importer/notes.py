"""Warnings collected while reading a card: each names the line of the card it is about."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.diagnostics import printable


@dataclass(frozen=True)
class Note:
    line: int  # 1-based line of the card file; 0 when the note is about the whole card
    message: str


@dataclass
class Notes:
    """The warnings of one import, in the order they were found, without repeats."""

    items: list[Note] = field(default_factory=list)

    def warn(self, message: str, line: int = 0) -> None:
        note = Note(line, message)
        if note not in self.items:
            self.items.append(note)

    def render(self, shown: str) -> list[str]:
        """One line per warning: ``card.md:12: warning: ...``, card text escaped as in every
        message (``diagnostics.printable``): a card may hold escape sequences."""
        return [
            printable(f"{shown}:{n.line}: warning: {n.message}" if n.line else f"{shown}: warning: {n.message}")
            for n in self.items
        ]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
