"""Live preview: regenerate docs/ from the catalog while ``mkdocs serve`` watches it.

A warm generator (``generator.incremental.Session``) is kept between rebuilds: after an
edit it re-reads the changed files and renders only the pages that can show the change, and
only files whose bytes changed are rewritten, so the file watcher does not loop; a catalog
with errors is reported and the last good pages stay.
"""

from __future__ import annotations

import logging
from pathlib import Path

from generator import lock, write
from generator.incremental import Session

#: The warm generator of each (catalog, docs) pair this process previews.
_SESSIONS: dict[tuple[Path, Path], Session] = {}


def regenerate(catalog_root: Path, docs: Path, log: logging.Logger) -> int:
    """Bring ``docs`` up to date with the catalog; return how many files changed."""
    key = (catalog_root.absolute(), docs.absolute())
    session = _SESSIONS.get(key)
    if session is None:
        session = _SESSIONS[key] = Session(*key)
    try:
        with lock.hold(docs):
            problems, report = session.run()
    except lock.Busy as exc:
        log.error("pages were not regenerated: %s", exc)
        return 0
    for problem in problems:
        log.warning(problem.text())
    if report is None:
        log.error("catalog has errors: pages were not regenerated")
        return 0
    if report.files_written:
        log.info("regenerated %d file(s) from the catalog in %.2f s", report.files_written, report.seconds)
    return report.files_written


def serve(config: Path, lang: str, *, address: str = "127.0.0.1:8000") -> int:
    """Preview one language with ``mkdocs serve``: its config is written beside ``config``
    (as for a build) and removed afterwards; the hooks regenerate docs/ on catalog edits."""
    import subprocess
    import sys

    from generator.site import build

    root = config.absolute().parent
    language_config = root / f".serve.{lang}.yml"
    write.write_file(language_config, build.language_config(lang, f"docs/{lang}", f".serve.site.{lang}", base=config.name, preview=True))
    try:
        command = [sys.executable, "-m", "mkdocs", "serve", "--config-file", language_config.name, "--dev-addr", address]
        return subprocess.call(command, cwd=root)
    except KeyboardInterrupt:
        return 0
    finally:
        write.remove(language_config)
        write.remove(root / f".serve.site.{lang}")
