"""The real catalog through ``mkdocs build --strict``: every record has a page in each
language, the JSON export and schemas are published, and no page loads anything from
another host (the site must work offline)."""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

import pytest

from generator import builders, languages
from generator.catalog import Catalog
from generator.pipeline import load
from generator.render import api, strings
from generator.render import search as render_search
from generator.resolve import frames
from generator.resolve.pages import plan, record_path
from generator.schema.kinds import KINDS
from generator.site import build
from generator.site.build import site_root
from tests.html_support import page_url, read_page, script_data

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def test_every_record_has_a_page_in_each_language(any_site: Path, catalog: Catalog) -> None:
    assert catalog.models, "the real catalog has no models"
    missing = []
    for kind, records in catalog.records.items():
        for record_id in records:
            for lang in languages.codes():
                url = page_url(record_path(kind, record_id), lang)
                if not (any_site / url).is_file():
                    missing.append(f"{kind} {record_id}: {url}")
    assert missing == []


def test_every_planned_page_is_built_and_nothing_else(any_site: Path, catalog: Catalog) -> None:
    for lang in languages.codes():
        root = any_site / site_root(lang)
        planned = {p.path[: -len(".md")] + ".html" for p in plan(catalog)} | {"404.html"}
        built = {
            p.relative_to(root).as_posix()
            for p in root.rglob("*.html")
            if not p.relative_to(root).as_posix().startswith(("assets/", *(site_root(c) for c in languages.codes() if site_root(c))))
        }
        assert built == planned, lang


def test_pages_declare_their_language(any_site: Path, catalog: Catalog) -> None:
    model_id = sorted(catalog.models)[0]
    path = record_path("model", model_id)
    for lang in languages.codes():
        page = read_page(any_site, path, lang)
        assert page.lang == lang
        assert strings.translate(lang, "model.facts") in page.sections
        assert page.title == catalog.models[model_id].name


def test_search_index_per_language_holds_only_its_pages(built_site: Path, catalog: Catalog) -> None:
    """The site's own index, one per language (the builder's search is off: no index of its own)."""
    pages = sorted(p.path[: -len(".md")] + ".html" for p in plan(catalog))
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


def test_json_export_and_schemas_are_published(any_site: Path, catalog: Catalog) -> None:
    data = json.loads((any_site / "api" / "catalog.json").read_text(encoding="utf-8"))
    assert data["format"] == api.FORMAT == "model-atlas/2"
    for kind in KINDS:
        ids = [item["id"] for item in data[kind.folder]]
        assert ids == sorted(catalog.records[kind.name]), kind.folder
        per_kind = json.loads((any_site / "api" / f"{kind.folder}.json").read_text(encoding="utf-8"))
        assert per_kind == data[kind.folder]
        schema = json.loads((any_site / "api" / "schema" / f"{kind.folder}.schema.json").read_text(encoding="utf-8"))
        assert schema == api.schemas()[f"{kind.folder}.schema.json"], f"api/schema/{kind.folder}.schema.json is not the current schema"
    for name in ("models", "files", "scores"):
        assert (any_site / "api" / f"{name}.csv").read_text(encoding="utf-8").startswith(",".join(frames.COLUMNS[name][:2]))


# Anything the browser fetches by itself: scripts, stylesheets, images, fonts, frames.
_FETCHED = re.compile(
    r"<(?:script|img|iframe|source)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//", re.I
)


