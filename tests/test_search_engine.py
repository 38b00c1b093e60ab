"""The search client's matching and ranking (overrides/assets/javascripts/search.js), run in
Chromium on a small hand-made index: the same code the site runs, no copy of it in Python.

The page is opened from disk, as the offline export is, and loads the index on first use
through a script tag, as the site does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.render import search as render_search
from tests.browser_support import chromium_path, launch

REPO = Path(__file__).resolve().parents[1]
CLIENT = REPO / "overrides" / "assets" / "javascripts" / "search.js"

pytestmark = pytest.mark.browser

KINDS = ["model", "quant", "dataset", "license", "benchmark", "prompt-format", "page"]
M, Q, L, P = 0, 1, 3, 6
DOCS: list[list[Any]] = [
    [M, "models/CausalLM/14B.html", "CausalLM 14B", "CausalLM/14B", "14B · CausalLM"],
    [M, "models/CausalLM/7B.html", "CausalLM 7B", "CausalLM/7B", "7B · CausalLM", "Qwen/Qwen-7B", "A distilled version of the 14B model."],
    [M, "models/other/Causal-Chat.html", "Causal Chat 7B", "other/Causal-Chat", "7B · other", "", "Trained with CausalLM's recipe."],
    [M, "models/Qwen/Qwen-7B.html", "Qwen-7B", "Qwen/Qwen-7B", "7B · Alibaba Cloud", "", "通义千问的 70 亿参数基础模型，支持中英文。"],
    [Q, "quants/TheBloke/CausalLM-7B-GGUF.html", "TheBloke/CausalLM-7B-GGUF", "", "GGUF · CausalLM 7B · Q4_K_M, Q5_K_M",
     "CausalLM/7B causallm_7b.Q4_K_M.gguf causallm_7b.Q5_K_M.gguf", "GGUF files of CausalLM 7B."],
    [Q, "quants/TheBloke/Yi-GGUF.html", "TheBloke/Yi-GGUF", "", "GGUF · Yi · Q4_K_S, Q5_K_M", "yi.Q4_K_S.gguf yi.Q5_K_M.gguf"],
    [Q, "quants/TheBloke/Yi-GPTQ.html", "TheBloke/Yi-GPTQ", "", "GPTQ · Yi",
     "main gptq-4bit-32g-actorder_True gptq-4bit-128g-actorder_False"],
    [L, "licenses/apache-2.0.html", "Apache License 2.0", "apache-2.0 Apache-2.0", "Commercial use allowed", "", "A permissive license."],
    [P, "models/index.html", "Models", "", "", "", "Every model in the catalog."],
    [P, "zh-title.html", "模型", "", "", "", "全部模型的列表。"],
    [M, "models/x/markup.html", "<img src=x onerror=alert(1)>", "", "", "", "<b>bold</b>"],
]


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page from disk with the client and, beside it, an index of ``DOCS``."""
    chromium_path()
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("search-engine")
    (root / "assets" / "javascripts").mkdir(parents=True)
    (root / "assets" / "search").mkdir(parents=True)
    (root / "assets" / "javascripts" / "search.js").write_text(CLIENT.read_text(encoding="utf-8"), encoding="utf-8")
    data = {"lang": "en", "kinds": KINDS, "docs": DOCS}
    (root / "assets" / "search" / "index.js").write_text(
        f"window.{render_search.INDEX_GLOBAL}={json.dumps(data, ensure_ascii=False)};\n", encoding="utf-8"
    )
    (root / "index.html").write_text(
        '<!doctype html><html class="no-js"><head><meta charset="utf-8"></head><body>'
        '<div id="atlas-search-home"><p class="atlas-search-home__hint">hint</p></div>'
        '<script src="assets/javascripts/search.js"></script></body></html>',
        encoding="utf-8",
    )
    with sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.goto((root / "index.html").as_uri())
        # The index is not loaded until the search is used; focusing the field loads it.
        assert tab.evaluate(f"typeof window.{render_search.INDEX_GLOBAL}") == "undefined"
        tab.focus("#atlas-search-home input")
        tab.wait_for_function(f"typeof window.{render_search.INDEX_GLOBAL} === 'object'")
        tab.evaluate(f"window.engine = new ModelAtlasSearch.Engine(window.{render_search.INDEX_GLOBAL})")
        yield tab
        browser.close()


def found(page: Any, query: str) -> list[str]:
    """The addresses of the results for ``query``, best first."""
    return page.evaluate("q => engine.search(q).results.map(r => r.doc[1])", query)


def tiers(page: Any, query: str) -> dict[str, int]:
    return dict(page.evaluate("q => engine.search(q).results.map(r => [r.doc[1], r.tier])", query))


