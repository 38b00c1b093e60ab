"""Reading a file of the catalog: a regular file only, never through a link, never unbounded.

Every reader of catalog files (the record reader, ``diff``, the schema check) comes here.
A symbolic link could point outside the catalog or at a device (``/dev/zero`` reads forever),
and opening a named pipe waits for a writer that never comes; so the file is opened without
following a link and without waiting, then checked to be a regular file before a byte of it
is read, and at most ``limit + 1`` bytes are read (the caller says what is too large).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """The path is a symbolic link, a folder, a device, a pipe or a socket; ``reason`` says which."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} {reason}")
        self.path = path
        self.reason = reason


def kind_of(mode: int) -> str:
    """What a file of ``mode`` is, in words: 'a symbolic link', 'a folder', 'a device', ..."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def read_regular(path: Path, limit: int, *, follow: bool = False) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path``.

    Raises :class:`NotRegularFile` for a link (unless ``follow``: a path the user named
    on the command line may be one) or anything but a regular file, ``OSError`` otherwise.
    """
    flags = _FLAGS if not follow else _FLAGS & ~getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) and not follow:
            raise NotRegularFile(path, "is a symbolic link") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, f"is {kind_of(mode)}, not a regular file")
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def stale(folder: Path, expected: dict[str, str]) -> list[str]:
    """Names of the files ``expected`` (name -> text) that ``folder`` lacks or holds otherwise
    (the committed JSON Schema files, checked against the classes). A link or a device
    there is stale, and never read."""
    out = []
    for name, text in expected.items():
        data = text.encode("utf-8")
        try:
            current = read_regular(folder / name, len(data))
        except OSError:
            current = None
        if current != data:
            out.append(name)
    return out