def test_no_page_loads_from_another_host(any_site: Path) -> None:
    offenders = []
    for path in sorted(any_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for match in _FETCHED.finditer(html):
            offenders.append(f"{path.relative_to(any_site)}: {html[match.start() : match.start() + 120]}")
    assert offenders == []


def test_no_link_is_site_absolute(any_site: Path) -> None:
    # A link such as href="/zh/" breaks under a sub-path (GitHub Pages project sites).
    # 404.html is the exception by design: a server shows it at any depth, so its links are
    # site-absolute.
    absolute = re.compile(r'(?:href|src)="/(?!/)[^"]*"')
    found = {
        page.relative_to(any_site).as_posix(): absolute.findall(page.read_text("utf-8"))[:3]
        for page in sorted(any_site.rglob("*.html"))
        if page.name != "404.html" and absolute.search(page.read_text("utf-8"))
    }
    assert found == {}


def test_the_skip_link_leads_to_the_content(any_site: Path) -> None:
    """Each page's "Skip to content" link (keyboard users' first stop) has its target on the
    page: Zensical's is an anchor inside the article, which the sanitiser must keep."""
    skip = re.compile(r'<a href="#([^"]+)" class="md-skip">')
    pages = [p for p in sorted(any_site.rglob("*.html")) if "assets" not in p.relative_to(any_site).parts]
    linked = 0
    missing = []
    for page in pages:
        html = page.read_text("utf-8")
        for target in skip.findall(html):
            linked += 1
            if f'id="{target}"' not in html:
                missing.append(f"{page.relative_to(any_site)}: #{target}")
    assert linked >= len(pages) // 2, "most pages should have a skip link"
    assert missing == []


def test_the_404_pages_offer_each_languages_home(any_site: Path) -> None:
    # A server shows the 404 page at any address: its language links go to the homes.
    for lang in languages.codes():
        page = (any_site / site_root(lang) / "404.html").read_text("utf-8")
        links = sorted(set(re.findall(r'href="([^"]*)"\s+hreflang="([\w-]+)"\s+class', page)))
        assert links == sorted(("/" + site_root(c), c) for c in languages.codes())


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_footer_names_the_builder_that_built_the_site(request: pytest.FixtureRequest, builder: str) -> None:
    # The footer said 'Built with MkDocs and Material for MkDocs' on a site Zensical built.
    site = request.getfixturevalue("built_site" if builder == "mkdocs" else "zensical_site")
    for lang in languages.codes():
        page = (site / site_root(lang) / "index.html").read_text("utf-8")
        footer = re.search(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.DOTALL)
        assert footer, lang
        assert footer.group(1) == html.escape(build.footer(lang, builder), quote=False), (lang, footer.group(1))
        others = [b for b in builders.BUILDERS if b != builder]
        assert not any(strings.translate(lang, f"footer.builder.{b}") in footer.group(1) for b in others), lang
        assert "{" not in footer.group(1), lang


def test_each_languages_404_page_stays_in_its_language(any_site: Path) -> None:
    # Both builders link the 404 page from the site's root as if the site were the default
    # language's alone: the Chinese one led to the English pages, and its search loaded the
    # English index and strings. Every link and script but the language switcher's starts
    # from the page's own language's root.
    absolute = re.compile(r'<(\w+)\b([^>]*?)\b(?:href|src)="(/(?!/)[^"]*)"([^>]*)>')
    for lang in languages.codes():
        page = (any_site / site_root(lang) / "404.html").read_text("utf-8")
        own, other = [], []
        for tag, before, address, after in absolute.findall(page):
            if "hreflang=" in before + after:
                continue
            (own if address.startswith("/" + site_root(lang)) and not any(
                address.startswith("/" + site_root(c)) for c in languages.codes() if c != lang and site_root(c)
            ) else other).append(f"<{tag}> {address}")
        assert len(own) >= 15, (lang, own)  # the nav, the stylesheets, the scripts
        assert other == [], (lang, other[:5])
        assert f'src="/{site_root(lang)}assets/search/strings.js"' in page, lang


def test_the_language_switcher_leads_to_the_same_page(any_site: Path, catalog: Catalog) -> None:
    path = record_path("model", sorted(catalog.models)[0])
    for lang in languages.codes():
        url = page_url(path, lang)
        page = (any_site / url).read_text("utf-8")
        links = dict((code, href) for href, code in re.findall(r'href="([^"]*)"\s+hreflang="([\w-]+)"\s+class', page))
        for code in languages.codes():
            target = posixpath.normpath(posixpath.join(posixpath.dirname(url), links[code]))
            assert target == page_url(path, code), (lang, code, links[code])


def test_the_nav_names_the_home_page_once(any_site: Path, catalog: Catalog) -> None:
    # The nav's title is the site's name; its first entry, the home page, says "Home" in the
    # page's language (it said the site's name a second time, right under the title).
    path = record_path("model", sorted(catalog.models)[0])
    for lang in languages.codes():
        for url in (page_url("index.md", lang), page_url(path, lang)):
            page = (any_site / url).read_text("utf-8")
            nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', page, re.DOTALL)
            assert nav, url
            entries = re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav.group(0), re.DOTALL)
            assert entries[0] == strings.translate(lang, "home.nav"), (url, entries[:2])
            assert strings.translate(lang, "site.title") not in entries, url


