"""A full run reads its files in two processes when there are many (``read.records._read_all``):
it gives the records and problems, in order, that one process gives, whichever process
reads which share, and whether or not the worker lives to the end."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import struct
import time
from pathlib import Path
from typing import Any

import pytest

from generator import parallel
from generator.pipeline import load
from generator.read import records

REPO = Path(__file__).resolve().parents[1]


def _shown(catalog_root: Path) -> tuple[dict[str, dict[str, object]], list[str]]:
    catalog, problems = load(catalog_root)
    data = {kind: {rid: rec.data for rid, rec in recs.items()} for kind, recs in catalog.records.items()}
    return data, [p.text() for p in problems]


def test_reading_in_two_processes_gives_what_one_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    files = sorted(root.rglob("*.yaml"))
    assert len(files) >= 6
    # Mistakes in both shares: the worker's problems must come back, in their place.
    for broken in (files[1], files[-1], files[-2]):
        broken.write_text(broken.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)
    forks = []
    real_forked = parallel.forked

    def counted(workers: int):  # type: ignore[no-untyped-def]
        forks.append(workers)
        return real_forked(workers)

    readers = tmp_path / "readers"
    real_read = records._Shares.read

    def noted(shares: records._Shares, share: int):  # type: ignore[no-untyped-def]
        with readers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real_read(shares, share)

    _in_two_processes(monkeypatch)
    monkeypatch.setattr(parallel, "forked", counted)
    monkeypatch.setattr(records._Shares, "read", noted)
    two = _shown(root)
    assert forks == [1]
    assert len(set(readers.read_text().split())) == 2, "both processes should have read shares"
    assert two == one
    assert sum("not_a_field" in p for p in two[1]) == 3


def _in_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read the mini catalog as a big one is read: in two processes, a file a share. This
    process reads a few files faster than a worker starts: before its first share it waits
    for the worker to take one (5 s at most: a worker may die first), so that both read."""
    monkeypatch.setattr(records, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(records, "_SHARE", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    real_take_back = records._Shares.take_back

    def take_back(shares: records._Shares) -> int | None:
        if shares.ends[1] == shares.count:  # this process's first share
            waited = time.monotonic()
            while shares.ends[0] == 0 and time.monotonic() - waited < 5:
                time.sleep(0.0001)
        return real_take_back(shares)

    monkeypatch.setattr(records._Shares, "take_back", take_back)


def test_problems_found_after_reading_point_at_the_line_in_the_worker_s_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record read by the worker crosses to this process without its positions (only its
    text: see ``yamlsource.SourcePositions``); a cross-record check's problem in it still
    names the line of the field, as when one process reads everything."""
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    lines = {}
    for model in sorted((root / "models").rglob("*.yaml")):  # every model: the worker reads some
        text = model.read_text(encoding="utf-8")
        assert "\nlicense: " in text
        model.write_text(text.replace("\nlicense: ", "\nlicense: no-such-license-", 1), encoding="utf-8")
        lines[model.name] = 1 + text[: text.index("\nlicense: ") + 1].count("\n")
    assert len(lines) >= 2
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)[1]
    for name, line in lines.items():
        assert [p for p in one if "no-such-license" in p and f"{name}:{line}:" in p], (name, one)

    _in_two_processes(monkeypatch)
    assert _shown(root)[1] == one


def _dies_at_once() -> None:
    assert records._RUN is not None
    records._RUN.take_front()
    os._exit(9)  # as an out-of-memory kill would end the worker


_real_read = records._Shares.read


def _dies_at_its_second_share(shares: records._Shares, share: int) -> Any:
    if multiprocessing.parent_process() is not None:  # in the worker
        if getattr(_dies_at_its_second_share, "done", False):
            os._exit(9)
        _dies_at_its_second_share.done = True  # type: ignore[attr-defined]
    return _real_read(shares, share)


def _dies_sending(sending: Any, outbox: Any) -> None:
    sending.get()  # the first share the worker read
    os.write(outbox.fileno(), struct.pack("!i", 1 << 20) + b"the start of a share")  # a message cut short
    os._exit(9)


@pytest.mark.parametrize(
    ("where", "dies"),
    [
        ("_read_front", _dies_at_once),  # when it has taken a share, before reading it
        ("_Shares.read", _dies_at_its_second_share),  # after it has sent a share
        ("_send", _dies_sending),  # halfway through sending a share: the pipe closes with it
    ],
)
def test_a_reader_that_dies_leaves_what_it_did_not_send_to_this_process(
    where: str, dies: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)

    _in_two_processes(monkeypatch)
    owner, _, name = where.rpartition(".")
    monkeypatch.setattr(records._Shares if owner else records, name, dies)
    assert _shown(root) == one
