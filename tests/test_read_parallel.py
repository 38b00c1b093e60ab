"""A full run reads its files in two processes when there are many (``read.records._read_all``):
it gives the records and problems, in order, that one process gives, whichever process
reads which share, and whether or not the worker lives to the end."""

from __future__ import annotations

import os
import shutil
import struct
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
    """Read the mini catalog as a big one is read: in two processes, a file a share."""
    monkeypatch.setattr(records, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(records, "_SHARE", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)


def _die() -> None:
    os._exit(9)  # as an out-of-memory kill would end the worker


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


def test_a_reader_that_dies_leaves_its_files_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)

    _in_two_processes(monkeypatch)
    monkeypatch.setattr(records, "_read_front", _die)
    assert _shown(root) == one


def test_a_reader_that_dies_on_the_way_leaves_the_rest_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker sends a share, then dies in the next: the shares it took and never sent
    are read here too."""
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)
    here = os.getpid()
    real_read = records._Shares.read
    sent = []

    def dies_at_its_second(shares: records._Shares, share: int):  # type: ignore[no-untyped-def]
        if os.getpid() != here:
            if sent:
                os._exit(9)
            sent.append(share)
        return real_read(shares, share)

    _in_two_processes(monkeypatch)
    monkeypatch.setattr(records._Shares, "read", dies_at_its_second)
    assert _shown(root) == one


def _dies_sending(sending: Any, outbox: Any) -> None:
    sending.get()  # the first share the worker read
    os.write(outbox.fileno(), struct.pack("!i", 1 << 20) + b"the start of a share")  # a message cut short
    os._exit(9)


def test_a_reader_that_dies_while_sending_leaves_the_rest_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies halfway through sending a share: this process does not wait for the
    rest of it (its end of the pipe is closed), and reads what the worker did not send."""
    root = tmp_path / "catalog"
    shutil.copytree(REPO / "tests/fixtures/mini/catalog", root)
    monkeypatch.setattr(records, "_PARALLEL_FROM", 10**9)
    one = _shown(root)

    _in_two_processes(monkeypatch)
    monkeypatch.setattr(records, "_send", _dies_sending)
    assert _shown(root) == one