def test_the_query_is_cut_into_whole_words_and_character_pairs(page: Any) -> None:
    terms = page.evaluate("q => ModelAtlasSearch.parse(q).terms", "CausalLM/7B  Q4_K_M 推测抽样")
    assert [t["text"] for t in terms] == ["causallm/7b", "q4_k_m", "推测", "测抽", "抽样"]
    assert terms[0]["parts"] == ["causallm", "7b"] and terms[1]["parts"] == ["q4", "k", "m"]
    # Full-width letters and digits read as their ASCII forms.
    assert page.evaluate("q => ModelAtlasSearch.parse(q).terms.map(t => t.text)", "Ｑ４_Ｋ_Ｍ") == ["q4_k_m"]


def test_a_name_is_found_first_by_its_start(page: Any) -> None:
    results = found(page, "CausalLM")
    # Names starting with the query, shortest first, before names merely containing it.
    assert results[:2] == ["models/CausalLM/7B.html", "models/CausalLM/14B.html"]
    assert results.index("quants/TheBloke/CausalLM-7B-GGUF.html") < results.index("models/other/Causal-Chat.html")


def test_the_exact_id_or_name_comes_first(page: Any) -> None:
    assert found(page, "CausalLM/7B")[0] == "models/CausalLM/7B.html"
    assert found(page, "causallm 7b")[0] == "models/CausalLM/7B.html"
    assert found(page, "Qwen/Qwen-7B")[0] == "models/Qwen/Qwen-7B.html"
    assert found(page, "apache-2.0")[0] == "licenses/apache-2.0.html"
    assert tiers(page, "CausalLM/7B")["models/CausalLM/7B.html"] == 6


def test_ranking_runs_name_then_facts_then_summary(page: Any) -> None:
    ranks = tiers(page, "7b")
    assert ranks["models/CausalLM/7B.html"] == 4  # in the name
    assert ranks["models/Qwen/Qwen-7B.html"] == 4
    ranks = tiers(page, "distilled")
    assert ranks == {"models/CausalLM/7B.html": 2}  # in the summary only
    assert tiers(page, "alibaba") == {"models/Qwen/Qwen-7B.html": 3}  # in the key facts


def test_quant_methods_match_whole_not_by_their_letters(page: Any) -> None:
    assert sorted(found(page, "Q4_K_M")) == ["quants/TheBloke/CausalLM-7B-GGUF.html"]
    assert sorted(found(page, "Q5_K_M")) == ["quants/TheBloke/CausalLM-7B-GGUF.html", "quants/TheBloke/Yi-GGUF.html"]
    # A method's start finds every method it begins.
    assert sorted(found(page, "Q4_K")) == ["quants/TheBloke/CausalLM-7B-GGUF.html", "quants/TheBloke/Yi-GGUF.html"]
    # A file name, whole.
    assert found(page, "causallm_7b.Q4_K_M.gguf") == ["quants/TheBloke/CausalLM-7B-GGUF.html"]


def test_branch_names_match_whole_and_by_their_parts(page: Any) -> None:
    assert found(page, "gptq-4bit-32g-actorder_True") == ["quants/TheBloke/Yi-GPTQ.html"]
    assert found(page, "32g-actorder") == ["quants/TheBloke/Yi-GPTQ.html"]
    assert found(page, "gptq-4bit-64g") == []


def test_chinese_is_matched_by_character_pairs(page: Any) -> None:
    assert found(page, "基础模型") == ["models/Qwen/Qwen-7B.html"]
    assert found(page, "模型基础") == ["models/Qwen/Qwen-7B.html"]  # every pair, in any order
    assert found(page, "模型")[0] == "zh-title.html"  # the exact title first
    assert found(page, "中英文 Qwen") == ["models/Qwen/Qwen-7B.html"]


def test_every_word_must_match_else_the_closest_are_offered(page: Any) -> None:
    assert page.evaluate("engine.search('causallm 7b').partial") is False
    result = page.evaluate("engine.search('Qwen nonexistentword')")
    assert result["partial"] is True
    assert result["results"][0]["doc"][1] == "models/Qwen/Qwen-7B.html"
    assert page.evaluate("engine.search('zzzz').results.length") == 0


def test_ranking_is_the_same_every_time(page: Any) -> None:
    first = found(page, "7b")
    assert all(found(page, "7b") == first for _ in range(3))
    assert len(first) == len(set(first))


def test_results_show_record_text_as_text(page: Any) -> None:
    """Titles and summaries go into the page as text nodes: markup in them stays text."""
    box = page.locator("#atlas-search-home input")
    box.fill("img")
    page.wait_for_selector(".atlas-search__link")
    assert page.locator(".atlas-search__output img").count() == 0
    assert page.locator(".atlas-search__output b").count() == 0
    text = page.locator(".atlas-search__output").inner_text()
    assert "<img src=x onerror=alert(1)>" in text and "<b>bold</b>" in text
