"""Questions readers come with, answered from the built pages in both languages.

Each expected answer is computed from the loaded catalog (never written here), then looked
up in the HTML the way a reader would: the page they would open, the section, the row.

- Which 7B model has the best C-Eval score? (the C-Eval leaderboard: first 7B row)
- What is the smallest GGUF file of CausalLM 7B-DPO-alpha? (its model page, files table)
- Which GPTQ branch of Tulu 7B has act order and group size 32? (the GPTQ repo's page)
- May baichuan-7B be used commercially? (its model page, license section)
- Which files of a model run in 8 GB of RAM? (each model page's files table, RAM column)
- Which models may be used commercially once the lineage is counted? (the models index,
  which also shows it without JavaScript; CausalLM 7B's page names Qwen's terms)
- Which models support Chinese? (the models index, languages column)

The tools (explorer filters, compare, hardware fit) are asked in tests/test_tools_browser.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from generator import languages
from generator.catalog import Catalog
from generator.pipeline import load
from generator.render import strings
from generator.resolve.pages import record_path
from generator.schema.records import english
from tests.html_support import Table, page_url, read_page

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.build
LANGS = pytest.mark.parametrize("lang", languages.codes())


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def url(lang: str, kind: str, record_id: str) -> str:
    return page_url(record_path(kind, record_id), lang)


def t(lang: str, key: str) -> str:
    return strings.translate(lang, key)


def gb(size: int) -> str:
    return f"{size / 10**9:.2f}"


def same_score(cell: str, value: float) -> bool:
    """The cell shows ``value`` (pages print converted scores to four decimals)."""
    return float(cell) == pytest.approx(value, abs=5e-5)


def find_one(catalog: Catalog, kind: str, *words: str) -> str:
    """The one record of ``kind`` whose id contains every word (case-insensitive)."""
    found = [rid for rid in catalog.records[kind] if all(w.lower() in rid.lower() for w in words)]
    assert len(found) == 1, f"expected one {kind} matching {words}, found {found}"
    return found[0]


def rows_of(table: Table, column: str) -> list[str]:
    index = table.column(column)
    return [row[index].text for row in table.rows]


# --- 1. the best C-Eval score among 7B models ------------------------------------------------


def is_7b(catalog: Catalog, model_id: str) -> bool:
    parameters = catalog.models[model_id].parameters
    return parameters is not None and 7 * 10**9 <= parameters < 8 * 10**9


def best_7b_per_setting(catalog: Catalog, benchmark: str) -> dict[tuple[Any, ...], tuple[str, float]]:
    higher = catalog.benchmarks[benchmark].higher_is_better
    groups: dict[tuple[Any, ...], list[tuple[float, str]]] = defaultdict(list)
    for model_id, model in catalog.models.items():
        for score in model.scores:
            if score.benchmark == benchmark:
                groups[(score.shots, score.split, english(score.setting))].append((score.value, model_id))
    best = {}
    for setting, scores in groups.items():
        sevens = [(v, m) for v, m in scores if is_7b(catalog, m)]
        if sevens:
            value, model_id = (max if higher else min)(sevens, key=lambda vm: vm[0])
            best[setting] = (model_id, value)
    return best


def test_7b_models_state_their_size(catalog: Catalog) -> None:
    """A reader finds 7B models by the parameters column: every '7B' model must fill it.

    '8x7B' (Mixtral) names eight experts of 7B, not a 7B model: it is not counted."""
    named_7b = re.compile(r"(?<![x\d.])7b(?![\d.])", re.IGNORECASE)
    unsized = [m for m, r in catalog.models.items() if named_7b.search(m) and r.parameters is None]
    assert unsized == [], "models named 7B without a parameter count"
    assert named_7b.search("mistralai/Mistral-7B-v0.1") and not named_7b.search("mistralai/Mixtral-8x7B-v0.1")


@LANGS
def test_best_ceval_score_among_7b_models(built_site: Path, catalog: Catalog, lang: str) -> None:
    benchmark = find_one(catalog, "benchmark", "ceval")
    best = best_7b_per_setting(catalog, benchmark)
    assert best, "no 7B model has a C-Eval score"
    page = read_page(built_site, url(lang, "benchmark", benchmark))
    leaderboards = page.tables_under(t(lang, "benchmark.leaderboard"))
    model_col, params_col, value_col = t(lang, "lineage.model"), t(lang, "field.parameters"), t(lang, "score.value")

    names = {catalog.models[m].name: m for m in catalog.models}
    assert len(names) == len(catalog.models), "two models share a display name"
    for setting, (model_id, value) in best.items():
        # The table of this setting is the one listing exactly the models scored in it.
        scored = {
            catalog.models[m].name
            for m, r in catalog.models.items()
            for s in r.scores
            if s.benchmark == benchmark and (s.shots, s.split, s.setting) == setting
        }
        tables = [tb for tb in leaderboards if set(rows_of(tb, model_col)) == scored]
        assert len(tables) == 1, f"no single leaderboard table for setting {setting}"
        table = tables[0]
        sizes = rows_of(table, params_col)
        first_7b = next(i for i, size in enumerate(sizes) if re.fullmatch(r"7(\.\d+)?B", size))
        row = table.rows[first_7b]
        assert names[row[table.column(model_col)].text] == model_id, (setting, sizes)
        assert same_score(row[table.column(value_col)].text, value)
        # Ranked best first, so the reader's first 7B row is the answer.
        values = [float(v) for v in rows_of(table, value_col)]
        assert values == sorted(values, reverse=catalog.benchmarks[benchmark].higher_is_better)


# --- 2. the smallest GGUF file of CausalLM 7B-DPO-alpha --------------------------------------


@LANGS
def test_smallest_gguf_file_of_causallm_7b_dpo_alpha(built_site: Path, catalog: Catalog, lang: str) -> None:
    model_id = find_one(catalog, "model", "CausalLM/7B-DPO-alpha")
    files = [
        (f.size, f.name, repo_id)
        for repo_id, repo in catalog.quants.items()
        if repo.model == model_id and repo.format == "gguf"
        for f in repo.files
        if f.size is not None
    ]
    assert files, f"{model_id} has no GGUF files with sizes"
    size, name, repo_id = min(files)

    page = read_page(built_site, url(lang, "model", model_id))
    (table,) = page.tables_under(t(lang, "model.files"))
    gguf = [row for row in table.rows if row[table.column(t(lang, "file.format"))].text == "GGUF"]
    first = gguf[0]
    assert first[table.column(t(lang, "file.name"))].text == name
    assert first[table.column(t(lang, "file.size"))].text == gb(size)
    assert first[table.column(t(lang, "file.repository"))].text == repo_id
    sizes = [float(row[table.column(t(lang, "file.size"))].text) for row in gguf]
    assert sizes == sorted(sizes), "files are listed smallest first"

    # The repository's own page lists the same file with the same size.
    repo_page = read_page(built_site, url(lang, "quant", repo_id))
    (repo_table,) = repo_page.tables_under(t(lang, "model.files"))
    row = next(r for r in repo_table.rows if r[repo_table.column(t(lang, "file.name"))].text == name)
    assert row[repo_table.column(t(lang, "file.size"))].text == gb(size)


# --- 3. the GPTQ branch of Tulu 7B with act order and group size 32 ---------------------------


@LANGS
def test_tulu_gptq_branch_with_act_order_and_group_size_32(built_site: Path, catalog: Catalog, lang: str) -> None:
    model_id = find_one(catalog, "model", "tulu-7b")
    repos = [rid for rid, repo in catalog.quants.items() if repo.model == model_id and repo.format == "gptq"]
    assert len(repos) == 1, f"expected one GPTQ repository of {model_id}, found {repos}"
    repo_id = repos[0]
    expected = [f.branch for f in catalog.quants[repo_id].files if f.act_order is True and f.group_size == 32]
    assert expected, f"{repo_id} has no branch with act order and group size 32"

    yes = t(lang, "yes")
    page = read_page(built_site, url(lang, "quant", repo_id))
    (table,) = page.tables_under(t(lang, "model.files"))
    group, act, branch = (table.column(t(lang, k)) for k in ("file.group_size", "file.act_order", "file.branch"))
    found = [row[branch].text for row in table.rows if row[group].text == "32" and row[act].text == yes]
    assert found == expected

    # The model page's file table answers it too.
    model_page = read_page(built_site, url(lang, "model", model_id))
    (files,) = model_page.tables_under(t(lang, "model.files"))
    group, act, name = (files.column(t(lang, k)) for k in ("file.group_size", "file.act_order", "file.name"))
    assert [r[name].text for r in files.rows if r[group].text == "32" and r[act].text == yes] == expected


# --- 4. whether baichuan-7B allows commercial use ---------------------------------------------

#: Commercial-use terms from the least to the most restrictive: a model's verdict is the most
#: restrictive of its own license and every ancestor's ("unclear" without a license).
TERMS = ("allowed", "unclear", "restricted", "forbidden")


def verdict(catalog: Catalog, model_id: str) -> tuple[str, str]:
    """(terms, deciding model): its own license wins ties, then the nearest ancestor."""
    chain, frontier = [model_id], [model_id]
    while frontier:
        frontier = [b.id for m in frontier for b in catalog.models[m].base_models if b.id not in chain]
        chain.extend(dict.fromkeys(frontier))

    def terms(m: str) -> str:
        lic = catalog.models[m].license
        return catalog.licenses[lic].commercial_use if lic else "unclear"

    decisive = max(chain, key=lambda m: (TERMS.index(terms(m)), -chain.index(m)))
    return terms(decisive), decisive



def shown_name(lic: Any, lang: str) -> str:
    """A license's name as a page in ``lang`` shows it: Chinese where the catalog gives it."""
    return lic.name if isinstance(lic.name, str) else (lic.name.get(lang) or english(lic.name))


