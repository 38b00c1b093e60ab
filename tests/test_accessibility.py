"""Accessibility of the pages readers use most, checked with axe-core (the engine behind
Lighthouse's and the browsers' accessibility audits; ``axe-playwright-python`` carries it):
on either builder's site, in both languages, in the light and the dark scheme, at 1280 and
390 pixels wide, no rule
is broken: text and links keep their contrast (WCAG AA), links are told from text by more
than their colour, headings go down one level at a time, every control has a name; and
the search, open with a result chosen.

The readers' tools are checked with their tables drawn (the addresses give them models and
memory), since that is what a reader meets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import pytest

from generator import languages
from tests.browser_support import launch, serve
from tests.test_browser import Site

pytestmark = pytest.mark.browser

#: Pages and what the reader has done on them (an address's query).
PAGES = (
    ("index.md", ""),
    ("models/index.md", "sort=-params"),
    ("models/CausalLM/7B.md", ""),
    ("quants/TheBloke/CausalLM-7B-GGUF.md", ""),
    ("compare/index.md", "models=Qwen/Qwen-7B-Chat,CausalLM/7B"),
    ("fit/index.md", "ram=6"),
    ("compare/files.md", ""),
    ("licenses/llama2.md", ""),
    ("benchmarks/ceval.md", ""),
    ("prompt-formats/chatml.md", ""),
)
#: Each builder's site in each scheme at the desktop width; MkDocs' on a phone too.
VIEWS = (
    ("mkdocs", "light", 1280), ("mkdocs", "dark", 1280), ("mkdocs", "light", 390),
    ("zensical", "light", 1280), ("zensical", "dark", 1280),
)


@pytest.fixture(scope="module")
def served(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A server for each builder's site, started when a test first asks for it."""
    servers: dict[str, Site] = {}
    with ExitStack() as stack:

        def site(builder: str) -> Site:
            if builder not in servers:
                folder = request.getfixturevalue("built_site" if builder == "mkdocs" else "zensical_site")
                servers[builder] = Site(builder, stack.enter_context(serve(folder)), offline=False)
            return servers[builder]

        yield site


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.mark.parametrize(("builder", "scheme", "width"), VIEWS)
@pytest.mark.parametrize("lang", languages.codes())
def test_no_accessibility_rule_is_broken(chromium: Any, served: Any, builder: str, lang: str, scheme: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    site: Site = served(builder)
    axe = Axe()
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    broken: list[str] = []
    try:
        page = context.new_page()
        for path, query in PAGES:
            page.goto(site.url(path, lang) + (f"?{query}" if query else ""))
            if query:  # a tool: its table drawn from the address
                page.locator(".atlas-tool table, .atlas-tool section").first.wait_for()
            broken += _broken(axe, page, f"{path}?{query}")
        # The search, open: results listed, the second one chosen with the keyboard.
        page.goto(site.url("models/CausalLM/7B.md", lang))
        page.keyboard.press("/")
        page.keyboard.type("qwen", delay=20)
        page.locator(".md-header .atlas-search__result").first.wait_for()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        broken += _broken(axe, page, "search: 'qwen', second result chosen")
    finally:
        context.close()
    assert broken == [], "\n".join(broken)


def _broken(axe: Any, page: Any, where: str) -> list[str]:
    """Each rule ``page`` breaks, with the first few elements that break it."""
    found = []
    for rule in axe.run(page).response["violations"]:
        nodes = "; ".join(" ".join(node["target"]) for node in rule["nodes"][:3])
        found.append(f"{where} [{rule['id']}, {rule['impact']}] {rule['help']}: {nodes}")
    return found


#: The header search box's background and its placeholder as the reader sees them, painted
#: in order on a canvas: the page, the header over it, the box's tint over that, the placeholder's colour at the
#: placeholder's opacity over that. Returns [box, placeholder] as [r, g, b].
_SEARCH_BOX_COLOURS = """() => {
    const input = document.querySelector('.md-header .atlas-search__input');
    const header = document.querySelector('.md-header');
    const hint = getComputedStyle(input, '::placeholder');
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext('2d', {willReadFrequently: true});
    const paint = (colour, alpha) => {
        ctx.globalAlpha = alpha; ctx.fillStyle = colour; ctx.fillRect(0, 0, 1, 1);
        return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    paint('#fff', 1);
    paint(getComputedStyle(document.body).backgroundColor, 1);  // under a see-through header
    paint(getComputedStyle(header).backgroundColor, 1);
    const box = paint(getComputedStyle(input).backgroundColor, 1);
    const shown = paint(hint.color, parseFloat(hint.opacity));
    return [box, shown];
}"""


def _contrast(a: list[int], b: list[int]) -> float:
    def luminance(rgb: list[int]) -> float:
        parts = [c / 255 for c in rgb]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_search_box_says_what_it_is_on_either_builder(chromium: Any, served: Any, builder: str, scheme: str) -> None:
    # Zensical's look has a light header: the box drawn for Material's coloured one (white
    # placeholder on a white tint) was invisible there, an icon beside an empty space.
    # axe-core does not judge placeholders; the box is the only label the field shows.
    site: Site = served(builder)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site.url("models/CausalLM/7B.md", languages.default().code))
        box, shown = page.evaluate(_SEARCH_BOX_COLOURS)
    finally:
        context.close()
    assert _contrast(box, shown) >= 3, (box, shown)
