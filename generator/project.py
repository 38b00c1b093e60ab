"""The project's own facts, each kept in one place and read from there.

- ``repository()``: the repository the site links to, ``extra.repository`` in mkdocs.yml.
- ``contributing(code)``: the contributing guide in a language, when the repository has it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator import languages

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"


class _Config(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (``!ENV``, ``!!python/...``) read as nothing."""


_Config.add_multi_constructor("!", lambda loader, suffix, node: None)
_Config.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@cache
def _extra() -> dict[str, Any]:
    with CONFIG.open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_Config)
    extra = config.get("extra") if isinstance(config, dict) else None
    return extra if isinstance(extra, dict) else {}


def repository() -> str | None:
    """The project's repository (an https URL), or None when mkdocs.yml does not give one."""
    url = _extra().get("repository")
    return url.rstrip("/") if isinstance(url, str) and url.startswith("https://") else None


def contributing(code: str) -> str:
    """The contributing guide's file for readers of ``code``: ``CONTRIBUTING.zh.md`` where the
    repository has it, else the default language's ``CONTRIBUTING.md``."""
    translated = f"CONTRIBUTING.{code}.md"
    return translated if code != languages.default().code and (ROOT / translated).is_file() else "CONTRIBUTING.md"
