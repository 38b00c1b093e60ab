"""One run at a time writes an output folder: ``generate``, ``site``, ``export`` and ``serve``.

Each run writes a fresh folder beside its target and swaps it in (``generator.write``),
clearing what a killed run left behind first. Two runs at once would clear each other's
fresh folders, and both could exit 0 leaving docs/ without whole folders. So a run holds an
exclusive lock on the folder that contains each target (the parent stays put while the
target itself is swapped) from before it reads the catalog until its last rename; a second
run is refused at once, with a message naming the folder, rather than left waiting on a
run that may hang.

The lock is ``flock`` on the parent folder itself: nothing is created, and the kernel
releases it when the process ends, however it ends (no stale lock files after a kill).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from generator import write

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: runs are not serialised there
    fcntl = None  # type: ignore[assignment]


class Busy(Exception):
    """Another run holds the lock of an output folder; the message says which and what to do."""


@contextlib.contextmanager
def hold(*targets: Path) -> Iterator[None]:
    """Hold the locks for writing ``targets`` (folders or files) for the ``with`` block.

    Raises :class:`Busy` at once when another run holds one of them.
    """
    parents = sorted({_parent(target) for target in targets})
    with contextlib.ExitStack() as stack:
        for parent in parents:
            stack.enter_context(_locked(parent))
        yield


def _parent(target: Path) -> Path:
    parent = target.absolute().parent
    write.make_folder(parent)
    return parent.resolve()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            raise Busy(
                f"another generate, site, export or serve run is writing into {folder}/; "
                "wait for it to finish, then run again"
            ) from None
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock
