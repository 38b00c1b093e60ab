"""Building the HTML site from docs/ with MkDocs, into a fresh folder swapped in on success."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from generator import write


class BuildError(Exception):
    """The builder failed; the message says why."""


def mkdocs_build(config: Path, site: Path, *, docs: Path | None = None, offline: bool = False) -> None:
    """``mkdocs build --strict`` into a fresh folder, swapped into ``site`` only on success.

    ``docs`` overrides the config's ``docs_dir`` (mkdocs.yml reads it from MODEL_ATLAS_DOCS),
    so tests and benchmarks can build a generated tree kept elsewhere.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MODEL_ATLAS_OFFLINE="true" if offline else "false")
    if docs is not None:
        env["MODEL_ATLAS_DOCS"] = str(docs.absolute())
    with write.fresh_tree(site) as fresh:
        # No --quiet: it silences the warnings that --strict counts, so a broken link would pass.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
        command += ["--config-file", str(config), "--site-dir", str(fresh)]
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            said = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR", "Aborted"))]
            reason = "\n".join(said) or result.stderr.strip() or result.stdout.strip()
            raise BuildError(f"mkdocs build failed (exit {result.returncode}):\n{reason}")
