"""When the catalog last changed: the date of the last commit that touched it, from git.

Read once per run, so pages can say how current the catalog is. The same checkout gives the
same date (the committer date, in UTC); outside a git checkout, or without git, there is no
date and pages say nothing about it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_DATE = "--date=format-local:%Y-%m-%d"


def last_change(root: Path) -> str | None:
    """The date (``YYYY-MM-DD``, UTC) of the last commit that changed anything under ``root``,
    or None when ``root`` is not in a git checkout (or git is missing, or no commit touched it)."""
    if not root.is_dir():
        return None
    try:
        done = subprocess.run(
            ["git", "log", "-1", "--format=%cd", _DATE, "--", "."],
            cwd=root, capture_output=True, text=True, timeout=30, check=False,
            env={**os.environ, "TZ": "UTC", "GIT_OPTIONAL_LOCKS": "0"},
        )
    except (OSError, subprocess.SubprocessError):
        return None
    date = done.stdout.strip()
    return date if done.returncode == 0 and len(date) == 10 else None
