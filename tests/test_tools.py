"""The data behind the readers' tools (``generator/resolve/tools.py``): the commercial-use
verdict along the lineage, the memory a file needs, and the data files the tool pages load.

The verdict is checked on small catalogs built for each rule; the data files are checked
the way a page's script reads them (JSON after one assignment), in every language.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generator import languages
from generator.pipeline import load
from generator.render import strings
from generator.render import tools as render_tools
from generator.render.cells import TextFormatter
from generator.resolve import tools
from generator.resolve.context import Context
from generator.resolve.files import Files
from generator.resolve.licenses import ORDER
from generator.resolve.pages import plan
from generator.resolve.scores import Setting
from tests.factory import (
    BASE_MODEL,
    GGUF,
    LICENSE,
    MODEL,
    base_model_data,
    gguf_file,
    model_data,
    render,
    valid_gguf_quant,
    valid_license,
    write_catalog,
)

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

# --- the verdict along the lineage -----------------------------------------------------------

CHILD, BASE, ROOT = "open/Chat-7B", "acme/Base-7B", "acme/Root-7B"
ROOT_MODEL = "models/acme/Root-7B.yaml"


def licensed(term: str) -> str:
    return valid_license(name=f"{term.title()} Terms", commercial_use=term)


def lineage(tmp_path: Path, child: str | None, base: str | None, root: str | None = "absent") -> Context:
    """Chat-7B fine-tuned from Base-7B (itself from Root-7B unless root is "absent"), each
    under a license with the given terms (None: no license stated)."""
    files: dict[str, Any] = {LICENSE: None, GGUF: None, "quants/packer/Chat-7B-GPTQ.yaml": None}
    for term in {t for t in (child, base, root) if t not in (None, "absent")}:
        files[f"licenses/{term}.yaml"] = licensed(term)  # type: ignore[arg-type]
    files[MODEL] = render("model", 2, model_data(license=child) if child else _without(model_data(), "license"))
    base_extra: dict[str, Any] = {} if root == "absent" else {"base_models": [{"id": ROOT, "relation": "finetune"}]}
    base_record = base_model_data(license=base, **base_extra) if base else _without(base_model_data(**base_extra), "license")
    files[BASE_MODEL] = render("model", 2, base_record)
    if root != "absent":
        root_record = base_model_data(name="Acme Root 7B", url="https://huggingface.co/acme/Root-7B")
        files[ROOT_MODEL] = render("model", 2, _without(root_record, "license") if root is None else {**root_record, "license": root})
    catalog, problems = load(write_catalog(tmp_path, files))
    assert [p.text() for p in problems if p.severity == "error"] == []
    return Context(catalog)


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


@pytest.mark.parametrize(
    ("child", "base", "level", "decided_by"),
    [
        ("allowed", "allowed", "allowed", CHILD),
        ("allowed", "restricted", "restricted", BASE),  # a permissive fine-tune of a restricted base
        ("restricted", "allowed", "restricted", CHILD),
        ("restricted", "restricted", "restricted", CHILD),  # a tie: its own license decides
        ("allowed", "forbidden", "forbidden", BASE),
        ("forbidden", "restricted", "forbidden", CHILD),
        ("allowed", None, "unclear", BASE),  # a base stating no license: not allowed for sure
        ("restricted", None, "restricted", CHILD),  # a known condition says more than a gap
        ("unclear", "restricted", "restricted", BASE),
        (None, "allowed", "unclear", CHILD),
        ("forbidden", None, "forbidden", CHILD),
    ],
)
def test_the_verdict_is_the_most_restrictive_along_the_lineage(
    tmp_path: Path, child: str | None, base: str | None, level: str, decided_by: str
) -> None:
    ctx = lineage(tmp_path, child, base)
    verdict = ctx.licenses.verdict(CHILD)
    assert (verdict.level, verdict.model_id, verdict.own) == (level, decided_by, decided_by == CHILD)
    expected_license = child if decided_by == CHILD else base
    assert verdict.license_id == expected_license


def test_the_verdict_reaches_every_ancestor_and_names_the_nearest(tmp_path: Path) -> None:
    ctx = lineage(tmp_path, "allowed", "restricted", "forbidden")
    assert ctx.licenses.verdict(CHILD).model_id == ROOT
    assert ctx.licenses.verdict(BASE).model_id == ROOT
    ctx = lineage(tmp_path / "tie", "allowed", "restricted", "restricted")
    assert ctx.licenses.verdict(CHILD).model_id == BASE, "the nearest ancestor of the deciding terms"


def test_the_order_of_terms() -> None:
    assert ORDER == ("allowed", "unclear", "restricted", "forbidden")
    for lang in languages.codes():
        assert all(strings.table(lang).get(f"commercial.{term}") for term in ORDER)


def test_the_reason_names_the_license_and_the_ancestor_in_each_language(tmp_path: Path) -> None:
    ctx = lineage(tmp_path, "allowed", "restricted")
    show = TextFormatter
    for lang in languages.codes():
        text = show(lang)(tools.verdict_line(ctx, CHILD))
        assert text.startswith(strings.translate(lang, "commercial.restricted")), text
        assert "Restricted Terms" in text and "Acme Base 7B" in text, text
    assert "Acme Base 7B" not in show("en")(tools.verdict_line(ctx, BASE))


# --- memory a file needs -----------------------------------------------------------------------


def test_need_is_the_stated_ram_else_stated_vram_else_size_plus_the_allowance() -> None:
    catalog, _ = load(MINI)
    files = Files(catalog)
    by_entry = {(r.repo_id, r.entry): r for r in files.all()}
    stated = by_entry[("packer/Chat-7B-GGUF", "chat-7b.Q4_K_M.gguf")]
    assert tools.need(stated) == tools.Need(stated.ram_required, True)  # type: ignore[arg-type]
    estimated = by_entry[("packer/Chat-7B-GGUF", "chat-7b.Q5_K_M.gguf")]
    assert tools.need(estimated) == tools.Need(5_530_000_000 + tools.OVERHEAD, False)
    # EXL2 states VRAM by context: read at the estimate's context (4096), else the smallest
    # larger one, else the largest stated.
    exl2 = by_entry[("packer/Chat-7B-exl2", "6_5")]
    assert tools.need(exl2) == tools.Need(7_200_000_000, True, 4096)
    no_size = by_entry[("packer/Chat-7B-exl2", "4_25")]
    assert tools.need(no_size) == tools.Need(5_300_000_000, True, 4096)


def test_the_allowance_agrees_with_every_stated_ram_in_the_catalog() -> None:
    """The estimate is the rule publishers use: it gives their figure wherever they state one."""
    catalog, _ = load(REPO / "catalog")
    stated = [r for r in Files(catalog).all() if r.ram_required is not None and r.size is not None]
    assert len(stated) >= 20
    assert [r.entry for r in stated if abs(r.ram_required - r.size - tools.OVERHEAD) >= 5_000_000] == []  # type: ignore[operator]


def test_a_file_without_size_or_stated_need_cannot_be_weighed(tmp_path: Path) -> None:
    files = {GGUF: valid_gguf_quant(files=[{k: v for k, v in gguf_file().items() if k != "size"}])}
    catalog, _ = load(write_catalog(tmp_path, files))
    (row,) = Files(catalog).by_repo["packer/Chat-7B-GGUF"]
    assert tools.need(row) is None


# --- the data files ------------------------------------------------------------------------------


def test_column_keys_are_unique_and_readable_in_an_address() -> None:
    assert tools.column_key("ceval", Setting(5, "val", None)) == "ceval:5-shot/val"
    assert tools.column_key("mt-bench", Setting(None, None, None)) == "mt-bench"
    assert tools.column_key("humaneval", Setting(0, None, "pass@1")) == "humaneval:0-shot//pass@1"
    catalog, _ = load(REPO / "catalog")
    keys = [c.key for c in tools.models_data(Context(catalog)).columns]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9.+-]+(:[a-z0-9@.~/-]*)?", k) for k in keys), keys


def read_script(text: str) -> tuple[str, dict[str, Any]]:
    """What a page's script finds: the name it is stored under and the data."""
    match = re.fullmatch(r'/\*[^*]*\*/\n\(window\.atlasData = window\.atlasData \|\| \{\}\)\["(\w+)"\] = (.*);\n', text, re.DOTALL)
    assert match, text[:200]
    return match.group(1), json.loads(match.group(2))


