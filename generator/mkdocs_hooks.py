"""MkDocs hooks: thin glue between MkDocs and the generator (see mkdocs.yml ``hooks``).

Each hook only calls a generator function, for previews: regenerating docs/ while
``mkdocs serve`` runs. Nothing a reader or the site's safety depends on lives here: the
generator applies the page policy (sanitiser, link checks) to every build's output itself
(``generator.site.policy``), whichever builder made it.
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
from generator.site import html as page_html  # noqa: E402

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


def on_post_page(output: str, page: Any, config: Any) -> str:
    # The preview shows the data tables that a build gets from the generator's post-build pass.
    return page_html.open_held(output) if _serving else output
