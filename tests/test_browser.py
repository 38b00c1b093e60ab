"""The built site in Chromium, served over HTTP and as the offline export opened from disk.

Each test runs against both: the real catalog built with ``mkdocs build --strict`` and
served on localhost, and the unpacked offline zip opened through file://. Every test ends
by checking that no request left the site and the console shows no errors (under file://
Chromium blocks the sitemap request; that CORS message is expected and ignored).

Screenshots of a model page in each language go to test-results/ (gitignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from generator import languages
from generator.catalog import Catalog
from generator.pipeline import load
from generator.render import strings
from generator.resolve.pages import record_path
from generator.schema.records import Text
from generator.site.build import site_root
from tests.browser_support import RequestLog, chromium_path, launch, serve
from tests.html_support import page_url

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "test-results"
MODEL = "CausalLM/7B"
TIMEOUT_MS = 30_000

pytestmark = pytest.mark.browser

# Material draws mermaid diagrams into a closed shadow root; open it so the test can see the svg.
_OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, { ...init, mode: "open" }); };
"""


@dataclass
class Site:
    name: str
    base: str
    offline: bool

    def url(self, docs_path: str, lang: str = languages.default().code) -> str:
        """The address of the page made from ``docs_path`` (e.g. ``models/CausalLM/7B.md``):
        served and from disk alike, ``models/CausalLM/7B.html`` under its language's root."""
        return self.base + page_url(docs_path, lang)

    def pattern(self, docs_path: str, lang: str = languages.default().code) -> re.Pattern[str]:
        """Matches the page's address, with or without search highlighting (?h=) and a #section."""
        return re.compile("^" + re.escape(self.url(docs_path, lang)) + r"(\?h=[^#]*)?(#.*)?$")


@dataclass
class Visit:
    """A page in a fresh browser context, with every request and console error recorded."""

    site: Site
    page: Any
    log: RequestLog
    errors: list[str] = field(default_factory=list)

    def assert_stayed_local(self) -> None:
        assert self.log.external() == [], "requests left the site"
        # Material fetches sitemap.xml next to each language alternate to map pages across
        # languages; static-i18n's alternates are the pages themselves, so that fetch fails
        # (404 when served, CORS under file://) and Material falls back to the direct links.
        errors = [e for e in self.errors if "sitemap.xml" not in e]
        assert errors == [], "console errors"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    assert MODEL in loaded.models, f"the real catalog has no {MODEL}"
    return loaded


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium_path()  # skips (or fails in CI) before Playwright starts
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=["served", "offline"])
def site(request: pytest.FixtureRequest) -> Iterator[Site]:
    if request.param == "served":
        with serve(request.getfixturevalue("built_site")) as base:
            yield Site("served", base, offline=False)
    else:
        folder: Path = request.getfixturevalue("offline_site")
        yield Site("offline", folder.as_uri() + "/", offline=True)


@pytest.fixture
def visit(browser: Any, site: Site) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(_OPEN_SHADOW_ROOTS)
    log = RequestLog(site.base).attach(context)
    page = context.new_page()
    current = Visit(site, page, log)
    page.on(
        "console", lambda m: current.errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: current.errors.append(f"uncaught: {e}"))
    yield current
    context.close()


def title(name: str) -> re.Pattern[str]:
    """An h1 showing ``name`` (followed by its permalink mark)."""
    return re.compile("^" + re.escape(name) + r"\s*¶?$")


def t(lang: str, key: str) -> str:
    return strings.translate(lang, key)


def switch_language(page: Any, lang: str) -> None:
    page.hover(".md-header .md-select")
    page.click(f".md-header a.md-select__link[hreflang='{lang}']")


# --- language ---------------------------------------------------------------------------------


