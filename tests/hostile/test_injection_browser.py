"""Every page of the hostile site in Chromium: nothing runs, nothing leaves, nothing breaks.

Each page is opened with hooks on dialogs (alert/confirm/prompt), console messages, page
errors, main-frame navigations and requests; then the events a planted handler would wait
for are fired on every element of the content. Any dialog, console message, uncaught
error, navigation away or request to another host fails the test, as does a table whose
rows do not all have the header's number of cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import RequestLog, launch, serve
from tests.hostile import corpus
from tests.hostile.conftest import Built

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.slow]

_PROBE = """async () => {
  const out = {tables: [], links: []};
  // Material draws diagrams after load; wait (up to ~30 s) until none is left undrawn.
  for (let i = 0; document.querySelector("pre.mermaid") && i < 1500; i++) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
  if (document.querySelector("pre.mermaid")) out.tables.push("a diagram was never drawn");
  document.querySelectorAll("article table").forEach((table, index) => {
    const rows = [...table.rows].map(r => [...r.cells].reduce((n, c) => n + (c.colSpan || 1), 0));
    if (rows.some(n => n !== rows[0])) out.tables.push(`table ${index}: ${rows.join(",")}`);
  });
  for (const el of document.querySelectorAll("[href], [src], [action], [formaction], [srcdoc]")) {
    for (const name of ["href", "src", "action", "formaction", "srcdoc"]) {
      const value = el.getAttribute(name);
      if (value !== null && (name === "srcdoc" || /^\\s*(javascript|data|vbscript):/i.test(value))) {
        out.links.push(`<${el.tagName.toLowerCase()} ${name}=${value.slice(0, 80)}>`);
      }
    }
  }
  const events = ["mouseover", "focus", "error", "load", "toggle", "animationstart"];
  for (const el of document.querySelectorAll("article *")) {
    for (const type of events) el.dispatchEvent(new Event(type, {bubbles: true}));
  }
  return out;
}"""


def _pages(site: Path) -> list[str]:
    """Site-relative URLs of every page (folders for index.html, as a reader's browser asks)."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


def test_every_page_is_inert_in_chromium(hostile_site: Built) -> None:
    from playwright.sync_api import sync_playwright

    pages = _pages(hostile_site.site)
    problems: list[str] = []
    current = {"url": ""}

    def note(kind: str, detail: Any) -> None:
        problems.append(f"{current['url']}: {kind}: {detail}")

    with serve(hostile_site.site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(service_workers="block")
            log = RequestLog(base).attach(context)
            page = context.new_page()

            def on_dialog(dialog: Any) -> None:
                note("dialog", f"{dialog.type} {dialog.message!r}")
                dialog.dismiss()

            def on_console(message: Any) -> None:
                # Material's language selector asks for sitemap.xml next to each page's language
                # alternate, which is not there (tests/test_browser.py ignores it the same way).
                if not message.location.get("url", "").endswith("sitemap.xml"):
                    note("console", f"{message.type}: {message.text} ({message.location.get('url')})")

            page.on("dialog", on_dialog)
            page.on("console", on_console)
            page.on("pageerror", lambda error: note("page error", error))
            page.on("popup", lambda popup: note("popup", popup.url))
            navigations: list[str] = []
            page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)

            for rel in pages:
                url = base + rel
                current["url"] = rel
                navigations.clear()
                before = len(log.urls)
                page.goto(url, wait_until="load")
                found = page.evaluate(_PROBE)
                problems += [f"{rel}: {t}" for t in found["tables"]]
                problems += [f"{rel}: link {link}" for link in found["links"]]
                away = [n for n in navigations if n.split("#")[0] != url]
                if away or page.url.split("#")[0] != url:
                    note("navigated away", away or page.url)
                outside = RequestLog(base)
                outside.urls = log.urls[before:]
                if outside.external():
                    note("requests to other hosts", outside.external())

            # Search shows titles, facts and summaries of every page (the site's own search,
            # overrides/assets/javascripts/search.js): search for what the payloads say.
            current["url"] = "search"
            page.goto(base, wait_until="load")
            for query in ("alert", "script", "onerror", corpus.JINJA_MARK):
                page.fill(".md-header .atlas-search__input", query)
                page.wait_for_selector(".atlas-search__result", timeout=30_000)
                found = page.evaluate(_PROBE)
                problems += [f"search {query!r}: link {link}" for link in found["links"]]
        finally:
            browser.close()
    assert len(pages) > 14 * len(set(hostile_site.copies.values()))
    assert not problems, f"{len(problems)} problems, first 40:\n" + "\n".join(problems[:40])
