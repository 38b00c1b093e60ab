"""The real catalog through ``mkdocs build --strict``: every record has a page in each
language, the JSON export and schemas are published, and no page loads anything from
another host (the site must work offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.pipeline import load
from generator.render import strings
from generator.resolve.pages import plan, record_path
from generator.schema import jsonschema
from generator.schema.kinds import KINDS
from tests.html_support import read_page

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def page_url(docs_path: str) -> str:
    """The folder URL of a docs page: ``models/CausalLM/7B.md`` -> ``models/CausalLM/7B/``."""
    stem = docs_path[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("/index")] if stem.endswith("/index") else stem) + "/"


def test_every_record_has_a_page_in_each_language(built_site: Path, catalog: Catalog) -> None:
    assert catalog.models, "the real catalog has no models"
    missing = []
    for kind, records in catalog.records.items():
        for record_id in records:
            url = page_url(record_path(kind, record_id))
            for lang_prefix in ("", "zh/"):
                if not (built_site / lang_prefix / url / "index.html").is_file():
                    missing.append(f"{kind} {record_id}: {lang_prefix}{url}index.html")
    assert missing == []


def test_every_planned_page_is_built_and_nothing_else(built_site: Path, catalog: Catalog) -> None:
    planned = {page_url(p.path) for p in plan(catalog)}
    built = {
        p.parent.relative_to(built_site).as_posix() + "/"
        for p in built_site.rglob("index.html")
        if not p.relative_to(built_site).as_posix().startswith(("zh/", "assets/"))
    }
    built = {"" if b == "./" else b for b in built}
    assert built == planned
    built_zh = {
        p.parent.relative_to(built_site / "zh").as_posix() + "/" for p in (built_site / "zh").rglob("index.html")
    }
    assert {"" if b == "./" else b for b in built_zh} == planned


def test_pages_declare_their_language(built_site: Path, catalog: Catalog) -> None:
    model_id = sorted(catalog.models)[0]
    url = page_url(record_path("model", model_id))
    en, zh = read_page(built_site, url), read_page(built_site, "zh/" + url)
    assert (en.lang, zh.lang) == ("en", "zh")
    assert strings.translate("en", "model.facts") in en.sections
    assert strings.translate("zh", "model.facts") in zh.sections
    assert en.title == zh.title == catalog.models[model_id].name


def test_json_export_and_schemas_are_published(built_site: Path, catalog: Catalog) -> None:
    data = json.loads((built_site / "api" / "catalog.json").read_text(encoding="utf-8"))
    assert data["format"] == "model-atlas/1"
    for kind in KINDS:
        ids = [item["id"] for item in data[kind.folder]]
        assert ids == sorted(catalog.records[kind.name]), kind.folder
        per_kind = json.loads((built_site / "api" / f"{kind.folder}.json").read_text(encoding="utf-8"))
        assert per_kind == data[kind.folder]
        published = (built_site / "api" / "schema" / kind.schema_file).read_text(encoding="utf-8")
        assert published == jsonschema.render(kind), f"api/schema/{kind.schema_file} is not the current schema"


# Anything the browser fetches by itself: scripts, stylesheets, images, fonts, frames.
_FETCHED = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//", re.I
)


def test_no_page_loads_from_another_host(built_site: Path) -> None:
    offenders = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for match in _FETCHED.finditer(html):
            offenders.append(f"{path.relative_to(built_site)}: {html[match.start() : match.start() + 120]}")
    assert offenders == []


def test_no_link_is_site_absolute(built_site: Path) -> None:
    # A link such as href="/zh/" breaks under a sub-path (GitHub Pages project sites); the
    # i18n plugin writes the home pages' language links that way and the hook rewrites them.
    # 404.html is the exception by design: a server shows it at any depth, so MkDocs makes
    # its links site-absolute.
    absolute = re.compile(r'(?:href|src)="/(?!/)[^"]*"')
    found = {
        page.relative_to(built_site).as_posix(): absolute.findall(page.read_text("utf-8"))[:3]
        for page in sorted(built_site.rglob("*.html"))
        if page.name != "404.html" and absolute.search(page.read_text("utf-8"))
    }
    assert found == {}


def test_the_404_page_offers_each_languages_home(built_site: Path) -> None:
    # Left alone, the i18n plugin gives the 404 page the language links of the last page built.
    page = (built_site / "404.html").read_text("utf-8")
    links = sorted(set(re.findall(r'href="([^"]*)"\s+hreflang="([\w-]+)"', page)))
    assert links == [("/", "en"), ("/zh/", "zh")]