@pytest.fixture(scope="module")
def real() -> tuple[Any, list[Any]]:
    catalog, _ = load(REPO / "catalog")
    return catalog, plan(catalog)


def test_the_models_data_holds_every_model_with_its_verdict_and_scores(real: tuple[Any, list[Any]]) -> None:
    catalog, pages = real
    (page,) = [p for p in pages if p.path == "compare/index.md"]
    explorer = next(p for p in pages if p.path == "models/index.md")
    assert explorer.script == page.script, "the explorer and the compare page share one data file"
    ctx = Context(catalog)
    for lang in languages.codes():
        name, data = read_script(render_tools.script(page.script, lang))
        assert name == "models" and data["lang"] == lang
        assert [m["id"] for m in data["models"]] == list(catalog.models)
        for m in data["models"]:
            model = catalog.models[m["id"]]
            assert m["verdict"] == ctx.licenses.verdict(m["id"]).level
            assert m["href"] == f"models/{m['id']}.html"
            scored = {(data["columns"][i]["key"], value) for i, value in m["scores"]}
            expected = {(tools.column_key(s.benchmark, Setting.of(s)), s.value) for s in model.scores}
            assert {k for k, _ in scored} == {k for k, _ in expected}
            for key, value in scored:
                assert any(k == key and v == pytest.approx(value, abs=5e-5) for k, v in expected)
        assert data["strings"]["commercial.restricted"] == strings.translate(lang, "commercial.restricted")
        assert data["strings"]["tools.add_to_compare"] == strings.translate(lang, "tools.add_to_compare")


