"""The search index the generator writes: one entry per page in each language, small, plain
text, with ids, methods and branch names kept whole, and no data tables.

The matching and ranking in the browser are tested in ``test_search_engine.py``; the search
on the built site in ``test_browser.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bench.scale import synthesize
from generator import languages, pipeline
from generator.catalog import Catalog
from generator.render import search as render_search
from generator.render import strings
from generator.resolve import search
from generator.resolve.context import Context
from generator.resolve.files import Files
from generator.resolve.pages import plan, record_path
from tests.html_support import script_data

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "mini" / "catalog"
CLIENT = REPO / "overrides" / "assets" / "javascripts" / "search.js"
#: The bound the site promises: bytes of index per page, per language.
MAX_BYTES_PER_PAGE = 1200


def _catalog(root: Path) -> Catalog:
    catalog, problems = pipeline.load_valid(root)
    assert catalog is not None, [p.text() for p in problems]
    return catalog


@pytest.fixture(scope="module")
def real() -> Catalog:
    return _catalog(REPO / "catalog")


def _index(catalog: Catalog, lang: str) -> dict[str, Any]:
    files = render_search.files(search.index(Context(catalog), plan(catalog)))
    return script_data(files[f"{lang}/{render_search.INDEX}"], render_search.INDEX_GLOBAL)


def _docs(catalog: Catalog, lang: str) -> dict[str, list[Any]]:
    return {doc[1]: doc for doc in _index(catalog, lang)["docs"]}


def test_every_page_has_one_entry_in_each_language(real: Catalog) -> None:
    pages = sorted(p.path[: -len(".md")] + ".html" for p in plan(real))
    for lang in languages.codes():
        assert [doc[1] for doc in _index(real, lang)["docs"]] == pages
    # in the order of their paths, whatever order the pages come in
    again = render_search.files(search.index(Context(real), list(reversed(plan(real)))))
    assert again == render_search.files(search.index(Context(real), plan(real)))


def test_a_page_kind_without_an_entry_is_refused(real: Catalog) -> None:
    from generator.resolve.pages import Page

    with pytest.raises(KeyError):
        search.index(Context(real), [*plan(real), Page("fit/index.md", "fit-index", None)])


@pytest.mark.parametrize("lang", languages.codes())
def test_the_index_is_small_for_the_real_catalog(real: Catalog, lang: str) -> None:
    files = render_search.files(search.index(Context(real), plan(real)))
    size = len(files[f"{lang}/{render_search.INDEX}"].encode("utf-8"))
    assert size / len(plan(real)) <= MAX_BYTES_PER_PAGE


@pytest.mark.slow
def test_the_index_is_small_at_scale(tmp_path: Path) -> None:
    """The synthetic catalog of the scale benchmark (bench/scale.py), at 300 models."""
    synthesize(tmp_path / "catalog", 300, seed=1)
    catalog = _catalog(tmp_path / "catalog")
    files = render_search.files(search.index(Context(catalog), plan(catalog)))
    pages = len(plan(catalog))
    for lang in languages.codes():
        size = len(files[f"{lang}/{render_search.INDEX}"].encode("utf-8"))
        assert size / pages <= MAX_BYTES_PER_PAGE, (lang, size / pages)


@pytest.mark.parametrize("lang", languages.codes())
def test_a_models_commercial_use_counts_its_lineage(real: Catalog, lang: str) -> None:
    """CausalLM 7B's own license allows commercial use; Qwen's terms it derives from do not."""
    from generator.render import strings

    facts = _docs(real, lang)[record_path("model", "CausalLM/7B")[:-3] + ".html"][4].split(" · ")
    assert strings.translate(lang, "search.commercial.restricted") in facts
    assert strings.translate(lang, "search.commercial.allowed") not in facts


def test_a_models_languages_are_named_in_the_page_language(real: Catalog) -> None:
    """Searching 中文 or Chinese finds the models for Chinese: each language a model is for is
    in its facts by name, in the page's language, with its code."""
    for lang, named in (("en", {"zh": "Chinese (zh)", "fr": "French (fr)"}), ("zh", {"zh": "中文（zh）", "fr": "法语（fr）"})):
        docs = _docs(real, lang)
        for code, shown in named.items():
            models = [mid for mid, m in real.models.items() if code in m.languages]
            assert models, f"no model of the real catalog is for {code!r}: nothing to check"
            for mid in models:
                assert shown in docs[record_path("model", mid)[:-3] + ".html"][4].split(" · ")[-1]