def test_model_page_switches_language_and_back(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    model = catalog.models[MODEL]
    RESULTS.mkdir(exist_ok=True)

    model_page = record_path("model", MODEL)
    page.goto(site.url(model_page))
    expect(page.locator("article h1")).to_have_text(title(model.name))
    assert page.get_attribute("html", "lang") == "en"
    expect(page.locator("article h2", has_text=t("en", "model.facts"))).to_be_visible()
    page.screenshot(path=str(RESULTS / f"model-en-{site.name}.png"), full_page=True)

    switch_language(page, "zh")
    page.wait_for_url(site.pattern(model_page, "zh"))
    expect(page.locator("article h1")).to_have_text(title(model.name))
    assert page.get_attribute("html", "lang") == "zh"
    expect(page.locator("article h2", has_text=t("zh", "model.facts"))).to_be_visible()
    assert model.summary.zh, f"{MODEL} has no Chinese summary"
    chinese = re.search(r"[\u4e00-\u9fff]{4,}", model.summary.zh)
    assert chinese, model.summary.zh
    expect(page.locator("article")).to_contain_text(chinese.group(0))
    page.screenshot(path=str(RESULTS / f"model-zh-{site.name}.png"), full_page=True)

    switch_language(page, "en")
    page.wait_for_url(site.pattern(model_page))
    expect(page.locator("article h2", has_text=t("en", "model.facts"))).to_be_visible()
    visit.assert_stayed_local()


# --- search -----------------------------------------------------------------------------------


def _texts(value: Any) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif hasattr(type(value), "model_fields"):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def rare_chinese_word(catalog: Catalog, model_id: str) -> str:
    """A word of the model's Chinese summary that the fewest other records' Chinese uses.

    Segmented with jieba, as a reader would type a word (the search itself needs no word list).
    """
    import jieba

    summary = catalog.models[model_id].summary.zh or ""
    words = {w for w in jieba.lcut(summary) if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)}
    assert words, f"no Chinese word in the summary of {model_id}: {summary!r}"
    others = [
        t.zh
        for kind, records in catalog.records.items()
        for rid, record in records.items()
        if (kind, rid) != ("model", model_id)
        for t in _texts(record.data)
        if t.zh
    ]
    return min(sorted(words), key=lambda w: (sum(w in text for text in others), -len(w)))


def search(page: Any, term: str, box: str = ".md-header .atlas-search__input") -> list[str]:
    """Type ``term`` into a search box (the header's by default); the results' absolute URLs.

    The site's own search (overrides/assets/javascripts/search.js) loads its index on first
    use, then shows results as the reader types.
    """
    field = page.locator(box)
    field.click()
    field.press_sequentially(term, delay=30)
    results = page.locator(RESULT_LINKS)
    results.first.wait_for()
    return results.evaluate_all("links => links.map(a => a.href)")


RESULT_LINKS = ".atlas-search__output:not([hidden]) a.atlas-search__link"


def follow(page: Any, hrefs: list[str], target: re.Pattern[str]) -> None:
    """Click the first result that leads to the page ``target`` matches."""
    chosen = [i for i, href in enumerate(hrefs) if target.search(href)]
    assert chosen, f"no result leads to {target.pattern}: {hrefs}"
    page.locator(RESULT_LINKS).nth(chosen[0]).click()
    page.wait_for_url(target)


def only_in_language(site: Site, hrefs: list[str], lang: str) -> None:
    """Every result is a page of ``lang``'s site, none of another language's."""
    for href in hrefs:
        assert href.startswith(site.base + site_root(lang)), href
        for code in languages.codes():
            if code != lang and site_root(code):
                assert not href.startswith(site.base + site_root(code)), href


def quant_results(site: Site, catalog: Catalog, hrefs: list[str]) -> set[str]:
    """The quantized repositories whose pages are among ``hrefs``."""
    return {rid for rid in catalog.quants if any(site.pattern(record_path("quant", rid)).search(h) for h in hrefs)}


