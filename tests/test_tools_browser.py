"""The readers' tools used as a reader would, in Chromium, in English and Chinese, served
over HTTP and from the offline export (file://).

- the models explorer: set filters, read the count and the rows, reload the shared address;
  the best C-Eval score among 7B models from one address; choose columns; pick models to
  compare;
- compare: open an address naming two models and read both models' scores in one row, the
  best marked; "Add to compare" from model pages;
- hardware fit: open fit/?ram=6 and check that every listed file fits and that none that
  fits is missing; change the memory and reload;
- without JavaScript the explorer still shows every model.

Every expected answer is computed here from the catalog, never read from the generator's
own data. Screenshots of each tool in both languages, 1280 and 390 pixels wide, go to
test-results/.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from generator import languages
from generator.catalog import Catalog
from generator.render import strings
from generator.resolve.pages import record_path
from generator.resolve.scores import Setting
from generator.resolve.tools import column_key
from tests import test_browser as shared
from tests.test_browser import RESULTS, Site, Visit

# The browser, the two sites (served, offline) and a fresh page per test, as test_browser has them.
browser, site, visit, catalog = shared.browser, shared.site, shared.visit, shared.catalog

pytestmark = pytest.mark.browser
LANGS = pytest.mark.parametrize("lang", languages.codes())

EXPLORER, COMPARE, FIT = "models/index.md", "compare/index.md", "fit/index.md"
GB = 10**9
#: Formats whose files run in RAM (llama.cpp on the CPU; MLX in Apple's unified memory),
#: and what the fit page adds to a file's size when its publisher states no need.
RUNS_IN_RAM = {"gguf", "ggml", "mlx"}
RUNS_IN_VRAM = {"gguf", "ggml", "gptq", "awq", "exl2", "fp16"}
ALLOWANCE = 2_500_000_000
#: Commercial-use terms from the least to the most restrictive, along the lineage.
TERMS = ("allowed", "unclear", "restricted", "forbidden")


def t(lang: str, key: str, **slots: Any) -> str:
    text = strings.translate(lang, key)
    for name, value in slots.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def verdict(catalog: Catalog, model_id: str) -> str:
    chain, frontier = [model_id], [model_id]
    while frontier:
        frontier = [b.id for m in frontier for b in catalog.models[m].base_models if b.id not in chain]
        chain.extend(dict.fromkeys(frontier))
    levels = [catalog.licenses[lic].commercial_use if (lic := catalog.models[m].license) else "unclear" for m in chain]
    return max(levels, key=TERMS.index)


def goto(visit: Visit, docs_path: str, lang: str, query: str = "") -> Any:
    page = visit.page
    page.goto(visit.site.url(docs_path, lang) + (f"?{query}" if query else ""))
    return page


def explorer_rows(page: Any) -> list[str]:
    """The model names of the explorer's rows, top to bottom."""
    page.locator("#atlas-explorer .atlas-count").wait_for()
    return page.locator("#atlas-explorer table tbody tr td:first-child a").all_inner_texts()


def explorer_cell(page: Any, row: int, header: str) -> str:
    headers = page.locator("#atlas-explorer table thead th").all_inner_texts()
    column = [i for i, h in enumerate(headers) if h.strip() == header]
    assert len(column) == 1, (header, headers)
    return page.locator("#atlas-explorer table tbody tr").nth(row).locator("td").nth(column[0]).inner_text().strip()


def filters(page: Any) -> Any:
    """The explorer's filters (the column chooser's boxes carry the same names)."""
    return page.locator("#atlas-explorer form.atlas-filters")


