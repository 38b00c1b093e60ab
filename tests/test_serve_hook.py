"""`mkdocs serve` regenerates docs/ when the catalog changes (generator/mkdocs_hooks.py).

The hook is driven the way MkDocs drives it: on_startup('serve'), then on_pre_build before
each rebuild. An edit shows up in the pages; a broken edit keeps the last good pages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import mkdocs_hooks

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests/fixtures/mini/catalog"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[dict[str, str]]:
    shutil.copytree(MINI, tmp_path / "catalog")
    mkdocs_hooks.on_startup("serve", dirty=False)
    # MkDocs serves one language's tree; the hook regenerates every language's.
    yield {"config_file_path": str(tmp_path / "mkdocs.yml"), "docs_dir": str(tmp_path / "docs" / "en")}
    mkdocs_hooks.on_startup("build", dirty=False)


def test_an_edit_regenerates_only_what_changed(project: dict[str, str]) -> None:
    docs = Path(project["docs_dir"]).parent
    mkdocs_hooks.on_pre_build(project)
    page = docs / "en/models/open/Chat-7B.md"
    assert "\n# Open Chat 7B\n" in page.read_text("utf-8")  # the title, after the front matter
    untouched = docs / "en/api/schema/models.schema.json"
    before = untouched.stat().st_mtime_ns

    record = Path(project["config_file_path"]).parent / "catalog/models/open/Chat-7B.yaml"
    record.write_text(record.read_text("utf-8").replace("name: Open Chat 7B", "name: Open Chat 7B v2"), "utf-8")
    mkdocs_hooks.on_pre_build(project)

    assert "\n# Open Chat 7B v2\n" in page.read_text("utf-8")
    assert untouched.stat().st_mtime_ns == before  # unchanged files are not rewritten


def test_a_broken_edit_keeps_the_last_good_pages(project: dict[str, str], caplog: pytest.LogCaptureFixture) -> None:
    docs = Path(project["docs_dir"]).parent
    mkdocs_hooks.on_pre_build(project)
    snapshot = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}

    record = Path(project["config_file_path"]).parent / "catalog/models/open/Chat-7B.yaml"
    record.write_text(record.read_text("utf-8") + "parameters_typo: 7B\n", "utf-8")
    mkdocs_hooks.on_pre_build(project)

    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == snapshot
    assert "parameters_typo" in caplog.text
    assert "catalog has errors" in caplog.text


def test_a_plain_build_does_not_regenerate(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "catalog")
    mkdocs_hooks.on_startup("build", dirty=False)
    mkdocs_hooks.on_pre_build({"config_file_path": str(tmp_path / "mkdocs.yml"), "docs_dir": str(tmp_path / "docs" / "en")})
    assert not (tmp_path / "docs").exists()


def _build_language(tmp_path: Path, code: str, command: list[str], env: dict[str, str], **options: bool) -> subprocess.CompletedProcess[str]:
    """The mini catalog generated into ``tmp_path/docs``, and language ``code`` built into
    ``tmp_path/site`` by ``command`` (an mkdocs) from a language config written, as the
    generator writes one, beside mkdocs.yml."""
    from generator import pipeline, write
    from generator.site import build

    pipeline.generate(MINI, tmp_path / "docs")
    config = REPO / f".build.test-{os.getpid()}.yml"  # a language's config sits beside mkdocs.yml
    write.write_file(config, build.language_config(code, str(tmp_path / "docs" / code), str(tmp_path / "site"), **options))
    try:
        return subprocess.run(
            [*command, "build", "--strict", "-f", str(config)],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )
    finally:
        write.remove(config)


@pytest.mark.build
def test_the_mkdocs_command_finds_the_hooks_from_any_folder(tmp_path: Path) -> None:
    # `mkdocs serve` / `mkdocs build` as console scripts do not put the working folder on
    # sys.path; the hooks must still import the generator package.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("PYTHONPATH", None)
    result = _build_language(tmp_path, "en", [str(Path(sys.executable).parent / "mkdocs")], env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site/models/open/Chat-7B.html").is_file()


@pytest.mark.build
def test_a_previewed_languages_404_page_links_from_the_servers_root(tmp_path: Path) -> None:
    # A built site has each other language under its root ('/zh/'), and so does its 404 page;
    # `make serve lang=zh` serves Chinese alone, at the server's root.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = _build_language(tmp_path, "zh", [sys.executable, "-m", "mkdocs"], env, preview=True)
    assert result.returncode == 0, result.stderr[-2000:]
    page = (tmp_path / "site/404.html").read_text("utf-8")
    addresses = re.findall(r'(?:href|src)="(/[^"]*)"(?!\s+hreflang)', page)  # not the language switcher's
    assert 'src="/assets/search/strings.js"' in page
    assert len(addresses) >= 15 and [a for a in addresses if a.startswith("/zh/")] == []


def test_a_regeneration_waits_for_no_one_while_another_run_writes(tmp_path: Path) -> None:
    """serve skips a regeneration (and says so) while generate, site or export holds docs/."""
    import logging

    from generator import lock, serve

    docs = tmp_path / "docs"
    records: list[logging.LogRecord] = []
    log = logging.getLogger("test-serve-lock")
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    log.addHandler(handler)
    with lock.hold(docs):
        assert serve.regenerate(MINI, docs, log) == 0
    assert not docs.exists()
    assert any("pages were not regenerated: another generate" in r.getMessage() for r in records)
    assert serve.regenerate(MINI, docs, log) > 0  # and the lock is free again
