"""Work shared out between forked processes, which read the parent's data from its memory
(no copying): the generator's full runs read and render this way when there are cores.

A worker ends when the run that started it ends, even by SIGKILL: left running, it would
go on writing into a tree that the next run removes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def available() -> bool:
    """Whether this system can fork workers (Linux, macOS)."""
    return "fork" in multiprocessing.get_all_start_methods()


def cores() -> int:
    """How many processes the machine runs at once."""
    return os.cpu_count() or 1


@contextmanager
def forked(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` forked processes that die with this one."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_die_with_parent) as pool:
        yield pool


def _die_with_parent() -> None:
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the worker's next write fails instead
        pass
    if os.getppid() == 1:
        os._exit(1)