def test_a_page_without_sections_gives_the_table_of_contents_column_to_its_content(any_site: Path) -> None:
    # The explorer's and the indexes' tables scrolled sideways beside an empty column on the
    # right; a page with sections keeps its table of contents. The 404 page has no column.
    sidebar = re.compile(r'<div class="md-sidebar md-sidebar--secondary"[^>]*?( hidden)?>')
    seen = {True: 0, False: 0}
    for page in sorted(any_site.rglob("*.html")):
        html = page.read_text("utf-8")
        found = sidebar.search(html)
        if page.name == "404.html" and "assets" not in page.parts:
            assert found is None or found.group(1) is not None, page.relative_to(any_site)
            assert 'class="md-sidebar md-sidebar--primary"' in html, page.relative_to(any_site)
            continue
        if found is None:
            continue
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        sections = "<h2" in article
        assert (found.group(1) is None) == sections, page.relative_to(any_site)
        seen[sections] += 1
    assert seen[True] > 20 and seen[False] >= 2 * 8, seen


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_the_generator_sanitises_what_either_builder_made(tmp_path: Path, builder: str) -> None:
    """Raw HTML a page should never hold (as if a template let it through) comes out inert,
    whichever builder made the page: the sanitiser is the generator's step, not a hook."""
    from generator.site import build
    from tests.conftest import project_copy

    config = project_copy(tmp_path, REPO / "tests" / "fixtures" / "mini" / "catalog")
    page = tmp_path / "docs" / "zh" / "licenses" / "open-license.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p onclick="steal()">x<img src="https://evil.example/x.png"><script>steal()</script></p>\n', encoding="utf-8")
    build.build(config, tmp_path / "site", builder=builder)
    built = (tmp_path / "site" / "zh" / "licenses" / "open-license.html").read_text(encoding="utf-8")
    assert "steal()" not in built and "evil.example" not in built
    assert "<p>x</p>" in built


def test_chinese_pages_theme_words_are_chinese(built_site: Path, catalog: Catalog) -> None:
    # Outside the article: the header, navigation, footer and the 404 page's title. Every
    # label a reader sees or hears (title, aria-label, placeholder) is Chinese, and so are
    # the site's name and footer; a language's own name in the switcher stays as it is.
    own_names = {lang.name for lang in languages.all()}
    pages = ["zh/index.html", "zh/404.html", page_url(record_path("model", sorted(catalog.models)[0]), "zh")]
    for rel in pages:
        html = (built_site / rel).read_text("utf-8")
        outside = re.sub(r"<article\b.*?</article>", "", html, flags=re.DOTALL)
        labels = set(re.findall(r'(?:title|aria-label|placeholder)="([^"]*)"', outside))
        english = sorted(label for label in labels - own_names if not re.search("[\u4e00-\u9fff]", label))
        assert english == [], rel
        permalinks = set(re.findall(r'class="headerlink" href="[^"]*" title="([^"]*)"', html))
        assert permalinks == ({strings.translate("zh", "theme.permalink")} if "404" not in rel else set()), rel
        footer = re.search(r'<div class="md-copyright">(.*?)</div>\s*</div>', html, re.DOTALL)
        assert footer and build.footer("zh", "mkdocs") in footer.group(1) and "Made with" not in footer.group(1), rel
        title = re.search(r"<title>(.*?)</title>", html)
        assert title and strings.translate("zh", "site.title") in title.group(1), rel
    not_found = (built_site / "zh" / "404.html").read_text("utf-8")
    assert f"<h1>{strings.translate('zh', 'theme.not_found')}</h1>" in not_found
