"""Live preview: regenerate docs/ from the catalog while ``mkdocs serve`` watches it.

Only changed files are rewritten, so the file watcher does not loop; a catalog with errors
is reported and the last good pages stay.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator import lock, pipeline, write


def regenerate(catalog_root: Path, docs: Path, log: logging.Logger) -> int:
    """Bring ``docs`` up to date with the catalog; return how many files changed."""
    catalog, problems = pipeline.load_valid(catalog_root)
    for problem in problems:
        log.warning(problem.text())
    if catalog is None:
        log.error("catalog has errors: pages were not regenerated")
        return 0
    try:
        with lock.hold(docs):
            changed = write.sync_tree(docs, pipeline.render(catalog))
    except lock.Busy as exc:
        log.error("pages were not regenerated: %s", exc)
        return 0
    if changed:
        log.info("regenerated %d page(s) from the catalog", changed)
    return changed


def serve(config: Path, lang: str, *, address: str = "127.0.0.1:8000") -> int:
    """Preview one language with ``mkdocs serve``: its config is written beside ``config``
    (as for a build) and removed afterwards; the hooks regenerate docs/ on catalog edits."""
    import subprocess
    import sys

    from generator.site import build

    root = config.absolute().parent
    language_config = root / f".serve.{lang}.yml"
    write.write_file(language_config, build.language_config(lang, f"docs/{lang}", f".serve.site.{lang}", base=config.name))
    try:
        command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", language_config.name, "--dev-addr", address]
        return subprocess.call(command, cwd=root)
    except KeyboardInterrupt:
        return 0
    finally:
        write.remove(language_config)
        write.remove(root / f".serve.site.{lang}")
