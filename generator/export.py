"""The offline export: the site built for file:// (no server, no network), zipped."""

from __future__ import annotations

from pathlib import Path

from generator import write
from generator.site import build

#: The folder every entry of the zip sits in: unpacked, ``model-atlas/index.html`` opens the site.
PREFIX = "model-atlas"


def export(config: Path, site_dir: Path, archive: Path, *, docs: Path | None = None, builder: str = "mkdocs") -> None:
    """Build the offline site into ``site_dir`` and zip it into ``archive`` (both atomically)."""
    build.build(config, site_dir, docs=docs, offline=True, builder=builder)
    write.zip_tree(site_dir, archive, PREFIX)
