"""Every page of the built site, in every language, at 1280 and 390 px wide: no table column
lies beyond the screen unless its table scrolls sideways inside a box that fits the screen,
the page itself never scrolls sideways, a table scrolled to its end still shows its first
column (what each row is about), and no title is followed by a blank line (the theme's
hidden '¶' wrapped to a line of its own under 'What fits my machine' on a phone).

Each page is loaded once and measured at both widths (the layout follows the width without
a reload); a few pages load at a time. Pages are read from the real catalog served over
HTTP; the offline export is the same HTML. Search is kept from loading: it plays no part in
the layout and would only slow every page down.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import CHROMIUM_FLAGS, chromium_path, serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "test-results"
WIDTHS = ((1280, 900), (390, 844))
AT_ONCE = 3

# What a reader would see wrong, in words, for one page at the current width.
MEASURE = """
() => {
  const width = document.documentElement.clientWidth;
  const wrong = [];
  if (document.scrollingElement.scrollWidth > width + 1)
    wrong.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth} > ${width} px)`);
  const permalink = document.querySelector("article h1 .headerlink");
  if (permalink && permalink.getClientRects().length)
    wrong.push("the title's hidden permalink takes room (a blank line under a title that just fits)");
  document.querySelectorAll("article table").forEach((table, n) => {
    let box = table;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const scrolls = box && box.scrollWidth > box.clientWidth + 1;
    if (box && box.getBoundingClientRect().right > width + 1)
      wrong.push(`table ${n + 1}: its scroll box ends beyond the screen`);
    table.querySelectorAll("thead th").forEach((th, i) => {
      if (th.getBoundingClientRect().right > width + 1 && !scrolls)
        wrong.push(`table ${n + 1}: column ${i + 1} (${th.innerText.trim().slice(0, 30)}) is beyond the screen`);
    });
    if (scrolls) {
      box.scrollLeft = box.scrollWidth;
      const seen = box.getBoundingClientRect();
      for (const cell of [table.querySelector("thead th"), table.querySelector("tbody td")]) {
        if (!cell) continue;
        const r = cell.getBoundingClientRect();
        if (r.width < 1 || r.left < seen.left - 1 || r.right > seen.right + 1)
          wrong.push(`table ${n + 1}: scrolled to its end, its first column is out of view`);
      }
      box.scrollLeft = 0;
    }
  });
  return wrong;
}
"""

#: Every table is in its scroll box: the theme's (wrapped by its script after load) or the
#: one the readers' tools build their tables in.
WRAPPED = (
    "() => document.querySelectorAll('article table').length"
    " === document.querySelectorAll('.md-typeset__scrollwrap table, .atlas-scroll table').length"
)


def _pages(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.name != "404.html" and "assets" not in p.relative_to(site).parts
    )


async def _measure_all(base: str, pages: list[str]) -> dict[str, list[str]]:
    from playwright.async_api import async_playwright

    found: dict[str, list[str]] = {}
    queue = list(reversed(pages))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        context = await browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        for pattern in ("**/search/search_index.json", "**/workers/**", "**/lunr/**"):
            await context.route(pattern, lambda route: route.abort())

        async def worker() -> None:
            page = await context.new_page()
            while queue:
                path = queue.pop()
                await page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
                await page.goto(base + path)
                await page.wait_for_function(WRAPPED)
                for width, height in WIDTHS:
                    await page.set_viewport_size({"width": width, "height": height})
                    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
                    for problem in await page.evaluate(MEASURE):
                        found.setdefault(path, []).append(f"{width} px: {problem}")

        await asyncio.gather(*(worker() for _ in range(AT_ONCE)))
        await browser.close()
    return found


def test_every_table_fits_the_screen_or_scrolls_with_its_first_column_in_view(built_site: Path) -> None:
    chromium_path()
    pages = _pages(built_site)
    assert len(pages) > 100, "the real site has a page per record in each language"
    assert any(p.startswith("zh/") for p in pages)
    with serve(built_site) as base:
        found = asyncio.run(_measure_all(base, pages))
    assert found == {}


def test_a_wide_table_scrolled_to_its_end_keeps_its_first_column(browser_page: Any, built_site: Path) -> None:
    """What the measure above checks, seen: the files of a GPTQ repository at 390 px, in
    Chinese, scrolled to the end (screenshots in test-results/)."""
    RESULTS.mkdir(exist_ok=True)
    with serve(built_site) as base:
        for lang, prefix in (("en", ""), ("zh", "zh/")):
            for width, height in WIDTHS:
                page = browser_page(width, height)
                page.goto(f"{base}{prefix}quants/TheBloke/tulu-7B-GPTQ.html")
                page.wait_for_function(WRAPPED)
                table = page.locator("article table").nth(1)
                table.scroll_into_view_if_needed()
                box = table.locator("xpath=ancestor::div[contains(@class, 'md-typeset__scrollwrap')]")
                assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the files table is wider than the screen"
                first = table.locator("tbody tr td").first
                name = first.inner_text()
                box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
                seen, cell = box.bounding_box(), first.bounding_box()
                assert seen and cell and cell["x"] >= seen["x"] - 1 and cell["x"] + cell["width"] <= seen["x"] + seen["width"] + 1
                assert name.splitlines()[-1] != "rue", "a branch name broke inside a word"
                page.screenshot(path=str(RESULTS / f"files-table-{lang}-{width}-scrolled.png"))


@pytest.fixture
def browser_page() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        pages: list[Any] = []

        def make(width: int, height: int) -> Any:
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            pages.append(page)
            return page

        yield make
        browser.close()
