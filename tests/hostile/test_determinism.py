"""Determinism: the same catalog gives the same docs/ byte for byte, whatever the hash seed,
locale, time zone, file creation order, modification times or folder it is read from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import inject

REPO = Path(__file__).resolve().parents[2]

#: Two environments that differ in everything that could leak into the output.
ENVIRONMENTS = (
    {"PYTHONHASHSEED": "1", "LC_ALL": "C", "LANG": "C", "TZ": "UTC"},
    {"PYTHONHASHSEED": "4242", "LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8", "TZ": "Pacific/Kiritimati"},
)


def _copy(source: Path, target: Path, *, reverse: bool) -> None:
    """Copy a catalog creating its files (and folders) in sorted or reverse order, with odd mtimes."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    for number, path in enumerate(reversed(files) if reverse else files):
        copy = target / path.relative_to(source)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        if reverse:
            os.utime(copy, (1_000_000 + number, 1_000_000 + number))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _generate(catalog: Path, docs: Path, env: dict[str, str], cwd: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "LC_ALL", "LANG", "TZ")}
    environment.update(env, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--catalog", str(catalog), "generate", "--docs", str(docs)],
        cwd=cwd, env=environment, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr


def _assert_same(first: dict[str, bytes], second: dict[str, bytes]) -> None:
    assert sorted(first) == sorted(second)
    differing = [rel for rel in first if first[rel] != second[rel]]
    assert not differing, f"{len(differing)} files differ, e.g. {differing[:5]}"
    assert any(rel.startswith("zh/") for rel in first) and "en/api/catalog.json" in first


def _twice(source: Path, tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    trees = []
    for number, env in enumerate(ENVIRONMENTS):
        work = tmp_path / f"run{number}"
        _copy(source, work / "catalog", reverse=bool(number))
        _generate(work / "catalog", work / "docs", env, cwd=work if number else REPO)
        trees.append(_tree(work / "docs"))
    return trees[0], trees[1]


@pytest.mark.slow
def test_real_catalog_generates_the_same_bytes_everywhere(tmp_path: Path) -> None:
    _assert_same(*_twice(REPO / "catalog", tmp_path))


@pytest.mark.slow
def test_synthetic_catalog_generates_the_same_bytes_everywhere(tmp_path: Path) -> None:
    from bench.scale import synthesize

    synthesize(tmp_path / "source", 300)
    _assert_same(*_twice(tmp_path / "source", tmp_path))


def test_hostile_catalog_generates_the_same_bytes_everywhere(tmp_path: Path) -> None:
    """Payloads (bidi, Jinja, pipes, attr lists) do not make the output depend on the run."""
    from tests.hostile import corpus

    base = inject.base_records()
    keep = {r.rel for r in inject.covering(base)}
    records = list(base)
    for number, name in enumerate(("bidi", "jinja", "pipes", "md-link-attrs", "newline-cell")):
        outcome = inject.survivors(corpus.PAYLOADS[name], tmp_path / f"p{number}", base)
        records += inject.renamed([r for r in outcome.records if r.rel in keep], f"-d{number}")
    inject.write(tmp_path / "source", records)
    _assert_same(*_twice(tmp_path / "source", tmp_path))