def test_search_finds_the_model_first_and_follows_it(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    page.goto(site.url("index.md"))
    hrefs = search(page, MODEL.split("/")[0])
    assert site.pattern(record_path("model", MODEL)).search(hrefs[0]), f"{MODEL} is not the first result: {hrefs}"
    only_in_language(site, hrefs, "en")
    expect(page.locator(RESULT_LINKS).first.locator(".atlas-search__kind")).to_have_text(t("en", "search.kind.model"))
    follow(page, hrefs, site.pattern(record_path("model", MODEL)))
    expect(page.locator("article h1")).to_have_text(title(catalog.models[MODEL].name))
    visit.assert_stayed_local()


def test_search_by_id_puts_its_page_first(visit: Visit, catalog: Catalog) -> None:
    page, site = visit.page, visit.site
    page.goto(site.url(record_path("license", sorted(catalog.licenses)[0])))
    hrefs = search(page, MODEL)
    assert site.pattern(record_path("model", MODEL)).search(hrefs[0]), hrefs
    visit.assert_stayed_local()


def test_search_keeps_quant_methods_whole(visit: Visit, catalog: Catalog) -> None:
    from generator.resolve.files import Files

    page, site = visit.page, visit.site
    method = "Q4_K_M"
    expected = {
        rid for rid, rows in Files(catalog).by_repo.items() if any((r.method or "").lower() == method.lower() for r in rows)
    }
    assert len(expected) >= 2, f"the catalog has too few {method} files to test with"
    page.goto(site.url("index.md"))
    hrefs = search(page, method)
    # Every repository with such a file, and nothing found by the parts 'Q4', 'K', 'M' alone.
    assert quant_results(site, catalog, hrefs) == expected
    assert len(hrefs) == len(expected), hrefs
    follow(page, hrefs, site.pattern(record_path("quant", sorted(expected)[0])))
    visit.assert_stayed_local()


def test_search_finds_a_branch_by_its_name(visit: Visit, catalog: Catalog) -> None:
    from generator.resolve.files import Files

    page, site = visit.page, visit.site
    owners: dict[str, set[str]] = {}
    for rid, rows in Files(catalog).by_repo.items():
        for r in rows:
            if "actorder" in r.entry:
                owners.setdefault(r.entry, set()).add(rid)
    assert owners, "the catalog has no GPTQ branches to test with"
    # A branch whose name is not the start of another one: 'gptq-4bit-32g-actorder_True'.
    branch = next(b for b in sorted(owners) if not any(o != b and o.startswith(b) for o in owners))
    page.goto(site.url("index.md"))
    hrefs = search(page, branch)
    assert quant_results(site, catalog, hrefs) == owners[branch], hrefs
    visit.assert_stayed_local()


def test_search_chinese_term_and_follow_result(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    word = rare_chinese_word(catalog, MODEL)
    page.goto(site.url("index.md", "zh"))
    hrefs = search(page, word)
    only_in_language(site, hrefs, "zh")
    expect(page.locator(RESULT_LINKS).first.locator(".atlas-search__kind")).to_have_text(t("zh", "search.kind.model"))
    follow(page, hrefs, site.pattern(record_path("model", MODEL), "zh"))
    expect(page.locator("article h1")).to_have_text(title(catalog.models[MODEL].name))
    expect(page.locator("article")).to_contain_text(word)
    visit.assert_stayed_local()


def test_search_on_the_chinese_site_lists_only_chinese_pages(visit: Visit) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    page.goto(site.url("compare/files.md", "zh"))
    hrefs = search(page, MODEL.split("/")[0])
    only_in_language(site, hrefs, "zh")
    # A page's Chinese title finds it.
    page.locator(".md-header .atlas-search__input").fill(t("zh", "index.licenses"))
    expect(page.locator(RESULT_LINKS).first).to_have_attribute("href", site.url("licenses/index.md", "zh"))
    visit.assert_stayed_local()


def test_search_from_the_keyboard(visit: Visit) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    # from another page than the one searched for, so that following the result navigates
    page.goto(site.url(record_path("prompt-format", "chatml")))
    box = page.locator(".md-header .atlas-search__input")
    page.keyboard.press("/")
    expect(box).to_be_focused()
    page.keyboard.type(MODEL.split("/")[0], delay=30)
    results = page.locator(RESULT_LINKS)
    results.first.wait_for()
    hrefs = results.evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    chosen = page.locator(".atlas-search__result [role=option]").nth(1)
    expect(chosen).to_have_attribute("aria-selected", "true")
    # the box names the chosen option (a screen reader reads it), and it is the link followed
    expect(box).to_have_attribute("aria-activedescendant", chosen.get_attribute("id") or "")
    page.keyboard.press("Escape")
    expect(page.locator(".md-header .atlas-search__output")).to_be_hidden()
    expect(box).not_to_be_focused()
    page.keyboard.press("s")
    expect(box).to_be_focused()
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(hrefs[0])
    page.wait_for_load_state()
    visit.assert_stayed_local()


def test_home_page_search_field(visit: Visit) -> None:
    from playwright.sync_api import expect

    page, site = visit.page, visit.site
    for lang in languages.codes():
        page.goto(site.url("index.md", lang))
        field = page.locator("#atlas-search-home input")
        expect(field).to_have_attribute("placeholder", t(lang, "search.placeholder"))
        # laid out by the site's stylesheet: icons of the field's size, the field a line high
        for icon in page.locator("#atlas-search-home svg, .md-header .atlas-search svg").all():
            box = icon.bounding_box()
            assert box is None or box["height"] <= 32, f"a search icon {box['height']:.0f} px high: is atlas.css read?"
        assert field.bounding_box()["height"] <= 60
        page.keyboard.press("/")  # on the home page, the key goes to the page's own field
        expect(field).to_be_focused()
        hrefs = search(page, MODEL, box="#atlas-search-home input")
        only_in_language(site, hrefs, lang)
        assert site.pattern(record_path("model", MODEL), lang).search(hrefs[0]), hrefs
        page.keyboard.press("Enter")
        page.wait_for_url(site.pattern(record_path("model", MODEL), lang))
    visit.assert_stayed_local()


@pytest.mark.parametrize("lang", languages.codes())
def test_search_fits_a_phone(browser: Any, site: Site, catalog: Catalog, lang: str) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 780}, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    log = RequestLog(site.base).attach(context)
    try:
        page = context.new_page()
        page.goto(site.url(record_path("license", sorted(catalog.licenses)[0]), lang))
        field = page.locator(".md-header .atlas-search__input")
        expect(field).to_be_hidden()  # a button in the header until asked for
        page.locator(".md-header .atlas-search__open").click()
        expect(field).to_be_focused()
        field.press_sequentially(MODEL.split("/")[0], delay=30)
        first = page.locator(RESULT_LINKS).first
        first.wait_for()
        box = first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"
        RESULTS.mkdir(exist_ok=True)
        page.screenshot(path=str(RESULTS / f"search-phone-{lang}-{site.name}.png"))
        page.locator(".md-header .atlas-search__close").click()
        expect(field).to_be_hidden()
        assert log.external() == []
    finally:
        context.close()


# --- sortable table ---------------------------------------------------------------------------


def _number(text: str) -> float | None:
    return None if text.strip() == "—" else float(text)


def test_models_table_sorts_by_a_score_column(visit: Visit, catalog: Catalog) -> None:
    page = visit.page
    page.goto(visit.site.url("models/index.md"))
    table = page.locator("article table").first
    headers = table.locator("thead th").all_inner_texts()
    benchmark_names = {b.name for b in catalog.benchmarks.values()}
    score_columns = [i for i, h in enumerate(headers) if any(h.startswith(name + " (") for name in benchmark_names)]
    assert score_columns, f"no score column among {headers}"
    column = score_columns[0]
    bench_id = next(bid for bid, b in catalog.benchmarks.items() if headers[column].startswith(b.name + " ("))
    best_first = "descending" if catalog.benchmarks[bench_id].higher_is_better else "ascending"

    def rows() -> list[tuple[str, float | None]]:
        cells = table.locator("tbody tr").evaluate_all(
            "(rows, col) => rows.map(r => [r.cells[0].innerText, r.cells[col].innerText])", column
        )
        return [(name, _number(value)) for name, value in cells]

    before = rows()
    assert len([v for _, v in before if v is not None]) >= 2, "the column needs two scores to sort"
    assert any(v is None for _, v in before), "the column needs a blank to show where blanks go"
    header = table.locator("thead th").nth(column)
    directions = []
    for _ in range(2):
        header.click()
        direction = header.get_attribute("aria-sort")
        directions.append(direction)
        after = rows()
        assert sorted(after, key=repr) == sorted(before, key=repr), "rows changed instead of moving"
        numbers = [v for _, v in after if v is not None]
        assert numbers == sorted(numbers, reverse=direction == "descending"), (direction, after)
        # "—" (not stated) sorts last, whichever way the column is sorted.
        assert [v is None for _, v in after] == sorted(v is None for _, v in after), (direction, after)
        # The top row's value is one of that model's catalog scores on this benchmark.
        name, value = next((n, v) for n, v in after if v is not None)
        model = next(m for m in catalog.models.values() if m.name == name)
        assert value in [s.value for s in model.scores if s.benchmark == bench_id], (name, value)
    # The first click puts the best score first, by the benchmark's own direction.
    assert directions == [best_first, "ascending" if best_first == "descending" else "descending"]
    visit.assert_stayed_local()


def test_size_column_sorts_smallest_first_with_blanks_last(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.site.url("compare/files.md"))
    table = page.locator("article table").first
    headers = table.locator("thead th").all_inner_texts()
    column = next(i for i, h in enumerate(headers) if h.startswith(t("en", "file.ram")))
    table.locator("thead th").nth(column).click()
    values = [_number(v) for v in table.locator("tbody tr").evaluate_all("(rows, col) => rows.map(r => r.cells[col].innerText)", column)]
    known = [v for v in values if v is not None]
    assert known and len(known) < len(values), "the column has RAM figures and blanks"
    assert values == sorted(known) + [None] * (len(values) - len(known))
    visit.assert_stayed_local()


# --- copying a prompt template ----------------------------------------------------------------


def test_copy_button_copies_the_prompt_template_byte_for_byte(visit: Visit, catalog: Catalog) -> None:
    page = visit.page
    visit.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    template = catalog.prompt_formats["tulu"].template
    assert template.endswith("\n"), "Tulu's template ends with the newline its card calls very important"
    for lang in languages.codes():
        page.goto(visit.site.url(record_path("prompt-format", "tulu"), lang))
        block = page.locator("article .atlas-exact").first
        block.hover()
        block.locator("button[data-md-type='copy']").click()
        page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
        assert page.evaluate("navigator.clipboard.readText()") == template, lang
        page.evaluate("navigator.clipboard.writeText('')")
    visit.assert_stayed_local()


# --- the home page ----------------------------------------------------------------------------


def test_home_page_leads_to_the_repository_and_the_contributing_guide_in_each_language(visit: Visit) -> None:
    from playwright.sync_api import expect

    page = visit.page
    for lang, guide in (("en", "CONTRIBUTING.md"), ("zh", "CONTRIBUTING.zh.md")):
        page.goto(visit.site.url("index.md", lang))
        expect(page.locator("article a", has_text=t(lang, "home.repository"))).to_have_attribute("href", re.compile(r"^https://"))
        expect(page.locator("article a", has_text=t(lang, "home.contributing"))).to_have_attribute("href", re.compile(re.escape(guide) + "$"))
        for link in page.locator("article a[href$='.csv'], article a[href$='.json']").all():
            href = link.get_attribute("href") or ""
            assert href.startswith(("api/", "../api/")), href
            response = page.request.get(link.evaluate("a => a.href")) if not visit.site.offline else None
            assert response is None or response.ok, href
        page.screenshot(path=str(RESULTS / f"home-{lang}-{visit.site.name}.png"), full_page=True)
    visit.assert_stayed_local()


# --- lineage diagram --------------------------------------------------------------------------


def test_lineage_diagram_is_drawn_without_a_diagram_library(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page = visit.page
    model = catalog.models[MODEL]
    page.goto(visit.site.url(record_path("model", MODEL)))
    svg = page.locator("article svg.atlas-lineage").first
    expect(svg).to_be_visible()
    assert svg.locator("g.atlas-node").count() >= 2, "the diagram should show the model and its relatives"
    expect(svg).to_contain_text(model.name[:30])
    for base in model.base_models:
        if base.id in catalog.models:
            expect(svg).to_contain_text(catalog.models[base.id].name[:30])
    box = svg.bounding_box()
    assert box is not None and box["width"] <= page.viewport_size["width"], "the diagram fits the screen"
    assert not [url for url in visit.log.urls if "mermaid" in url], "no page loads a diagram library"
    visit.assert_stayed_local()
