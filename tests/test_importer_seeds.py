"""The importer on the five seed cards: its drafts agree with the hand-made catalog records
wherever both state a fact, and a written draft validates in an empty catalog.

The comparison reads the real ``catalog/`` (other contributors write it); a record the
catalog does not have yet is skipped there, never the whole test.
"""

from __future__ import annotations

import copy
import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path
from typing import Any

import pytest

from generator import scaffold
from generator.catalog import Catalog
from generator.cli import main
from generator.importer import assemble
from generator.pipeline import load
from generator.schema import units

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"

#: Seed file -> the repo id its README gives.
SEED_IDS = {
    "000_59b71f712668f877.txt": "CausalLM/7B",
    "001_39ceab2c110fdd9f.txt": "tastypear/CausalLM-7B-DPO-alpha-GGUF",
    "002_1f2d14c07ca179dd.txt": "JosephusCheung/Qwen-LLaMAfied-7B-Chat",
    "003_3c632714dd48fba5.txt": "TheBloke/baichuan-7B-GPTQ",
    "004_86645f53f1b80d4e.txt": "TheBloke/tulu-7B-GPTQ",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def _imported(name: str, catalog_root: Path | None = None) -> assemble.Result:
    return assemble.assemble(SEEDS / name, SEED_IDS[name], catalog_root)


# --- comparing a draft with a catalog record ------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(float(a) - float(b)) < 1e-3
    return a == b


def _size(value: Any) -> Any:
    return units.parse_size(value) if isinstance(value, str) else value


def _compare_fields(where: str, draft: dict[str, Any], record: Any, fields: tuple[str, ...]) -> list[str]:
    out = []
    for name in fields:
        mine = draft.get(name)
        theirs = getattr(record, name, None)
        if mine in (None, [], {}) or theirs in (None, [], {}):
            continue
        if name in ("size", "ram_required"):
            mine = _size(mine)
        if isinstance(mine, list) and not isinstance(mine[0], dict):
            # The catalog may list more (from the card's prose); it must have what the draft lists.
            if not set(mine) <= set(theirs):
                out.append(f"{where}.{name}: catalog lacks {sorted(set(mine) - set(theirs))}")
        elif not _same(mine, theirs):
            out.append(f"{where}.{name}: draft {mine!r} != catalog {theirs!r}")
    return out


def _compare_scores(where: str, draft: list[dict[str, Any]], record: Any) -> list[str]:
    out = []
    for score in draft:
        stated = {k: score[k] for k in ("shots", "split", "setting") if k in score}
        matches = [
            s
            for s in record.scores
            if s.benchmark == score["benchmark"] and all(getattr(s, k) == v for k, v in stated.items())
        ]
        if len(matches) != 1:
            continue  # the catalog does not state this score (or states it under other settings)
        theirs = matches[0]
        label = f"{where}.scores[{score['benchmark']} {stated}]"
        if not _same(score["value"], theirs.value):
            out.append(f"{label}.value: draft {score['value']} != catalog {theirs.value}")
        for key in ("shots", "split", "setting", "stated"):
            if key in score and getattr(theirs, key) is not None and score[key] != getattr(theirs, key):
                out.append(f"{label}.{key}: draft {score[key]!r} != catalog {getattr(theirs, key)!r}")
        for cat, value in (score.get("breakdown") or {}).items():
            other = (theirs.breakdown or {}).get(cat)
            if other is not None and not _same(value, other):
                out.append(f"{label}.breakdown.{cat}: draft {value} != catalog {other}")
    return out


def _compare_files(where: str, draft: list[dict[str, Any]], record: Any) -> list[str]:
    out = []
    key = "branch" if record.format in ("gptq", "awq") else "name"
    theirs = {getattr(f, key): f for f in record.files}
    for entry in draft:
        other = theirs.get(entry[key])
        if other is None:
            out.append(f"{where}.files: the catalog has no {key} {entry[key]!r}")
            continue
        fields = tuple(k for k in entry if k not in (key, "note", "description", "use_case", "url"))
        out += _compare_fields(f"{where}.files[{entry[key]}]", entry, other, fields)
    return out


def compare(kind: str, data: dict[str, Any], record: Any) -> list[str]:
    """Every fact both state that differs (prose and display names are editorial: skipped)."""
    where = f"{kind} {data.get('url', '')}"
    if kind == "model":
        out = _compare_fields(
            where,
            data,
            record,
            (
                "license",
                "architecture",
                "parameters",
                "context_length",
                "languages",
                "datasets",
                "prompt_format",
                "pipeline_tag",
            ),
        )
        missing_tags = set(data.get("tags") or []) - set(record.tags)
        if record.tags and missing_tags:
            out.append(f"{where}.tags: catalog lacks {sorted(missing_tags)}")
        bases = {b["id"] for b in data.get("base_models") or []} - {b.id for b in record.base_models}
        if bases:
            out.append(f"{where}.base_models: catalog lacks {sorted(bases)}")
        return out + _compare_scores(where, data.get("scores") or [], record)
    if kind == "quant":
        out = _compare_fields(where, data, record, ("model", "format", "quantized_by", "prompt_format"))
        for client in data.get("compatibility") or []:
            theirs = [c for c in record.compatibility if c.client.lower() == client["client"].lower()]
            if theirs and theirs[0].min_version and theirs[0].min_version != client.get("min_version"):
                out.append(
                    f"{where}.compatibility[{client['client']}]: draft {client.get('min_version')!r} != "
                    f"catalog {theirs[0].min_version!r}"
                )
        return out + _compare_files(where, data.get("files") or [], record)
    if kind == "prompt-format":
        return _compare_fields(where, data, record, ("template",))
    return []


@pytest.mark.parametrize("name", sorted(SEED_IDS))
def test_seed_drafts_agree_with_the_catalog(name: str, catalog: Catalog) -> None:
    result = _imported(name, REPO / "catalog")
    compared = 0
    problems: list[str] = []
    for record in [result.primary, *result.drafts]:
        existing = catalog.records[record.kind].get(record.id)
        if existing is None:
            continue
        compared += 1
        problems += compare(record.kind, record.data, existing.data)
    if compared == 0:
        pytest.skip(f"catalog/ has none of the records {name} drafts yet")
    assert problems == [], "\n".join(problems)


# --- the facts the issue names, checked outright --------------------------------------------


def test_tulu_gptq_branches() -> None:
    data = _imported("004_86645f53f1b80d4e.txt").primary.data
    assert (data["model"], data["format"], data["quantized_by"]) == ("allenai/tulu-7b", "gptq", "TheBloke")
    got = [
        (f["branch"], f["bits"], f.get("group_size"), f.get("act_order"), units.parse_size(f["size"]))
        for f in data["files"]
    ]
    assert got == [
        ("main", 4, 128, False, 3_900_000_000),
        ("gptq-4bit-32g-actorder_True", 4, 32, True, 4_280_000_000),
        ("gptq-4bit-64g-actorder_True", 4, 64, True, 4_020_000_000),
        ("gptq-4bit-128g-actorder_True", 4, 128, True, 3_900_000_000),
        ("gptq-8bit--1g-actorder_True", 8, "none", True, 7_010_000_000),
        ("gptq-8bit-128g-actorder_False", 8, 128, False, 7_160_000_000),
    ]
    main_branch = data["files"][0]
    assert (
        main_branch["damp_percent"],
        main_branch["calibration_dataset"],
        main_branch["seq_len"],
        main_branch["exllama"],
    ) == (0.01, "wikitext", 2048, True)
    assert data["files"][4]["exllama"] is False


def test_tulu_prompt_and_original_scores() -> None:
    result = _imported("004_86645f53f1b80d4e.txt")
    drafts = {(d.kind, d.id): d.data for d in result.drafts}
    assert drafts[("prompt-format", "tulu")]["template"] == "<|user|>\n{prompt}\n<|assistant|>\n"
    model = drafts[("model", "allenai/tulu-7b")]
    scores = {(s["benchmark"], s.get("shots"), s.get("setting")): s["value"] for s in model["scores"]}
    assert scores[("mmlu", 0, None)] == 44.5
    assert scores[("mmlu", 5, None)] == 47.0
    assert scores[("gsm8k", None, "cot")] == 27.0
    assert scores[("tydiqa", None, "gold-passage")] == 45.7
    assert scores[("alpacafarm", None, "vs davinci-003")] == 48.3
    assert all(s["source"]["url"] == "https://huggingface.co/TheBloke/tulu-7B-GPTQ" for s in model["scores"])
    assert "Average" not in str(model["scores"])


def test_tastypear_gguf_files() -> None:
    data = _imported("001_39ceab2c110fdd9f.txt").primary.data
    assert [(f["name"], f["method"], f["bits"], units.parse_size(f["size"])) for f in data["files"]] == [
        ("causallm_7b-dpo-alpha.Q4_K_M.gguf", "Q4_K_M", 4, 4_770_000_000),
        ("causallm_7b-dpo-alpha.Q5_K_S.gguf", "Q5_K_S", 5, 5_400_000_000),
        ("causallm_7b-dpo-alpha.Q5_K_M.gguf", "Q5_K_M", 5, 5_530_000_000),
    ]
    assert data["model"] == "CausalLM/7B-DPO-alpha"
    assert [(c["client"], c["min_version"]) for c in data["compatibility"]] == [("llama.cpp", "d0cee0d")]
    assert "Llama 2" in data["license_notes"]["en"]


def test_tastypear_base_model_draft_has_the_mt_bench_row() -> None:
    drafts = {(d.kind, d.id): d.data for d in _imported("001_39ceab2c110fdd9f.txt").drafts}
    model = drafts[("model", "CausalLM/7B-DPO-alpha")]
    assert model["license"] == "wtfpl"
    # The table also has CausalLM/14B-DPO-α (7.618868): another model, so not this one's.
    assert [(s["benchmark"], s["value"]) for s in model["scores"]] == [("mt-bench", 7.038125)]


def test_causallm_score_lines() -> None:
    data = _imported("000_59b71f712668f877.txt").primary.data
    scores = {(s["benchmark"], s.get("split")): s for s in data["scores"]}
    mmlu = scores[("mmlu", None)]
    assert mmlu["value"] == 63.82
    assert mmlu["breakdown"] == {"stem": 56.83, "humanities": 58.79, "other": 70.04, "social": 72.41}
    ceval = scores[("ceval", "val")]
    assert (ceval["value"], ceval["breakdown"]["hard"]) == (70.27, 48.03)
    gsm8k = scores[("gsm8k", None)]
    assert (gsm8k["shots"], gsm8k["stated"]) == (0, "0.5921152388172858")
    assert gsm8k["value"] == pytest.approx(59.21152388172858)
    # Nothing from the MT-Bench table: its rows are other models (the DPO versions).
    assert {s["benchmark"] for s in data["scores"]} == {"mmlu", "ceval", "gsm8k"}
    assert data["prompt_format"] == "chatml"
    assert len(data["datasets"]) == 20


def test_llamafied_run_on_score_lines_and_not_the_original_models_scores() -> None:
    data = _imported("002_1f2d14c07ca179dd.txt").primary.data
    values = {(s["benchmark"], s.get("split")): s["value"] for s in data["scores"]}
    assert values == {("mmlu", None): 53.48, ("ceval", "val"): 54.13}  # not Qwen-7B-Chat's 53.90 / 54.18
    assert data["license"] == "gpl-3.0"
    assert data["prompt_format"] == "chatml"


def test_flattened_baichuan_page() -> None:
    result = _imported("003_3c632714dd48fba5.txt")
    quant = result.primary.data
    assert quant["model"] == "baichuan-inc/baichuan-7B"
    assert quant["files"] == [
        {"branch": "main", "file": "gptq_model-4bit-128g.safetensors", "bits": 4, "group_size": 128, "act_order": False}
    ]
    model = {(d.kind, d.id): d.data for d in result.drafts}[("model", "baichuan-inc/baichuan-7B")]
    assert (model["parameters"], model["context_length"]) == (7_000_559_616, 4096)
    scores = {s["benchmark"]: s for s in model["scores"]}
    assert (scores["ceval"]["value"], scores["ceval"]["shots"]) == (42.8, 5)
    assert scores["ceval"]["breakdown"] == {
        "hard": 31.5,
        "stem": 38.2,
        "social": 52.0,
        "humanities": 46.2,
        "other": 39.3,
    }
    assert (scores["gaokao"]["value"], scores["agieval"]["value"]) == (36.24, 34.44)
    assert scores["mmlu"]["breakdown"] == {"humanities": 38.4, "social": 48.9, "stem": 35.6, "other": 48.1}
    assert "setting" not in scores["ceval"]  # the heading runs on into prose: no setting from it


# --- written drafts validate --------------------------------------------------------------


def _skeleton_todo_lines(root: Path) -> dict[str, list[int]]:
    out = {}
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "# TODO" in text:
            out[f"{root.name}/{path.relative_to(root).as_posix()}"] = scaffold.todo_lines(text)
    return out


def check_written(tmp_path: Path, card: Path, repo: str | None) -> tuple[list[Any], dict[str, list[int]]]:
    root = tmp_path / "catalog"
    root.mkdir(exist_ok=True)
    args = ["--catalog", str(root), "import", str(card), "--write", "--with-missing"]
    if repo:
        args += ["--id", repo]
    assert main(args) == 0
    _, problems = load(root)
    return problems, _skeleton_todo_lines(root)


@pytest.mark.parametrize("name", sorted(SEED_IDS))
def test_written_seed_draft_validates(name: str, tmp_path: Path) -> None:
    problems, todos = check_written(tmp_path, SEEDS / name, SEED_IDS[name])
    # Drafts (the card's record, base model, prompt format) validate outright; skeletons
    # fail only at their TODO lines, and every reference resolves (no dangling ids).
    bad = [p.text() for p in problems if p.path not in todos or p.line not in todos[p.path]]
    assert bad == []
    assert not any("does not exist" in p.message for p in problems)


def test_the_comparison_catches_a_differing_fact(catalog: Catalog) -> None:
    existing = catalog.records["quant"].get("TheBloke/tulu-7B-GPTQ")
    if existing is None:
        pytest.skip("catalog/quants/TheBloke/tulu-7B-GPTQ.yaml is not there yet")
    data = copy.deepcopy(_imported("004_86645f53f1b80d4e.txt").primary.data)
    assert compare("quant", data, existing.data) == []
    data["files"][1]["size"] = "4.29 GB"
    data["files"][4]["group_size"] = 128
    data["model"] = "allenai/tulu-13b"
    found = compare("quant", data, existing.data)
    assert len(found) == 3, found
    assert any("gptq-8bit--1g-actorder_True].group_size" in f for f in found)
