"""Suite-wide options and fixtures.

``--update-goldens`` rewrites tests/golden/ from the current output instead of comparing.
The built real-catalog site and offline export are made once per session, in temporary
folders (the project's own docs/ and site/ are never touched by tests).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import settings

# CI replays a fixed set of generated examples, so a landing never hangs on a new random
# draw; local runs keep exploring (and keep what they find in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI") or os.environ.get("MODEL_ATLAS_REQUIRE_BROWSER"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalog generated and built with ``mkdocs build --strict``; the site folder."""
    from generator import pipeline
    from generator.site import build

    work = tmp_path_factory.mktemp("real-site")
    problems = pipeline.generate(REPO / "catalog", work / "docs")
    errors = [p.text() for p in problems if p.severity == "error"]
    assert not errors, "the real catalog is invalid:\n" + "\n".join(errors)
    build.mkdocs_build(REPO / "mkdocs.yml", work / "site", docs=work / "docs")
    return work / "site"


def project_copy(work: Path, catalog: Path) -> Path:
    """A copy of the project's site settings with ``catalog`` generated into it (Zensical
    wants the docs and the site inside the folder of its config); the preview hooks, which
    a build does not need, stay out. Returns the copy's mkdocs.yml."""
    import shutil

    from generator import pipeline

    shutil.copytree(REPO / "overrides", work / "overrides")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert "hooks:\n  - generator/mkdocs_hooks.py\n" in config
    (work / "mkdocs.yml").write_text(config.replace("hooks:\n  - generator/mkdocs_hooks.py\n", ""), encoding="utf-8")
    problems = pipeline.generate(catalog, work / "docs")
    errors = [p.text() for p in problems if p.severity == "error"]
    assert not errors, "the catalog is invalid:\n" + "\n".join(errors)
    return work / "mkdocs.yml"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalog built with Zensical (the second builder); the site folder."""
    from generator.site import build

    work = tmp_path_factory.mktemp("zensical-site")
    config = project_copy(work, REPO / "catalog")
    build.build(config, work / "site", builder="zensical")
    return work / "site"


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def any_site(request: pytest.FixtureRequest) -> Path:
    """The real catalog's site from each builder: the same properties must hold for both."""
    return request.getfixturevalue("built_site" if request.param == "mkdocs" else "zensical_site")


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline export zip of the real catalog, unpacked; the folder holding index.html."""
    import subprocess
    import sys

    work = tmp_path_factory.mktemp("offline")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", "--docs", str(work / "docs"),
         "--site-dir", str(work / "build"), "--out", str(work / "atlas.zip")],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(work / "atlas.zip") as zf:
        zf.extractall(work / "unpacked")
    return work / "unpacked" / "model-atlas"
