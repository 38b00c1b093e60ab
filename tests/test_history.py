"""When the catalog last changed: read from git, the same date for the same checkout, and
absent outside a git checkout (then the home page says nothing about it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.read import history, read
from generator.render import strings
from generator.render.pages import Renderer
from generator.resolve.pages import plan

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini" / "catalog"


def _git(repo: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(repo)}
    if date:
        env["GIT_COMMITTER_DATE"] = env["GIT_AUTHOR_DATE"] = date
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed: the project lives in git")
    shutil.copytree(FIXTURE, tmp_path / "catalog")
    (tmp_path / "README.md").write_text("x\n")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "catalog")
    # 23:30 at UTC-5 is the next day in UTC: the date is the UTC one, whatever the committer's zone.
    _git(tmp_path, "commit", "-q", "-m", "catalog", date="2024-03-09T23:30:00-05:00")
    _git(tmp_path, "add", "README.md")
    _git(tmp_path, "commit", "-q", "-m", "not the catalog", date="2025-01-01T12:00:00+00:00")
    return tmp_path


def test_the_last_commit_that_touched_the_catalog_gives_the_date(repo: Path) -> None:
    assert history.last_change(repo / "catalog") == "2024-03-10"
    catalog, _ = read(repo / "catalog")
    assert catalog.last_change == "2024-03-10"


def test_outside_git_there_is_no_date(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "catalog")
    assert history.last_change(tmp_path / "catalog") is None
    assert history.last_change(tmp_path / "missing") is None


def test_the_home_page_says_when_the_catalog_last_changed_only_when_known(repo: Path, tmp_path: Path) -> None:
    renderer = Renderer()
    for lang in ("en", "zh"):
        catalog, _ = read(repo / "catalog")
        home = next(p for p in plan(catalog) if p.path == "index.md")
        sentence = strings.translate(lang, "home.updated").replace("{date}", "2024-03-10")
        assert sentence in renderer.render(home, lang)
        catalog.last_change = None
        home = next(p for p in plan(catalog) if p.path == "index.md")
        assert strings.translate(lang, "home.updated").split("{date}")[0] not in renderer.render(home, lang)