@LANGS
def test_baichuan_7b_commercial_use(built_site: Path, catalog: Catalog, lang: str) -> None:
    model_id = find_one(catalog, "model", "baichuan-inc/baichuan-7B")
    license_id = catalog.models[model_id].license
    assert license_id in catalog.licenses, f"{model_id} names no license in the catalog ({license_id!r})"
    lic = catalog.licenses[license_id]
    term = t(lang, f"commercial.{lic.commercial_use}")

    page = read_page(built_site, url(lang, "model", model_id))
    section = t(lang, "model.license")
    # The license by its name in the reader's language (Chinese where the catalog gives it).
    assert shown_name(lic, lang) in page.sections[section]
    assert t(lang, "terms.commercial_use") in page.sections[section]
    assert term in page.strong.get(section, []), f"the license section does not say commercial use is {term!r}"
    # The facts table says it as well, next to the license.
    (facts,) = page.tables_under(t(lang, "model.facts"))
    license_row = next(r for r in facts.rows if r[0].text == t(lang, "field.license"))
    assert term in license_row[1].text
    # And the verdict once the lineage is counted, in both places.
    lineage_term = t(lang, f"commercial.{verdict(catalog, model_id)[0]}")
    assert t(lang, "terms.lineage") in page.sections[section]
    assert lineage_term in page.strong[section]
    lineage_row = next(r for r in facts.rows if r[0].text == t(lang, "terms.lineage"))
    assert lineage_row[1].text.startswith(lineage_term)

    # And the license's page, where the terms are explained.
    license_page = read_page(built_site, url(lang, "license", license_id))
    (terms,) = [tb for tb in license_page.tables if tb.headers and tb.headers[0] == t(lang, "facts.field")]
    row = next(r for r in terms.rows if r[0].text == t(lang, "terms.commercial_use"))
    assert row[1].strong == [term]


