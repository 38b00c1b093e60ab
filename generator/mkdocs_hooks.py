"""MkDocs hooks: thin glue between MkDocs and the generator (see mkdocs.yml ``hooks``).

- While ``mkdocs serve`` runs, an edit under catalog/ regenerates docs/ (only changed
  files are rewritten, so the watcher does not loop); a catalog with errors is reported
  and the last good pages stay.
- Every page's HTML goes through the sanitiser before it is written.
"""

from __future__ import annotations

import logging
import re
import sys
from html import escape, unescape
from pathlib import Path
from typing import Any

from mkdocs.utils import get_relative_url

# MkDocs loads this file by path (with only generator/ on sys.path while it does), so
# `mkdocs serve` run from anywhere could not import the generator package: add the project.
_PROJECT = str(Path(__file__).resolve().parents[1])
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from generator.site import sanitize, strings  # noqa: E402 - needs the path set above

log = logging.getLogger("mkdocs.hooks.model_atlas")
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_pre_build(config: Any) -> None:
    if not _serving:
        return
    from generator.pipeline import load_valid, render
    from generator.site.output import sync_tree

    root = Path(config["config_file_path"]).parent
    catalog, problems = load_valid(root / "catalog")
    for problem in problems:
        log.warning(problem.text())
    if catalog is None:
        log.error("catalog has errors: pages were not regenerated")
        return
    changed = sync_tree(Path(config["docs_dir"]), render(catalog))
    if changed:
        log.info("regenerated %d page(s) from the catalog", changed)


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(Path(config["config_file_path"]).parent / "catalog"))
    return server


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    # Material prints the title into <title> through `striptags`, which unescapes it: a record
    # named "</title><script>..." would close the element. A meta title is printed as given.
    if page.title and "title" not in page.meta:
        page.meta["title"] = escape(unescape(page.title), quote=False)
    return sanitize.clean(html)


#: A language link: (target, the hreflang attribute, its language).
_ALTERNATE = re.compile(r'href="([^"]*)"(\s+hreflang="([\w-]+)")')


def on_post_page(output: str, page: Any, config: Any) -> str:
    # mkdocs-static-i18n gives the home pages' language links as site-absolute paths ("/",
    # "/zh/"), which break when the site is served under a sub-path (GitHub Pages project
    # sites). Page-relative links work everywhere, from disk included.
    def relative(match: re.Match[str]) -> str:
        link = match.group(1)
        if not link.startswith("/") or link.startswith("//"):
            return match.group(0)
        return f'href="{get_relative_url(link.lstrip("/") or ".", page.url or ".")}"{match.group(2)}'

    return _ALTERNATE.sub(relative, output)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    # The 404 page is rendered after every page, and the i18n plugin leaves it the language
    # links of the last page built (some quant page). Point them at each language's home;
    # site-absolute like every other link on this page, which a server shows at any depth.
    if template_name != "404.html":
        return output

    def home(match: re.Match[str]) -> str:
        lang = match.group(3)
        return f'href="/{"" if lang == strings.DEFAULT else lang + "/"}"{match.group(2)}'

    return _ALTERNATE.sub(home, output)