def test_the_fit_data_holds_every_file_with_its_need(real: tuple[Any, list[Any]]) -> None:
    catalog, pages = real
    (page,) = [p for p in pages if p.path == "fit/index.md"]
    _, data = read_script(render_tools.script(page.script, "en"))
    files = Files(catalog).all()
    assert len(data["files"]) == len(files)
    assert len(data["repos"]) == len(catalog.quants) - sum(1 for q in catalog.quants.values() if not q.files)
    fields = ("entry", "bits", "size", "need", "stated", "context")
    expanded = [
        {"repo": data["repos"][r[0]][:2], "model": data["repos"][r[0]][4], **dict(zip(fields, r[1:], strict=True))}
        for r in data["files"]
    ]
    for row, f in zip(files, expanded, strict=True):
        assert (f["repo"][0], f["entry"], f["size"]) == (row.repo_id, row.entry, row.size)
        assert data["models"][f["model"]]["href"] == f"models/{row.model_id}.html"
        if row.ram_required is not None:
            assert (f["need"], f["stated"]) == (row.ram_required, True)
        elif row.size is not None and not row.fields.get("vram"):
            assert (f["need"], f["stated"]) == (row.size + tools.OVERHEAD, False)


def test_record_text_in_the_data_stays_text(tmp_path: Path) -> None:
    """A name with markup reaches the data as the same characters, escaped only as JSON."""
    hostile = '</script><img src=x onerror="alert(1)"> Chat'
    catalog, problems = load(write_catalog(tmp_path, {MODEL: render("model", 2, model_data(name=hostile))}))
    assert [p.text() for p in problems if p.severity == "error"] == []
    script = next(p.script for p in plan(catalog) if p.path == "compare/index.md")
    text = render_tools.script(script, "en")
    _, data = read_script(text)
    assert hostile in [m["name"] for m in data["models"]]
    assert text.count("\n") == 2, "one statement: nothing in a record can end it"


def test_the_data_files_are_the_same_bytes_for_the_same_catalog() -> None:
    first = [render_tools.script(p.script, lang) for p in plan(load(MINI)[0]) if p.script for lang in languages.codes()]
    second = [render_tools.script(p.script, lang) for p in plan(load(MINI)[0]) if p.script for lang in languages.codes()]
    assert first == second and first


def test_every_string_the_scripts_use_exists_in_every_language() -> None:
    script = (REPO / "overrides" / "assets" / "javascripts" / "tools.js").read_text(encoding="utf-8")
    used = set(re.findall(r'S\["([a-z_.]+)"\]', script)) | set(re.findall(r'say(?:Nodes)?\(S, "([a-z_.]+)"', script))
    used |= {f"{prefix}{v}" for prefix in ("commercial.",) for v in ORDER}
    used |= {f"fit.in_{where}" for where in ("ram", "vram", "both")}
    assert len(used) > 40
    for lang in languages.codes():
        table = strings.table(lang)
        assert sorted(k for k in used if not table.get(k)) == [], lang
        data_keys = {k for k in table if k.startswith(render_tools._STRING_PREFIXES) or k in ("yes", "no")}
        assert sorted(used - data_keys) == [], "strings the scripts use but the data files do not carry"


# --- the built site --------------------------------------------------------------------------------


@pytest.mark.build
def test_tool_pages_load_their_data_by_script_tag_and_no_other_page_does(built_site: Path) -> None:
    from generator.site.build import site_root

    tools_js = re.compile(r'<script src="([^"]*assets/javascripts/tools\.js)"')
    data_js = re.compile(r'<script src="([^"]*tools/[a-z]+-data\.js)"')
    for lang in languages.codes():
        root = built_site / site_root(lang)
        expected = {"models/index.html": "tools/models-data.js", "compare/index.html": "tools/models-data.js", "fit/index.html": "tools/fit-data.js"}
        for page, data in expected.items():
            html = (root / page).read_text(encoding="utf-8")
            (src,) = data_js.findall(html)
            assert (root / page).parent.joinpath(src).resolve() == (root / data).resolve(), (lang, page, src)
            assert len(tools_js.findall(html)) == 1
            _, payload = read_script((root / data).read_text(encoding="utf-8"))
            assert payload["lang"] == lang
        model_page = (root / "models" / "CausalLM" / "7B.html").read_text(encoding="utf-8")
        assert tools_js.findall(model_page) and not data_js.findall(model_page), "a model page needs the script, not the data"
        for other in ("index.html", "licenses/index.html", "compare/benchmarks.html"):
            html = (root / other).read_text(encoding="utf-8")
            assert not tools_js.findall(html) and not data_js.findall(html), other