# --- 5. the files that run in 8 GB of RAM ------------------------------------------------------


@LANGS
def test_files_that_fit_in_8_gb_of_ram(built_site: Path, catalog: Catalog, lang: str) -> None:
    """For every model whose files state the RAM they need, its page lists exactly the files
    needing at most 8 GB (publishers state RAM without GPU offloading)."""
    limit = 8 * 10**9
    stated: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for repo in catalog.quants.values():
        for f in repo.files:
            ram = getattr(f, "ram_required", None)
            if ram is not None:
                stated[repo.model].append((f.name, ram))
    assert len(stated) >= 2, "fewer than two models have files with a stated RAM need"
    fitting_somewhere = 0
    for model_id, files in sorted(stated.items()):
        expected = sorted(name for name, ram in files if ram <= limit)
        fitting_somewhere += bool(expected)
        page = read_page(built_site, url(lang, "model", model_id))
        (table,) = page.tables_under(t(lang, "model.files"))
        name, ram = table.column(t(lang, "file.name")), table.column(t(lang, "file.ram"))
        shown = sorted(
            row[name].text
            for row in table.rows
            if re.fullmatch(r"\d+\.\d\d", row[ram].text) and float(row[ram].text) <= 8.0
        )
        assert shown == expected, model_id
    assert fitting_somewhere, "no model has a file that fits in 8 GB: the question has no answer to check"


