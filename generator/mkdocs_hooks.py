"""MkDocs hooks: thin glue between MkDocs and the generator (see mkdocs.yml ``hooks``).

Each hook only calls a generator function: regenerating docs/ while ``mkdocs serve`` runs,
and the page fixes and sanitiser of ``generator.site``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path (with only generator/ on sys.path while it does), so
# `mkdocs serve` run from anywhere could not import the generator package: add the project.
_PROJECT = str(Path(__file__).resolve().parents[1])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from generator import serve  # noqa: E402 - needs the path set above
from generator.site import html, sanitize  # noqa: E402

log = logging.getLogger("mkdocs.hooks.model_atlas")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if _serving:
        # docs_dir is this language's tree (docs/en); the generator writes every language's.
        serve.regenerate(Path(config["config_file_path"]).parent / "catalog", Path(config["docs_dir"]).parent, log)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(Path(config["config_file_path"]).parent / "catalog"))
    return server


def on_page_content(html_text: str, page: Any, config: Any = None, **kwargs: Any) -> str:
    if page.title and "title" not in page.meta:
        page.meta["title"] = html.meta_title(page.title)
    return sanitize.clean(html.permalink_titles(html_text, html.label(config, "permalink")))
