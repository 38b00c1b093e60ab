"""Atomic output: a run that fails at any stage leaves the previous docs/ and site/ exactly as
they were (every file hashed before and after), and the next good run cleans up after it.

Stages: the catalog is invalid; a template raises while rendering; MkDocs fails; the
process is killed with SIGKILL while writing (and, simulated, between its two renames).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import cli, pipeline, write
from generator.render import pages
from generator.site import build
from tests.factory import MODEL, valid_model, write_catalog

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with the SHA-256 of its bytes."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
    return out


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".docs.", ".site.")))


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, Path]:
    """A good run's docs/ and site/ (of the mini catalog), to be kept by failing runs."""
    docs, site = tmp_path / "out" / "docs", tmp_path / "out" / "site"
    assert not [p for p in pipeline.generate(MINI, docs) if p.severity == "error"]
    return docs, site


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)


@pytest.mark.build
def test_invalid_catalog_leaves_docs_and_site_untouched(tmp_path: Path, previous: tuple[Path, Path]) -> None:
    docs, site = previous
    build.mkdocs_build(REPO / "mkdocs.yml", site, docs=docs)
    before = snapshot(docs.parent)
    broken = write_catalog(tmp_path / "broken", {MODEL: valid_model(url="javascript:alert(1)")})
    result = _cli("--catalog", str(broken), "site", "--docs", str(docs), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert "url: link 'javascript:alert(1)' must start with https://" in result.stderr
    assert f"nothing written: fix the catalog first; {docs}/ is unchanged" in result.stderr
    assert snapshot(docs.parent) == before
    assert leftovers(docs.parent) == []


def test_template_error_leaves_docs_untouched(
    tmp_path: Path, previous: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, _ = previous
    before = snapshot(docs.parent)
    templates = tmp_path / "templates"
    shutil.copytree(pages._TEMPLATES, templates)
    model = templates / "model.md.jinja"
    model.write_text(model.read_text(encoding="utf-8") + "\n{{ no_such_value.anywhere }}\n", encoding="utf-8")
    monkeypatch.setattr(pages, "_TEMPLATES", templates)
    code = cli.main(["--catalog", str(MINI), "generate", "--docs", str(docs)])
    assert code == cli.EXIT_BUG  # a template bug is reported in one line, not as a traceback
    assert snapshot(docs.parent) == before
    assert leftovers(docs.parent) == []


def test_failure_while_writing_leaves_docs_untouched(
    previous: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up (or any OSError) halfway through writing the new tree."""
    docs, _ = previous
    before = snapshot(docs.parent)
    real_write = write._write
    written = []

    def failing_write(root: Path, rel: str, content: write.Content, folders: set[str] | None = None) -> None:
        if len(written) == 20:
            raise OSError(28, "No space left on device")
        written.append(rel)
        real_write(root, rel, content, folders)

    monkeypatch.setattr(write, "_write", failing_write)
    # Unchanged files would be carried over from the previous tree: make every one a write.
    monkeypatch.setattr(write.TreeWriter, "_link_if_same", lambda self, rel, data: False)
    with pytest.raises(OSError, match="No space left"):
        pipeline.generate(MINI, docs)
    assert len(written) == 20
    assert snapshot(docs.parent) == before
    assert leftovers(docs.parent) == []


@pytest.mark.build
def test_mkdocs_failure_leaves_site_untouched(tmp_path: Path, previous: tuple[Path, Path]) -> None:
    docs, site = previous
    build.mkdocs_build(REPO / "mkdocs.yml", site, docs=docs)
    before = snapshot(site.parent)
    # --strict refuses a link to a page that does not exist
    (docs / "zh" / "models" / "broken.md").write_text("[a link to nowhere](nowhere.md)\n", encoding="utf-8")
    with pytest.raises(build.BuildError, match="mkdocs build of 'zh' failed"):
        build.mkdocs_build(REPO / "mkdocs.yml", site, docs=docs)
    (docs / "zh" / "models" / "broken.md").unlink()
    assert snapshot(site.parent) == before
    assert leftovers(site.parent) == []


@pytest.mark.slow
def test_sigkill_while_writing_leaves_docs_untouched_and_the_next_run_recovers(tmp_path: Path) -> None:
    from bench.scale import synthesize

    catalog = tmp_path / "catalog"
    synthesize(catalog, 600)
    docs = tmp_path / "out" / "docs"
    first = _cli("--catalog", str(MINI), "generate", "--docs", str(docs))
    assert first.returncode == 0, first.stderr
    before = snapshot(docs)

    command = [sys.executable, "-m", "generator", "--catalog", str(catalog), "generate", "--docs", str(docs)]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    killed_with = 0
    try:
        while child.poll() is None:
            fresh = [p for p in docs.parent.glob(".docs.new-*") if p.is_dir()]
            if fresh and sum(len(files) for _, _, files in os.walk(fresh[0])) >= 50:
                child.send_signal(signal.SIGKILL)
                killed_with = len(list(fresh[0].rglob("*.md")))
                break
            time.sleep(0.001)
        child.wait(timeout=300)
    finally:
        if child.poll() is None:
            child.kill()
    assert killed_with, "generate finished before it could be killed while writing; make the catalog larger"
    assert child.returncode == -signal.SIGKILL
    assert snapshot(docs) == before  # not one byte of the previous docs/ changed
    assert [p for p in leftovers(docs.parent) if p.startswith(".docs.new-")]  # the half-written tree is left over

    again = _cli("--catalog", str(catalog), "generate", "--docs", str(docs))
    assert again.returncode == 0, again.stderr
    assert leftovers(docs.parent) == []  # the next run removed it
    reference = tmp_path / "reference" / "docs"
    assert _cli("--catalog", str(catalog), "generate", "--docs", str(reference)).returncode == 0
    assert snapshot(docs) == snapshot(reference)


def test_killed_between_the_two_renames_the_previous_tree_comes_back(previous: tuple[Path, Path]) -> None:
    """The state a kill between ``rename(docs, .docs.old-PID)`` and ``rename(fresh, docs)`` leaves."""
    docs, _ = previous
    before = snapshot(docs)
    os.rename(docs, docs.parent / ".docs.old-4242")
    (docs.parent / ".docs.new-abcd").mkdir()
    (docs.parent / ".docs.new-abcd" / "index.md").write_text("half\n", encoding="utf-8")
    write.recover(docs)
    assert snapshot(docs) == before
    # The next run also clears the half-written tree and ends with only docs/.
    assert not [p for p in pipeline.generate(MINI, docs) if p.severity == "error"]
    assert leftovers(docs.parent) == []
    assert snapshot(docs) == before  # same catalog, same bytes


def test_a_run_rewrites_only_the_pages_that_changed(tmp_path: Path) -> None:
    """Unchanged files are carried over (hard-linked) from the previous tree: their inodes
    stay, so watchers and the next build see only the pages an edit touched."""
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    docs = tmp_path / "docs"
    pipeline.generate(catalog, docs)
    inodes = {p.relative_to(docs).as_posix(): p.stat().st_ino for p in docs.rglob("*") if p.is_file()}
    record = catalog / "prompt-formats" / "chatml.yaml"
    record.write_text(record.read_text("utf-8").replace("name: ChatML", "name: ChatML v2"), "utf-8")
    problems, done = pipeline.generate_counted(catalog, docs)
    assert not problems and done is not None
    changed = sorted(rel for rel, ino in inodes.items() if (docs / rel).stat().st_ino != ino)
    assert changed and all(
        rel.endswith(("prompt-formats/chatml.md", "prompt-formats/index.md", "models/open/Chat-7B.md", "quants/packer/Chat-7B-GGUF.md"))
        or rel.endswith(("api/catalog.json", "api/prompt-formats.json", "tools/models-data.js", "assets/search/index.js"))
        for rel in changed
    ), changed
    assert done.written == len(changed) and done.kept == len(inodes) - len(changed)


# --- two runs at once ----------------------------------------------------------------------


def test_a_second_run_is_refused_while_the_output_is_locked(previous: tuple[Path, Path]) -> None:
    from generator import lock

    docs, site = previous
    before = snapshot(docs.parent)
    with lock.hold(docs):
        result = _cli("--catalog", str(MINI), "site", "--docs", str(docs), "--site-dir", str(site))
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"error: another generate, site, export or serve run is writing into {docs.parent.resolve()}/; "
        "wait for it to finish, then run again\n"
    )
    assert snapshot(docs.parent) == before
    with lock.hold(docs):  # released when the block ends, also by a refused run
        pass


@pytest.mark.slow
def test_two_generate_runs_at_once_never_leave_docs_partial(tmp_path: Path) -> None:
    """Run B starts while run A writes: B is refused, A finishes, docs/ is A's whole output.

    Without the lock, B cleared A's half-written folder and both exited 0, leaving docs/
    without whole folders.
    """
    from bench.scale import synthesize
    from generator import lock

    catalog = tmp_path / "catalog"
    synthesize(catalog, 200)  # A is stopped while it writes: it only has to be seen writing
    docs = tmp_path / "out" / "docs"
    command = [sys.executable, "-m", "generator", "--catalog", str(catalog), "generate", "--docs", str(docs)]
    first = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        while first.poll() is None and not list(docs.parent.glob(".docs.new-*/*/api")):  # the first folder written
            time.sleep(0.001)
        first.send_signal(signal.SIGSTOP)  # A stays halfway through writing while B runs
        try:
            assert first.poll() is None, "run A finished before it was seen writing; make the catalog larger"
            second = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, timeout=600)
            try:
                with lock.hold(docs):
                    held = False
            except lock.Busy:
                held = True
        finally:
            first.send_signal(signal.SIGCONT)
        _, err = first.communicate(timeout=600)
    finally:
        if first.poll() is None:
            first.kill()
    reference = tmp_path / "reference" / "docs"
    assert not [p for p in pipeline.generate(catalog, reference) if p.severity == "error"]
    assert snapshot(docs) == snapshot(reference)  # whole, whichever run wrote it
    assert held, "run A did not hold the lock while it was writing"
    assert first.returncode == 0, err
    assert second is not None and second.returncode == 1, second.stderr if second else ""
    assert "another generate, site, export or serve run is writing into" in second.stderr
    assert leftovers(docs.parent) == []