def query_of(page: Any, want: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """The page's query as it is now (read in the page: ``page.url`` learns of a replaced
    history entry a moment later); given ``want``, waiting up to 5 s for the tool to write it."""
    deadline = time.monotonic() + 5
    while True:
        got = parse_qs(urlparse(page.evaluate("() => location.href")).query)
        if want is None or got == want or time.monotonic() > deadline:
            return got
        page.wait_for_timeout(50)


def shoot(page: Any, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)


# --- models explorer --------------------------------------------------------------------------


@LANGS
def test_explorer_filters_count_and_shared_address(visit: Visit, catalog: Catalog, lang: str) -> None:
    """Commercial use allowed once the lineage is counted, and Chinese: set in the form, read
    in the count and the rows, kept in the address, the same after a reload."""
    from playwright.sync_api import expect

    # The names of languages come with the data, not from the browser: without its
    # Intl.DisplayNames the filter still names them as the model pages do.
    visit.page.add_init_script("delete Intl.DisplayNames;")
    page = goto(visit, EXPLORER, lang)
    names = {m.name: mid for mid, m in catalog.models.items()}
    everything = explorer_rows(page)
    assert sorted(names[n] for n in everything) == sorted(catalog.models)

    filters(page).get_by_label(t(lang, "terms.lineage")).select_option("allowed")
    language = filters(page).get_by_label(t(lang, "explorer.language"))
    # A language is named in the page's language, with its code in the page's brackets
    # ('Chinese (zh)', '中文（zh）').
    assert language.locator('option[value="zh"]').inner_text() == strings.spoken_with_code(lang, "zh")
    assert strings.spoken(lang, "zh") != "zh"
    language.select_option("zh")
    expected = [mid for mid, m in catalog.models.items() if verdict(catalog, mid) == "allowed" and "zh" in m.languages]
    assert expected, "no model is allowed commercially and supports Chinese: nothing to check"
    count = t(lang, "explorer.count", shown=len(expected), total=len(catalog.models))
    expect(page.locator("#atlas-explorer .atlas-count")).to_have_text(count)
    assert [names[n] for n in explorer_rows(page)] == expected
    assert query_of(page, {"commercial": ["allowed"], "lang": ["zh"]}) == {"commercial": ["allowed"], "lang": ["zh"]}

    page.reload()
    expect(page.locator("#atlas-explorer .atlas-count")).to_have_text(count)
    assert [names[n] for n in explorer_rows(page)] == expected
    assert filters(page).get_by_label(t(lang, "terms.lineage")).input_value() == "allowed"

    # Every model that supports Chinese, from one address.
    page = goto(visit, EXPLORER, lang, "lang=zh")
    assert sorted(names[n] for n in explorer_rows(page)) == sorted(m for m, r in catalog.models.items() if "zh" in r.languages)
    # Usable commercially, with or without conditions, sorted by name.
    page = goto(visit, EXPLORER, lang, "commercial=allowed,restricted&sort=name")
    usable = sorted((m.name for mid, m in catalog.models.items() if verdict(catalog, mid) in ("allowed", "restricted")), key=str.lower)
    assert explorer_rows(page) == usable
        # Words, a size range and a quantized format, from one address.
    page = goto(visit, EXPLORER, lang, "text=qwen&params=6-8&format=gguf")
    expected = [
        mid for mid, m in catalog.models.items()
        if "qwen" in " ".join([mid, m.name, m.creator, m.architecture or "", *m.tags]).lower()
        and m.parameters is not None and 6 * GB <= m.parameters <= 8 * GB
        and any(q.model == mid and q.format == "gguf" for q in catalog.quants.values())
    ]
    assert [names[n] for n in explorer_rows(page)] == expected and expected
    visit.assert_stayed_local()


def best_7b_setting(catalog: Catalog, benchmark: str) -> tuple[Setting, str, float]:
    """The setting of ``benchmark`` with the most 7B models scored, and its best 7B model."""
    groups: dict[Setting, list[tuple[float, str]]] = defaultdict(list)
    for mid, m in catalog.models.items():
        if m.parameters is not None and 7 * GB <= m.parameters < 8 * GB:
            for s in m.scores:
                if s.benchmark == benchmark:
                    groups[Setting.of(s)].append((s.value, mid))
    setting = max(groups, key=lambda s: (len(groups[s]), s.sort_key()))
    higher = catalog.benchmarks[benchmark].higher_is_better
    value, model = (max if higher else min)(groups[setting], key=lambda vm: (vm[0], vm[1]))
    return setting, model, value


@LANGS
def test_explorer_gives_the_best_7b_ceval_score_on_one_setting(visit: Visit, catalog: Catalog, lang: str) -> None:
    benchmark = "ceval"
    setting, model_id, value = best_7b_setting(catalog, benchmark)
    key = column_key(benchmark, setting)
    page = goto(visit, EXPLORER, lang, f"params=7-7.99&score={key}")
    rows = explorer_rows(page)
    assert rows[0] == catalog.models[model_id].name
    label = filters(page).get_by_label(t(lang, "explorer.score")).locator("option:checked").inner_text()
    assert label.startswith(catalog.benchmarks[benchmark].name)
    assert float(explorer_cell(page, 0, label)) == pytest.approx(value, abs=5e-5)
    # Every row is a 7B model scored on that setting, best first.
    sevens = {m.name for m in catalog.models.values() if m.parameters and 7 * GB <= m.parameters < 8 * GB}
    assert set(rows) <= sevens
    values = [float(explorer_cell(page, i, label)) for i in range(len(rows))]
    assert values == sorted(values, reverse=True)

    # The same answer by hand: the size range typed, the benchmark picked.
    page = goto(visit, EXPLORER, lang)
    filters(page).get_by_label(f"{t(lang, 'explorer.params')} {t(lang, 'explorer.from')}").fill("7")
    filters(page).get_by_label(f"{t(lang, 'explorer.params')} {t(lang, 'explorer.to')}").fill("7.99")
    filters(page).get_by_label(t(lang, "explorer.score")).select_option(key)
    assert explorer_rows(page) == rows
    assert query_of(page)["score"] == [key]
    shoot(page, f"tool-explorer-{lang}-{visit.site.name}")
    visit.assert_stayed_local()


def test_explorer_columns_are_chosen_and_kept(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page = goto(visit, EXPLORER, "en")
    headers = page.locator("#atlas-explorer table thead th")
    expect(headers.filter(has_text=re.compile(r"^License$"))).to_have_count(1)
    page.locator("#atlas-explorer details.atlas-columns summary").click()
    page.locator("#atlas-explorer .atlas-columns__list label", has_text=re.compile(r"^License$")).click()
    page.locator("#atlas-explorer .atlas-columns__list label", has_text=re.compile(r"^Architecture$")).click()
    expect(headers.filter(has_text=re.compile(r"^License$"))).to_have_count(0)
    architecture = headers.all_inner_texts().index("Architecture")
    assert "license" not in query_of(page)["cols"][0].split(",")
    page.reload()
    assert page.locator("#atlas-explorer table thead th").all_inner_texts().index("Architecture") == architecture
    cells = page.locator("#atlas-explorer table tbody tr").evaluate_all(
        "(rows, col) => rows.map(r => r.cells[col].innerText.trim())", architecture
    )
    assert sorted(cells) == sorted(m.architecture or "—" for m in catalog.models.values())
    visit.assert_stayed_local()


def test_explorer_sends_the_picked_models_to_compare(visit: Visit, catalog: Catalog) -> None:
    from playwright.sync_api import expect

    page = goto(visit, EXPLORER, "en", "text=qwen-7b")
    picked = explorer_rows(page)[:2]
    assert len(picked) == 2
    for name in picked:
        page.get_by_label(f"{t('en', 'explorer.select')}: {name}", exact=True).check()
    button = page.locator("#atlas-explorer a.atlas-button")
    expect(button).to_have_text(t("en", "explorer.compare", n=2))
    button.click()
    page.wait_for_url(re.compile(r"compare/index\.html\?models="))
    ids = {m.name: mid for mid, m in catalog.models.items()}
    assert query_of(page)["models"] == [",".join(ids[n] for n in picked)]
    assert page.locator("#atlas-compare thead th a").all_inner_texts() == picked
    visit.assert_stayed_local()


# --- compare -----------------------------------------------------------------------------------


@LANGS
def test_compare_reads_two_models_scores_in_one_row(visit: Visit, catalog: Catalog, lang: str) -> None:
    first, second = "Qwen/Qwen-7B-Chat", "CausalLM/7B"
    page = goto(visit, COMPARE, lang, f"models={first},{second}")
    table = page.locator("#atlas-compare table")
    table.wait_for()
    assert table.locator("thead th a").all_inner_texts() == [catalog.models[first].name, catalog.models[second].name]

    rows = table.locator("tbody tr").evaluate_all(
        """rows => rows.map(r => ({
            head: r.cells[0].innerText.trim(),
            cells: [...r.cells].slice(1).map(c => c.innerText.trim()),
            best: [...r.cells].slice(1).map(c => !!c.querySelector('.atlas-best')),
        }))"""
    )
    scores: dict[tuple[str, Setting], dict[str, float]] = defaultdict(dict)
    for mid in (first, second):
        for s in catalog.models[mid].scores:
            scores[(s.benchmark, Setting.of(s))][mid] = s.value
    shared = [pair for pair, by in scores.items() if len(by) == 2]
    assert shared, "the two models share no benchmark and setting: nothing to read side by side"
    for (bench, setting), by in scores.items():
        name = catalog.benchmarks[bench].name
        matching = [r for r in rows if r["head"].split("\n")[0] == name and _setting_words(lang, setting) == r["head"].split("\n")[-1]]
        assert len(matching) == 1, (bench, setting, [r["head"] for r in rows])
        row = matching[0]
        for i, mid in enumerate((first, second)):
            if mid in by:
                assert float(row["cells"][i].split()[0]) == pytest.approx(by[mid], abs=5e-5)
            else:
                assert row["cells"][i] == "—"
        if len(by) == 2:
            higher = catalog.benchmarks[bench].higher_is_better
            best = (max if higher else min)(by.values())
            assert row["best"] == [by[first] == best, by[second] == best], (bench, setting)
    # The verdict along the lineage for each, in the license terms.
    (verdicts,) = [r for r in rows if r["head"] == t(lang, "terms.lineage")]
    assert [c.split("\n")[0] for c in verdicts["cells"]] == [t(lang, f"commercial.{verdict(catalog, m)}") for m in (first, second)]
    # Languages by name, as the model pages name them ('English (en)、Chinese (zh)').
    (spoken,) = [r for r in rows if r["head"] == t(lang, "field.languages")]
    assert spoken["cells"] == [
        t(lang, "punct.list").join(strings.spoken_with_code(lang, code) for code in catalog.models[m].languages) or "—"
        for m in (first, second)
    ]
    assert any(catalog.models[m].languages for m in (first, second))

    page.reload()
    assert page.locator("#atlas-compare thead th a").all_inner_texts() == [catalog.models[first].name, catalog.models[second].name]
    shoot(page, f"tool-compare-{lang}-{visit.site.name}")
    visit.assert_stayed_local()


def _setting_words(lang: str, setting: Setting) -> str:
    parts = []
    if setting.shots is not None:
        parts.append(t(lang, "score.zero_shot") if setting.shots == 0 else t(lang, "score.n_shot", n=setting.shots))
    if setting.split:  # a split the UI names ('val' -> 验证集), else the record's word for it
        named = strings.table(lang).get(f"split.{setting.split.lower()}")
        parts.append(named or t(lang, "score.split", split=setting.split))
    if setting.setting:
        parts.append(setting.setting)
    return " · ".join(parts) if parts else t(lang, "score.unstated")


def test_add_to_compare_from_model_pages(visit: Visit, catalog: Catalog) -> None:
    """The first model's link opens the comparison with it; the next one's adds to it."""
    first, second = "Qwen/Qwen-7B-Chat", "CausalLM/7B"
    page = goto(visit, record_path("model", first), "zh")
    page.get_by_role("link", name=t("zh", "tools.add_to_compare")).click()
    page.wait_for_url(re.compile(r"compare/index\.html\?models="))
    assert query_of(page)["models"] == [first]
    assert page.locator("#atlas-compare .atlas-note").first.inner_text() == t("zh", "compare.pick")

    page = goto(visit, record_path("model", second), "zh")
    page.get_by_role("link", name=t("zh", "tools.add_to_compare")).click()
    page.wait_for_url(re.compile(r"compare/index\.html\?models="))
    assert query_of(page)["models"] == [f"{first},{second}"]
    names = [catalog.models[first].name, catalog.models[second].name]
    assert page.locator("#atlas-compare thead th a").all_inner_texts() == names

    # A third, picked on the compare page by its id; removing one leaves the others.
    third = "baichuan-inc/baichuan-7B"
    page.get_by_label(t("zh", "compare.add")).fill(third)
    page.get_by_label(t("zh", "compare.add")).press("Enter")
    assert page.locator("#atlas-compare thead th a").all_inner_texts() == [*names, catalog.models[third].name]
    page.get_by_label(f"{t('zh', 'compare.remove')}{t('zh', 'punct.colon')}{names[0]}", exact=True).click()
    assert query_of(page)["models"] == [f"{second},{third}"]
    visit.assert_stayed_local()


# --- hardware fit ---------------------------------------------------------------------------


def fitting(catalog: Catalog, ram: float = 0, vram: float = 0) -> dict[tuple[str, str], int]:
    """(repository, file or branch) -> bytes needed, for every file that fits."""
    out = {}
    for repo_id, repo in catalog.quants.items():
        for f in repo.files:
            entry = getattr(f, "name", None) or f.branch
            stated_vram = sorted((v.context, v.size) for v in getattr(f, "vram", []) or [])
            if getattr(f, "ram_required", None) is not None:
                need = f.ram_required
            elif stated_vram:
                need = next((s for c, s in stated_vram if c >= 4096), stated_vram[-1][1])
            elif f.size is not None:
                need = f.size + ALLOWANCE
            else:
                continue
            in_ram = repo.format in RUNS_IN_RAM and ram and need <= ram * GB
            in_vram = repo.format in RUNS_IN_VRAM and vram and need <= vram * GB
            split = repo.format in RUNS_IN_RAM & RUNS_IN_VRAM and ram and vram and need <= (ram + vram) * GB
            if in_ram or in_vram or split:
                out[(repo_id, entry)] = need
    return out


def fit_rows(page: Any) -> list[dict[str, Any]]:
    page.locator("#atlas-fit .atlas-count").wait_for()
    return page.locator("#atlas-fit section.atlas-fit__model").evaluate_all(
        """sections => sections.flatMap(s => [...s.querySelectorAll('tbody tr')].map((r, i) => ({
            model: s.querySelector('h2 a').innerText.trim(),
            entry: r.cells[0].querySelector('code').innerText.trim(),
            repo: r.cells[0].querySelector('small a').innerText.trim(),
            bits: parseFloat(r.cells[1].innerText),
            need: parseFloat(r.cells[2].innerText),
            first: i === 0,
        })))"""
    )


@LANGS
def test_fit_lists_every_file_that_fits_in_6_gb(visit: Visit, catalog: Catalog, lang: str) -> None:
    from playwright.sync_api import expect

    page = goto(visit, FIT, lang, "ram=6")
    rows = fit_rows(page)
    expected = fitting(catalog, ram=6)
    assert expected, "no file fits in 6 GB: nothing to check"
    assert {(r["repo"], r["entry"]) for r in rows} == set(expected), "listed files differ from those that fit"
    assert len(rows) == len(expected), "a file is listed twice"
    for r in rows:
        assert r["need"] <= 6.0 and r["need"] == pytest.approx(expected[(r["repo"], r["entry"])] / GB, abs=0.006)
    # Grouped by model, the best quality first.
    by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_model[r["model"]].append(r)
    for group in by_model.values():
        assert group[0]["first"] and group[0]["bits"] == max(r["bits"] for r in group)
        assert [r["bits"] for r in group] == sorted((r["bits"] for r in group), reverse=True)
    models = {catalog.quants[repo].model for repo, _ in expected}
    # Each model's verdict, in the page's words and punctuation ('商用（计入谱系）：有限制').
    names = {m.name: mid for mid, m in catalog.models.items()}
    for section in page.locator("#atlas-fit section.atlas-fit__model").all():
        model = names[section.locator("h2 a").inner_text().strip()]
        said = t(lang, "terms.lineage") + t(lang, "punct.colon") + t(lang, f"commercial.{verdict(catalog, model)}")
        assert section.locator("h2 small").inner_text().endswith(said)
    count = t(lang, "fit.count", files=len(expected), models=len(models))
    expect(page.locator("#atlas-fit .atlas-count")).to_have_text(count)
    # Estimates are marked as such, and stated figures as stated.
    assert page.locator("#atlas-fit .atlas-badge--estimate").count() == sum(
        1 for (repo, entry) in expected
        if not any(getattr(f, "ram_required", None) or getattr(f, "vram", None) for f in catalog.quants[repo].files if (getattr(f, "name", None) or f.branch) == entry)
    )
    # The best three of a model are shown; the others one click away.
    long = [s for s in page.locator("#atlas-fit section.atlas-fit__model").all() if s.locator("tbody tr").count() > 3]
    assert long, "no model has more than three files that fit: nothing to fold"
    section = long[0]
    assert section.locator("tbody tr:visible").count() == 3
    section.locator("button.atlas-more").click()
    assert section.locator("tbody tr:visible").count() == section.locator("tbody tr").count()
    shoot(page, f"tool-fit-{lang}-{visit.site.name}")

    # More memory, typed: the address follows, and a reload shows the same list.
    page.get_by_label(t(lang, "fit.ram"), exact=True).fill("8")
    page.get_by_label(t(lang, "fit.vram"), exact=True).fill("8")
    assert query_of(page, {"ram": ["8"], "vram": ["8"]}) == {"ram": ["8"], "vram": ["8"]}
    expected = fitting(catalog, ram=8, vram=8)
    assert {(r["repo"], r["entry"]) for r in fit_rows(page)} == set(expected)
    page.reload()
    assert {(r["repo"], r["entry"]) for r in fit_rows(page)} == set(expected)
    visit.assert_stayed_local()


# --- every tool, both languages, both widths ---------------------------------------------------

_VIEWS = {
    "explorer": (EXPLORER, "commercial=restricted&sort=-params"),
    "compare": (COMPARE, "models=Qwen/Qwen-7B-Chat,CausalLM/7B,baichuan-inc/baichuan-7B"),
    "fit": (FIT, "ram=16&vram=8"),
}


@pytest.mark.parametrize("width", [1280, 390])
def test_every_tool_fits_the_screen_in_both_languages(browser: Any, site: Site, width: int) -> None:
    """The page never scrolls sideways (wide tables scroll inside their box); screenshots."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for lang in languages.codes():
            for name, (path, query) in _VIEWS.items():
                page.goto(site.url(path, lang) + "?" + query)
                page.locator(".atlas-tool table").first.wait_for()
                overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                assert overflow <= 0, f"{name} in {lang} at {width}px scrolls sideways by {overflow}px"
                if site.name == "served":
                    RESULTS.mkdir(exist_ok=True)
                    page.screenshot(path=str(RESULTS / f"tool-{name}-{lang}-{width}.png"), full_page=True)
        assert errors == []
    finally:
        context.close()


# --- without JavaScript ---------------------------------------------------------------------------


def test_without_javascript_the_explorer_lists_every_model(browser: Any, site: Site, catalog: Catalog) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(EXPLORER, "zh"))
        names = page.locator("#atlas-explorer table tbody tr td:first-child").all_inner_texts()
        assert sorted(names) == sorted(m.name for m in catalog.models.values())
        page.goto(site.url(FIT, "zh"))
        assert page.locator("#atlas-fit .atlas-nojs").inner_text() == t("zh", "tools.needs_js")
    finally:
        context.close()
