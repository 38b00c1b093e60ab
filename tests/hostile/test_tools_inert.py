"""The readers' tools fed every hostile payload: the explorer with every column, compare with
every model (four at a time), the fit with every file. Record text must show as text: no
dialog, no error, no request to another host, no element the tools do not make themselves,
no link that leaves the site.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser_support import RequestLog, launch, serve
from tests.hostile.conftest import Built

pytestmark = [pytest.mark.browser, pytest.mark.build, pytest.mark.slow]

#: Every element the tools' script makes (overrides/assets/javascripts/tools.js).
_MADE = {
    "a", "br", "button", "code", "datalist", "details", "div", "form", "h2", "input", "label", "li",
    "option", "p", "section", "select", "small", "span", "strong", "summary", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}

_PROBE = """() => {
  const out = [];
  for (const el of document.querySelectorAll(".atlas-tool *")) {
    out.push({tag: el.tagName.toLowerCase(), href: el.getAttribute("href"), attrs: [...el.attributes].map(a => a.name)});
  }
  for (const el of document.querySelectorAll(".atlas-tool *")) {
    for (const type of ["mouseover", "focus", "error", "load", "click"]) {
      if (type === "click" && (el.tagName === "A" || el.tagName === "BUTTON" || el.tagName === "INPUT" || el.tagName === "SUMMARY")) continue;
      el.dispatchEvent(new Event(type, {bubbles: true}));
    }
  }
  return out;
}"""


def _data(site: Path, name: str) -> dict[str, Any]:
    text = (site / "tools" / f"{name}-data.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"= (\{.*\});\n$", text, re.DOTALL).group(1))  # type: ignore[union-attr]


def test_the_tools_show_hostile_records_as_text(hostile_site: Built) -> None:
    from playwright.sync_api import sync_playwright

    models = _data(hostile_site.site, "models")
    ids = [m["id"] for m in models["models"]]
    every_column = ",".join(["params", "creator", "arch", "license", "commercial", "languages", "formats", "context"]
                            + [c["key"] for c in models["columns"]])
    views = [f"models/index.html?cols={quote(every_column, safe=',:/')}&sort=-creator"]
    views += [f"compare/index.html?models={','.join(ids[i : i + 4])}" for i in range(0, len(ids), 4)]
    views += ["fit/index.html?ram=100000&vram=100000"]
    views += [f"zh/{v}" for v in views]
    marked_up = sorted({m["name"] for m in models["models"] if "<" in m["name"]})
    assert marked_up, "no model name holds markup: the payloads did not reach the tools"
    problems: list[str] = []
    with serve(hostile_site.site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = browser.new_context(service_workers="block")
            log = RequestLog(base).attach(context)
            page = context.new_page()
            current = {"url": ""}
            page.on("dialog", lambda d: (problems.append(f"{current['url']}: dialog {d.message!r}"), d.dismiss()))
            page.on("pageerror", lambda e: problems.append(f"{current['url']}: error {e}"))
            page.on("console", lambda m: problems.append(f"{current['url']}: console {m.text}")
                    if m.type == "error" and "sitemap.xml" not in m.location.get("url", "") else None)
            for view in views:
                current["url"] = view
                page.goto(base + view, wait_until="load")
                page.locator(".atlas-tool table").first.wait_for()
                if view.endswith(("sort=-creator",)):
                    shown = page.locator(".atlas-tool table").first.inner_text()
                    problems += [f"{view}: {name!r} is not shown as text" for name in marked_up if " ".join(name.split()) not in shown]
                for el in page.evaluate(_PROBE):
                    if el["tag"] not in _MADE:
                        problems.append(f"{view}: a <{el['tag']}> element")
                    if el["href"] is not None and (re.match(r"^\s*[a-z][a-z0-9+.-]*:", el["href"], re.I) or el["href"].startswith("//")):
                        problems.append(f"{view}: a link out of the site: {el['href'][:80]}")
                    if any(a.startswith("on") for a in el["attrs"]):
                        problems.append(f"{view}: an event handler attribute on <{el['tag']}>")
            assert log.external() == []
        finally:
            browser.close()
    assert len(ids) >= 2 and models["columns"]
    assert problems == []
