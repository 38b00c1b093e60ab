"""Writing a generated tree so that a failed run never leaves a half-written one.

``replace_tree`` writes everything into a fresh sibling folder, then swaps it in with two
renames; the previous tree is kept until the new one is in place. If a run is killed
between the renames, the next run puts the previous tree back first (``recover``).
``sync_tree`` is for ``mkdocs serve``: it rewrites only changed files so the file watcher
sees real changes only.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

Content = str | bytes


def _safe_relative(rel: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder."""
    path = PurePosixPath(rel)
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts) or "\\" in rel:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


def _write(root: Path, rel: str, content: Content) -> None:
    path = root.joinpath(*_safe_relative(rel).parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise ValueError(f"refusing to write through a symbolic link: {rel!r}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(path, "wb") as handle:
        handle.write(data)


def recover(target: Path) -> None:
    """If an earlier run died between its two renames, put the previous tree back."""
    if target.exists():
        for stale in target.parent.glob(f".{target.name}.old-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.rename(olds[-1], target)


def replace_tree(target: Path, files: Mapping[str, Content]) -> None:
    """Make ``target`` hold exactly ``files`` (relative path -> content), atomically."""
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    for stale in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for rel in sorted(files):
            _write(fresh, rel, files[rel])
        swap_in(fresh, target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def swap_in(fresh: Path, target: Path) -> None:
    """Replace ``target`` with the complete folder ``fresh`` (same parent)."""
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.rename(target, old)
    os.rename(fresh, target)
    shutil.rmtree(old, ignore_errors=True)


def sync_tree(target: Path, files: Mapping[str, Content]) -> int:
    """Update ``target`` in place to hold exactly ``files``; return how many files changed."""
    changed = 0
    wanted = {str(_safe_relative(rel)) for rel in files}
    for rel in sorted(files):
        path = target / rel
        data = files[rel].encode("utf-8") if isinstance(files[rel], str) else files[rel]
        if not path.is_file() or path.read_bytes() != data:
            _write(target, rel, files[rel])
            changed += 1
    if target.exists():
        for path in sorted(target.rglob("*")):
            if path.is_file() and path.relative_to(target).as_posix() not in wanted:
                path.unlink()
                changed += 1
    return changed
