"""Every file the project writes goes through here, so that a failed run never leaves a
half-written one.

- ``replace_tree``: a whole generated tree (docs/), written into a fresh sibling folder,
  then swapped in with two renames; the previous tree is kept until the new one is in place.
  If a run is killed between the renames, the next run puts the previous tree back first
  (``recover``). ``fresh_tree`` does the same for a tree another program fills (site/).
- ``update_in_place``: for ``mkdocs serve``: a warm run writes only the files it changed and
  removes the ones it dropped, so the file watcher sees real changes only.
- ``write_file``: one file (a record, a schema), through a temporary file and a rename.
- ``rewrite_unpublished``: a file of a tree not yet swapped in (a built page the post-build
  pass fixes), in place: nobody reads that tree before it is complete.
- ``zip_tree``: a folder zipped deterministically (the offline export).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

Content = str | bytes

#: The process's file-creation mask (read once: setting it is the only way to read it).
_UMASK = os.umask(0)
os.umask(_UMASK)

#: Fixed timestamp for zip entries, so the same site gives the same zip.
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def _safe_relative(rel: str) -> PurePosixPath:
    """Refuse any output path that could land outside the output folder."""
    path = PurePosixPath(rel)
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts) or "\\" in rel:
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    return path


def _write(root: Path, rel: str, content: Content, folders: set[str] | None = None) -> None:
    """Write one file under ``root``; ``folders`` remembers the folders already made (a tree
    of thousands of files has a few hundred)."""
    path = os.path.join(root, *_safe_relative(rel).parts)
    folder = os.path.dirname(path)
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    except OSError as exc:
        if os.path.islink(path):
            raise ValueError(f"refusing to write through a symbolic link: {rel!r}") from exc
        raise
    with os.fdopen(fd, "wb") as handle:
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
    remove_stale(target)
    with fresh_tree(target) as fresh:
        folders: set[str] = set()
        for rel in sorted(files):
            _write(fresh, rel, files[rel], folders)


def remove_stale(target: Path) -> None:
    """Remove the half-written trees a killed run left beside ``target``."""
    target = target.absolute()
    for stale in target.parent.glob(f".{target.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)


class TreeWriter:
    """Fills a fresh tree, taking each file whose bytes did not change from ``previous`` (the
    tree it will replace) by a hard link instead of writing it: a run rewrites only what
    changed, and tools watching the tree see only real changes."""

    def __init__(self, fresh: Path, previous: Path | None) -> None:
        self.fresh = fresh
        self.previous = previous if previous is not None and previous.is_dir() else None
        self.written = 0
        self.kept = 0
        self._folders: set[str] = set()

    def put(self, rel: str, content: Content) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        if self.previous is not None and self._link_if_same(rel, data):
            self.kept += 1
            return
        _write(self.fresh, rel, data, self._folders)
        self.written += 1

    def link(self, rel: str) -> bool:
        """Carry ``rel`` over from the previous tree unread (the caller knows it is unchanged);
        False when it cannot (no previous file, or no hard links here)."""
        if self.previous is None:
            return False
        parts = _safe_relative(rel).parts
        old = self.previous.joinpath(*parts)
        if not os.path.isfile(old) or os.path.islink(old):
            return False
        new = self.fresh.joinpath(*parts)
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:
            return False
        self.kept += 1
        return True

    def _link_if_same(self, rel: str, data: bytes) -> bool:
        parts = _safe_relative(rel).parts
        old = self.previous.joinpath(*parts)  # type: ignore[union-attr]
        try:
            stat = os.lstat(old)
        except OSError:
            return False
        if not os.path.isfile(old) or os.path.islink(old) or stat.st_size != len(data):
            return False
        with open(old, "rb") as handle:
            if handle.read() != data:
                return False
        new = self.fresh.joinpath(*parts)
        new.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(old, new)
        except OSError:  # a file system without hard links: write the bytes instead
            return False
        return True


@contextmanager
def fresh_tree(target: Path) -> Iterator[Path]:
    """A new empty folder beside ``target``, swapped in for it when the block succeeds.

    If the block raises, the folder is removed and ``target`` stays as it was.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        yield fresh
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


def make_folder(path: Path) -> None:
    """Make the folder ``path`` (and its parents) if missing."""
    path.mkdir(parents=True, exist_ok=True)


def move_into(source: Path, target: Path) -> None:
    """Move everything in the folder ``source`` into ``target`` (created if missing), then
    remove ``source``: a build's output put in its place in a site being assembled."""
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir()):
        os.rename(item, target / item.name)
    source.rmdir()


def remove(path: Path) -> None:
    """Remove a file or folder the project made for a while (a build's config or output)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)


def write_file(path: Path, content: Content) -> None:
    """Write one file atomically: readers see the old content or the new, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink():
        raise ValueError(f"refusing to write through a symbolic link: {str(path)!r}")
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp_name, 0o666 & ~_UMASK)  # as open() would make it, not mkstemp's 0600
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def rewrite_unpublished(path: Path, content: Content) -> None:
    """Overwrite ``path``, a file of a tree nobody reads yet (inside ``fresh_tree``), in
    place: no temporary file and rename per page. Never through a link, and a file with
    other names (a hard link) gets a file of its own instead."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        handle = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
    except OSError as error:
        raise ValueError(f"refusing to write through a link: {str(path)!r}") from error
    with os.fdopen(handle, "wb") as out:
        if os.fstat(out.fileno()).st_nlink != 1:
            out.close()
            write_file(path, data)
            return
        out.write(data)
        out.truncate()


def update_files(folder: Path, files: Mapping[str, Content]) -> list[Path]:
    """Write each of ``files`` (name -> content) into ``folder`` unless it already holds exactly
    that; return the files written."""
    changed = []
    for rel in sorted(files):
        path = folder.joinpath(*_safe_relative(rel).parts)
        data = files[rel].encode("utf-8") if isinstance(files[rel], str) else files[rel]
        if not path.is_file() or path.read_bytes() != data:
            write_file(path, data)
            changed.append(path)
    return changed


def update_in_place(folder: Path, files: Mapping[str, Content], gone: Iterable[str] = ()) -> int:
    """Bring the files ``files`` names in ``folder`` to their content (each through a temporary
    file and a rename, and only where it differs) and remove the files ``gone`` names, with
    the folders they leave empty; the rest of ``folder`` is not touched, so a file watcher
    sees only real changes. Returns how many files were written or removed. Nothing is written
    when one of the paths would leave ``folder``."""
    gone = sorted(gone)
    for rel in (*files, *gone):
        _safe_relative(rel)
    changed = len(update_files(folder, files))
    for rel in gone:
        path = folder.joinpath(*_safe_relative(rel).parts)
        if path.is_symlink() or path.is_file():
            path.unlink()
            changed += 1
            parent = path.parent
            while parent != folder and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return changed


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