# --- 6. which models may be used commercially once the lineage is counted ---------------------


@LANGS
def test_commercial_use_counts_the_lineage(built_site: Path, catalog: Catalog, lang: str) -> None:
    """The models index (also without JavaScript) gives each model's verdict along its
    lineage, and names the ancestor whose terms decide when they are not its own."""
    page = read_page(built_site, "models/index.md", lang)
    (table,) = page.tables
    model_col, verdict_col = table.column(t(lang, "lineage.model")), table.column(t(lang, "terms.lineage"))
    names = {catalog.models[m].name: m for m in catalog.models}
    shown = {names[row[model_col].text]: row[verdict_col] for row in table.rows}
    assert sorted(shown) == sorted(catalog.models)
    allowed = []
    for model_id, cell in shown.items():
        terms, decisive = verdict(catalog, model_id)
        assert cell.text.startswith(t(lang, f"commercial.{terms}")), (model_id, cell.text)
        if decisive != model_id:
            assert catalog.models[decisive].name in cell.text, (model_id, cell.text)
        if terms == "allowed":
            allowed.append(model_id)
    assert allowed, "no model may be used commercially: the question has no answer to check"
    assert len(allowed) < len(catalog.models)


@LANGS
def test_causallm_7b_is_restricted_by_the_qwen_terms_it_derives_from(built_site: Path, catalog: Catalog, lang: str) -> None:
    """The case the lineage verdict was made for: a permissive license on a fine-tune of a
    model under restricted terms."""
    model_id = "CausalLM/7B"
    assert model_id in catalog.models
    own = catalog.licenses[catalog.models[model_id].license].commercial_use  # type: ignore[index]
    terms, decisive = verdict(catalog, model_id)
    assert (own, terms) == ("allowed", "restricted") and decisive != model_id
    deciding_license = catalog.licenses[catalog.models[decisive].license]  # type: ignore[index]
    page = read_page(built_site, url(lang, "model", model_id))
    (facts,) = page.tables_under(t(lang, "model.facts"))
    row = next(r for r in facts.rows if r[0].text == t(lang, "terms.lineage"))
    assert row[1].text.startswith(t(lang, "commercial.restricted"))
    assert shown_name(deciding_license, lang) in row[1].text and catalog.models[decisive].name in row[1].text
    assert any(h.endswith(url(lang, "model", decisive).rsplit("/", 1)[1]) for h in row[1].hrefs)
    assert t(lang, "commercial.restricted") in page.strong[t(lang, "model.license")]


# --- 7. which models support Chinese ----------------------------------------------------------


@LANGS
def test_models_that_support_chinese(built_site: Path, catalog: Catalog, lang: str) -> None:
    page = read_page(built_site, "models/index.md", lang)
    (table,) = page.tables
    model_col, lang_col = table.column(t(lang, "lineage.model")), table.column(t(lang, "field.languages"))
    names = {catalog.models[m].name: m for m in catalog.models}
    shown = sorted(names[row[model_col].text] for row in table.rows if "zh" in re.split(r"[,、] ?", row[lang_col].text))
    expected = sorted(m for m, r in catalog.models.items() if "zh" in r.languages)
    assert shown == expected and expected
