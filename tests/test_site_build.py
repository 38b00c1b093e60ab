"""The real catalog through ``mkdocs build --strict``: every record has a page in each
language, the JSON export and schemas are published, and no page loads anything from
another host (the site must work offline)."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import pytest

from generator import languages
from generator.catalog import Catalog
from generator.pipeline import load
from generator.render import search as render_search
from generator.render import strings
from generator.resolve.pages import plan, record_path
from generator.schema import jsonschema
from generator.schema.kinds import KINDS
from generator.site.build import site_root
from tests.html_support import page_url, read_page, script_data

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def test_every_record_has_a_page_in_each_language(built_site: Path, catalog: Catalog) -> None:
    assert catalog.models, "the real catalog has no models"
    missing = []
    for kind, records in catalog.records.items():
        for record_id in records:
            for lang in languages.codes():
                url = page_url(record_path(kind, record_id), lang)
                if not (built_site / url).is_file():
                    missing.append(f"{kind} {record_id}: {url}")
    assert missing == []


def test_every_planned_page_is_built_and_nothing_else(built_site: Path, catalog: Catalog) -> None:
    for lang in languages.codes():
        root = built_site / site_root(lang)
        planned = {p.path[: -len(".md")] + ".html" for p in plan(catalog)} | {"404.html"}
        built = {
            p.relative_to(root).as_posix()
            for p in root.rglob("*.html")
            if not p.relative_to(root).as_posix().startswith(("assets/", *(site_root(c) for c in languages.codes() if site_root(c))))
        }
        assert built == planned, lang


def test_pages_declare_their_language(built_site: Path, catalog: Catalog) -> None:
    model_id = sorted(catalog.models)[0]
    path = record_path("model", model_id)
    for lang in languages.codes():
        page = read_page(built_site, path, lang)
        assert page.lang == lang
        assert strings.translate(lang, "model.facts") in page.sections
        assert page.title == catalog.models[model_id].name


def test_search_index_per_language_holds_only_its_pages(built_site: Path, catalog: Catalog) -> None:
    """The site's own index, one per language (the builder's search is off: no index of its own)."""
    pages = [p.path[: -len(".md")] + ".html" for p in plan(catalog)]
    for lang in languages.codes():
        root = built_site / site_root(lang)
        assert not (root / "search" / "search_index.json").exists(), "the builder's search is on"
        script = (root / render_search.INDEX).read_text(encoding="utf-8")
        data = script_data(script, render_search.INDEX_GLOBAL)
        assert data["lang"] == lang
        assert [doc[1] for doc in data["docs"]] == pages
        assert all((root / doc[1]).is_file() for doc in data["docs"])
        titles = {doc[1]: doc[2] for doc in data["docs"]}
        assert titles["models/index.html"] == strings.translate(lang, "index.models")
        assert (root / render_search.STRINGS).is_file()


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
    # A link such as href="/zh/" breaks under a sub-path (GitHub Pages project sites).
    # 404.html is the exception by design: a server shows it at any depth, so its links are
    # site-absolute.
    absolute = re.compile(r'(?:href|src)="/(?!/)[^"]*"')
    found = {
        page.relative_to(built_site).as_posix(): absolute.findall(page.read_text("utf-8"))[:3]
        for page in sorted(built_site.rglob("*.html"))
        if page.name != "404.html" and absolute.search(page.read_text("utf-8"))
    }
    assert found == {}


def test_the_404_pages_offer_each_languages_home(built_site: Path) -> None:
    # A server shows the 404 page at any address: its language links go to the homes.
    for lang in languages.codes():
        page = (built_site / site_root(lang) / "404.html").read_text("utf-8")
        links = sorted(set(re.findall(r'href="([^"]*)"\s+hreflang="([\w-]+)"\s+class', page)))
        assert links == sorted(("/" + site_root(c), c) for c in languages.codes())


def test_the_language_switcher_leads_to_the_same_page(built_site: Path, catalog: Catalog) -> None:
    path = record_path("model", sorted(catalog.models)[0])
    for lang in languages.codes():
        url = page_url(path, lang)
        page = (built_site / url).read_text("utf-8")
        links = dict((code, href) for href, code in re.findall(r'href="([^"]*)"\s+hreflang="([\w-]+)"\s+class', page))
        for code in languages.codes():
            target = posixpath.normpath(posixpath.join(posixpath.dirname(url), links[code]))
            assert target == page_url(path, code), (lang, code, links[code])
