"""The pipeline verbs: generate docs/, build site/, export the offline zip.

Each step runs only after the previous one succeeded, and each replaces its output
atomically: a failure at any stage leaves the last good docs/, site/ and zip untouched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from generator import check, read
from generator.catalog import Catalog
from generator.diagnostics import Problem, sort_problems
from generator.site import export, output, pages

#: Fixed timestamp for zip entries, so the same site gives the same zip.
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


class BuildError(Exception):
    """A step failed; the message says which and why."""


def load(catalog_root: Path) -> tuple[Catalog, list[Problem]]:
    """Read, then check the catalog under ``catalog_root``: valid records and every problem, sorted.

    Never raises on bad input, so a contributor sees all mistakes in one run.
    """
    catalog, problems = read.read(catalog_root)
    problems.extend(check.check(catalog))
    return catalog, sort_problems(problems)


def load_valid(catalog_root: Path) -> tuple[Catalog | None, list[Problem]]:
    """The catalog if it has no errors, with every problem found."""
    catalog, problems = load(catalog_root)
    if any(p.severity == "error" for p in problems):
        return None, problems
    return catalog, problems


def render(catalog: Catalog) -> dict[str, str]:
    """Every generated file (pages in each language and the JSON export), by path under docs/."""
    files = dict(pages.render_all(catalog))
    files.update(export.files(catalog))
    return files


def generate(catalog_root: Path, docs: Path) -> list[Problem]:
    """Validate, then replace ``docs`` with freshly generated pages. Returns the problems.

    Nothing is written when the catalog has errors or rendering fails.
    """
    catalog, problems = load_valid(catalog_root)
    if catalog is None:
        return problems
    output.replace_tree(docs, render(catalog))
    return problems


def mkdocs_build(config: Path, site: Path, *, docs: Path | None = None, offline: bool = False) -> None:
    """``mkdocs build --strict`` into a fresh folder, swapped into ``site`` only on success.

    ``docs`` overrides the config's ``docs_dir`` (mkdocs.yml reads it from MODEL_ATLAS_DOCS),
    so tests and benchmarks can build a generated tree kept elsewhere.
    """
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    output.recover(site)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-", dir=site.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MODEL_ATLAS_OFFLINE="true" if offline else "false")
    if docs is not None:
        env["MODEL_ATLAS_DOCS"] = str(docs.absolute())
    # No --quiet: it silences the warnings that --strict counts, so a broken link would pass.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    command += ["--config-file", str(config), "--site-dir", str(fresh)]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            said = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR", "Aborted"))]
            reason = "\n".join(said) or result.stderr.strip() or result.stdout.strip()
            raise BuildError(f"mkdocs build failed (exit {result.returncode}):\n{reason}")
        output.swap_in(fresh, site)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def zip_tree(folder: Path, archive: Path, prefix: str) -> None:
    """Zip ``folder`` into ``archive`` under ``prefix/``, deterministically and atomically."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{archive.name}.", dir=archive.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{prefix}/{path.relative_to(folder).as_posix()}", _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, path.read_bytes())
        os.replace(tmp_name, archive)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