def test_ids_methods_and_branches_stay_whole(real: Catalog) -> None:
    docs = _docs(real, "en")
    model = docs[record_path("model", "CausalLM/7B")[:-3] + ".html"]
    assert "CausalLM/7B" in model[3].split(" ")
    rows = Files(real).by_repo
    gguf = next(rid for rid, files in rows.items() if any(r.method == "Q4_K_M" for r in files))
    entry = docs[record_path("quant", gguf)[:-3] + ".html"]
    assert "Q4_K_M" in re.split(r", | · ", entry[4])
    branches = [(rid, r.entry) for rid, files in rows.items() for r in files if "actorder" in r.entry]
    assert branches
    for rid, branch in branches:
        assert branch in docs[record_path("quant", rid)[:-3] + ".html"][5].split(" ")


def test_no_data_table_in_the_index(real: Catalog) -> None:
    """The comparison and index pages are found by their title and what they are for, not
    by the rows of their tables; a record's entry holds no scores."""
    for lang in languages.codes():
        docs = _docs(real, lang)
        for path in ("compare/files.html", "compare/benchmarks.html", "models/index.html", "quants/index.html"):
            assert docs[path][3:6] == ["", "", ""], (lang, path)
            assert len(docs[path]) <= 7
        for doc in docs.values():
            assert len(doc[6] if len(doc) > 6 else "") <= render_search.SUMMARY_WIDTH + 1
            assert "<td" not in json.dumps(doc) and "|" not in "".join(map(str, doc[2:5]))


def test_each_language_has_its_own_words(real: Catalog) -> None:
    en, zh = _docs(real, "en"), _docs(real, "zh")
    assert en["models/index.html"][2] == strings.translate("en", "index.models")
    assert zh["models/index.html"][2] == strings.translate("zh", "index.models")
    model = record_path("model", "CausalLM/7B")[:-3] + ".html"
    summary = real.models["CausalLM/7B"].summary
    assert zh[model][6] == render_search.clip(render_search.markdown_words(summary.zh))
    assert en[model][6] == render_search.clip(render_search.markdown_words(summary.en))
    assert strings.translate("zh", "search.commercial.restricted") in zh[model][4]


def test_summaries_are_plain_text() -> None:
    assert render_search.markdown_words("See [the card](https://x.org/a_b) and **`Q4_K_M`**.\n\n# Head\n> quote") == (
        "See the card and Q4_K_M. Head quote"
    )
    assert render_search.clip("a" * 300).endswith("…") and len(render_search.clip("a" * 300)) == 201
    assert render_search.clip("模型" * 100) == "模型" * 50 + "…"
    assert render_search.clip("short") == "short"


def test_record_text_cannot_become_script(tmp_path: Path) -> None:
    """A record's name or summary is data in the index: the file stays one statement that
    sets one global, whatever the text holds."""
    import shutil

    root = tmp_path / "catalog"
    shutil.copytree(FIXTURE, root)
    record = next((root / "models").rglob("*.yaml"))
    # (a name cannot hold line separators: the reader refuses them; the JSON escapes them anyway)
    assert render_search._json("a\u2028b\u2029") == '"a\\u2028b\\u2029"'
    hostile = "</script><script>alert(1)</script>\"\\'`${x}"
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"^name: .*$", lambda _: "name: " + json.dumps(hostile), text, count=1, flags=re.M)
    record.write_text(text, encoding="utf-8")
    catalog = _catalog(root)
    for lang in languages.codes():
        script = render_search.files(search.index(Context(catalog), plan(catalog)))[f"{lang}/{render_search.INDEX}"]
        assert "\u2028" not in script and "\u2029" not in script
        # One comment line, then one statement setting one global to JSON data (script_data).
        titles = [doc[2] for doc in script_data(script, render_search.INDEX_GLOBAL)["docs"]]
        assert " ".join(hostile.split()) in titles  # line separators are spaces in a one-line title


def test_the_client_has_every_string_it_uses() -> None:
    used = {key for key in re.findall(r"""say\("([a-z_.-]+)""", CLIENT.read_text(encoding="utf-8")) if not key.endswith(".")}
    used |= {f"kind.{kind}" for kind in search.ORDER}
    assert "placeholder" in used and "kind.model" in used
    for lang in languages.codes():
        words = script_data(render_search.strings_script(lang), render_search.STRINGS_GLOBAL)
        assert sorted(used - set(words)) == [], lang
        assert not [key for key in words if key.startswith(("commercial.", "home_"))], "page strings are not the client's"


def test_every_kind_has_a_label_in_each_language() -> None:
    for lang in languages.codes():
        for kind in search.ORDER:
            assert f"search.kind.{kind}" in strings.table(lang), (lang, kind)
