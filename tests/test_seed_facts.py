"""The five seed cards' facts, as the real catalog records them.

One test per seed card (``tests/fixtures/seeds/``), each checking the numbers and settings a
reader would look up. A failure names the record and shows what the catalog holds instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.catalog import Catalog
from generator.pipeline import load
from generator.schema import quants
from generator.schema import records as schema
from generator.schema.records import english

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    # Records that fail validation are absent here; test_schema_files reports why.
    loaded, _ = load(REPO / "catalog")
    return loaded


# --- lookups that explain themselves when they fail ---------------------------------------


def model(catalog: Catalog, model_id: str) -> schema.Model:
    assert model_id in catalog.models, (
        f"catalog/models/{model_id}.yaml is missing or invalid (run `make validate`)"
    )
    return catalog.models[model_id]


def quant(catalog: Catalog, quant_id: str) -> Any:
    assert quant_id in catalog.quants, (
        f"catalog/quants/{quant_id}.yaml is missing or invalid (run `make validate`)"
    )
    return catalog.quants[quant_id]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9@]", "", text.lower())


def benchmark_id(catalog: Catalog, *names: str) -> str:
    """The id of the benchmark whose id or English name is one of ``names`` (loosely spelt)."""
    wanted = {_squash(n) for n in names}
    found = [
        bid
        for bid, bench in catalog.benchmarks.items()
        if _squash(bid) in wanted or _squash(bench.name) in wanted
    ]
    assert len(found) == 1, f"expected one benchmark named {names}, found {found}"
    return found[0]


def score(m: schema.Model, benchmark: str, **settings: Any) -> schema.Score:
    """The one score of ``m`` on ``benchmark`` whose fields equal ``settings`` (a setting
    with translations compares as it is in English)."""
    found = [
        s
        for s in m.scores
        if s.benchmark == benchmark and all(english(getattr(s, k)) == v for k, v in settings.items())
    ]
    have = [(s.benchmark, s.value, s.shots, s.split, english(s.setting)) for s in m.scores]
    assert len(found) == 1, (
        f"expected one {benchmark} score with {settings}; the model has "
        f"(benchmark, value, shots, split, setting): {have}"
    )
    return found[0]


def branch(repo: Any, name: str) -> quants.BranchFile:
    found = [f for f in repo.files if f.branch == name]
    assert len(found) == 1, (
        f"branch {name!r} not listed once; branches: {[f.branch for f in repo.files]}"
    )
    return found[0]


def texts(value: Any) -> Iterator[schema.Text]:
    """Every Text inside a record."""
    if isinstance(value, schema.Text):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)


def assert_chinese_is_translated(record: Any, what: str) -> None:
    """The source has no Chinese, so any zh is a contributor's translation and must say so."""
    wrong = [t.en[:60] for t in texts(record) if t.zh is not None and t.zh_source != "translated"]
    assert wrong == [], f"{what}: zh without zh_source: translated (the source is English only)"


CAUSALLM_DATASETS = [
    "JosephusCheung/GuanacoDataset",
    "Open-Orca/OpenOrca",
    "stingning/ultrachat",
    "meta-math/MetaMathQA",
    "liuhaotian/LLaVA-Instruct-150K",
    "jondurbin/airoboros-3.1",
    "WizardLM/WizardLM_evol_instruct_V2_196k",
    "RyokoAI/ShareGPT52K",
    "RyokoAI/Fandom23K",
    "milashkaarshif/MoeGirlPedia_wikitext_raw_archive",
    "wikipedia",
    "wiki_lingua",
    "fnlp/moss-003-sft-data",
    "garage-bAInd/Open-Platypus",
    "LDJnr/Puffin",
    "openbmb/llava_zh",
    "BAAI/COIG",
    "TigerResearch/tigerbot-zhihu-zh-10k",
    "liwu/MNBVC",
    "teknium/openhermes",
]
CHATML = (
    "<|im_start|>system\n{system_message}<|im_end|>\n"
    "<|im_start|>user\n{prompt}<|im_end|>\n"
    "<|im_start|>assistant\n"
)
TULU = "<|user|>\n{prompt}\n<|assistant|>\n"


# --- one test per seed card ---------------------------------------------------------------


def test_seed_0_causallm_7b(catalog: Catalog) -> None:
    m = model(catalog, "CausalLM/7B")
    assert m.license == "wtfpl"
    assert sorted(m.datasets) == sorted(CAUSALLM_DATASETS)
    assert len(CAUSALLM_DATASETS) == 20
    assert all(d in catalog.datasets for d in m.datasets)
    assert set(m.languages) == {"en", "zh"}
    assert m.prompt_format == "chatml"
    assert {"llama", "llama2", "qwen", "causallm"} <= set(m.tags)
    assert m.pipeline_tag == "text-generation"

    mmlu = score(m, "mmlu")
    assert mmlu.value == 63.82
    assert mmlu.breakdown == {"stem": 56.83, "humanities": 58.79, "other": 70.04, "social": 72.41}

    ceval = score(m, "ceval", split="val")
    assert ceval.value == 70.27
    assert ceval.breakdown == {
        "stem": 61.67,
        "social": 81.94,
        "humanities": 77.19,
        "other": 68.35,
        "hard": 48.03,
    }

    gsm8k = score(m, "gsm8k")
    assert gsm8k.shots == 0
    assert gsm8k.value == pytest.approx(59.2115, abs=0.001)
    assert gsm8k.stated == "0.5921152388172858"

    bases = {b.id: b.relation for b in m.base_models}
    assert {"Qwen/Qwen-7B", "CausalLM/14B"} <= set(bases), bases
    assert bases["CausalLM/14B"] == "distilled"  # "a distilled version of the 14B model"
    model(catalog, "Qwen/Qwen-7B")
    model(catalog, "CausalLM/14B")

    assert m.summary.zh is not None and m.summary.zh_source in (None, "original")
    cautions = " ".join(c.en.lower() for c in m.cautions)
    assert "hallucination" in cautions and "unfiltered" in cautions, cautions

    related = quant(catalog, "TheBloke/CausalLM-7B-GGUF")
    assert (related.model, related.format) == ("CausalLM/7B", "gguf")


def test_seed_1_tastypear_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "tastypear/CausalLM-7B-DPO-alpha-GGUF")
    assert q.model == "CausalLM/7B-DPO-alpha"
    assert q.format == "gguf"
    assert q.quantized_by == "tastypear"
    assert q.prompt_format == "chatml"
    assert [(f.method, f.bits, f.size) for f in q.files] == [
        ("Q4_K_M", 4, 4_770_000_000),
        ("Q5_K_S", 5, 5_400_000_000),
        ("Q5_K_M", 5, 5_530_000_000),
    ]
    llama_cpp = [c for c in q.compatibility if c.client == "llama.cpp"]
    assert [c.min_version for c in llama_cpp] == ["d0cee0d"]
    # Dual licensing: wtfpl (the model's) plus the Llama 2 terms.
    assert q.license in (None, "wtfpl")
    assert q.license_notes is not None and "Llama 2" in q.license_notes.en

    base = model(catalog, "CausalLM/7B-DPO-alpha")
    assert base.license == "wtfpl"
    # The GGUF card's front matter carries the model's own tags and pipeline tag.
    assert (base.tags, base.pipeline_tag) == (["llama", "llama2", "qwen"], "text-generation")
    assert score(base, "mt-bench").value == 7.038125
    assert score(model(catalog, "CausalLM/14B-DPO-alpha"), "mt-bench").value == 7.618868

    assert catalog.prompt_formats["chatml"].template == CHATML


def test_seed_2_qwen_llamafied(catalog: Catalog) -> None:
    m = model(catalog, "JosephusCheung/Qwen-LLaMAfied-7B-Chat")
    assert m.license == "gpl-3.0"
    assert [(b.id, b.relation) for b in m.base_models] == [("Qwen/Qwen-7B-Chat", "replica")]
    assert m.prompt_format == "chatml"

    mmlu = score(m, "mmlu")
    assert mmlu.value == 53.48
    assert mmlu.breakdown == {"stem": 46.40, "humanities": 47.61, "other": 61.31, "social": 61.78}
    ceval = score(m, "ceval", split="val")
    assert ceval.value == 54.13
    assert ceval.breakdown == {
        "stem": 45.28,
        "social": 66.19,
        "humanities": 58.76,
        "other": 54.62,
        "hard": 28.64,
    }
    assert m.summary.zh is not None and m.summary.zh_source in (None, "original")

    original = model(catalog, "Qwen/Qwen-7B-Chat")
    assert score(original, "mmlu").value == 53.90
    assert score(original, "ceval", split="val").value == 54.18


def test_seed_3_baichuan_7b_gptq(catalog: Catalog) -> None:
    m = model(catalog, "baichuan-inc/baichuan-7B")
    assert m.context_length == 4096
    assert m.parameters == 7_000_559_616
    assert set(m.languages) == {"zh", "en"}

    ceval = score(m, "ceval", split="test")
    assert (ceval.value, ceval.shots) == (42.8, 5)
    assert ceval.breakdown == {
        "hard": 31.5,
        "stem": 38.2,
        "social": 52.0,
        "humanities": 46.2,
        "other": 39.3,
    }
    gaokao = score(m, benchmark_id(catalog, "gaokao"))
    assert (gaokao.value, gaokao.shots) == (36.24, 5)
    agieval = score(m, benchmark_id(catalog, "agieval"))
    assert (agieval.value, agieval.shots) == (34.44, 5)
    mmlu = score(m, "mmlu")
    assert (mmlu.value, mmlu.shots) == (42.3, 5)
    assert mmlu.breakdown == {"humanities": 38.4, "social": 48.9, "stem": 35.6, "other": 48.1}

    q = quant(catalog, "TheBloke/baichuan-7B-GPTQ")
    assert (q.model, q.format, q.quantized_by) == ("baichuan-inc/baichuan-7B", "gptq", "TheBloke")
    main = branch(q, "main")
    assert (main.bits, main.group_size, main.act_order) == (4, 128, False)


def test_seed_4_tulu_7b_gptq(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/tulu-7B-GPTQ")
    assert (q.model, q.format, q.quantized_by) == ("allenai/tulu-7b", "gptq", "TheBloke")
    assert q.prompt_format == "tulu"
    assert [f.branch for f in q.files] == [
        "main",
        "gptq-4bit-32g-actorder_True",
        "gptq-4bit-64g-actorder_True",
        "gptq-4bit-128g-actorder_True",
        "gptq-8bit--1g-actorder_True",
        "gptq-8bit-128g-actorder_False",
    ]
    main = branch(q, "main")
    assert (main.bits, main.group_size, main.act_order, main.size) == (4, 128, False, 3_900_000_000)
    assert (main.damp_percent, main.calibration_dataset, main.seq_len, main.exllama) == (
        0.01,
        "wikitext",
        2048,
        True,
    )
    g32 = branch(q, "gptq-4bit-32g-actorder_True")
    assert (g32.bits, g32.group_size, g32.act_order, g32.size, g32.exllama) == (
        4,
        32,
        True,
        4_280_000_000,
        True,
    )
    eight = branch(q, "gptq-8bit--1g-actorder_True")
    assert (eight.bits, eight.group_size, eight.act_order, eight.size, eight.exllama) == (
        8,
        "none",
        True,
        7_010_000_000,
        False,
    )
    assert "wikitext" in catalog.datasets
    assert catalog.prompt_formats["tulu"].template == TULU

    m = model(catalog, "allenai/tulu-7b")
    assert "huggyllama/llama-7b" in [b.id for b in m.base_models]
    model(catalog, "huggyllama/llama-7b")
    expected = [
        ("mmlu", {"shots": 0}, 44.5),
        ("mmlu", {"shots": 5}, 47.0),
        ("gsm8k", {"setting": "direct"}, 6.0),
        ("gsm8k", {"setting": "cot"}, 27.0),
        (("bbh", "big-bench hard"), {"setting": "direct"}, 38.1),
        (("bbh", "big-bench hard"), {"setting": "cot"}, 39.2),
        (("tydiqa", "tydi qa"), {"setting": "gold-passage"}, 45.7),
        (("tydiqa", "tydi qa"), {"setting": "closed-book"}, 7.7),
        (("codex-eval", "humaneval"), {"setting": "pass@1"}, 17.5),
        (("codex-eval", "humaneval"), {"setting": "pass@10"}, 27.8),
        (("alpacafarm", "alpaca farm"), {"setting": "vs davinci-003"}, 48.3),
    ]
    for bench, settings, value in expected:
        bid = bench if isinstance(bench, str) else benchmark_id(catalog, *bench)
        assert score(m, bid, **settings).value == value, (bid, settings)

    for repo_id, fmt in [
        ("TheBloke/tulu-7B-AWQ", "awq"),
        ("TheBloke/tulu-7B-GGUF", "gguf"),
        ("TheBloke/tulu-7B-fp16", "fp16"),
    ]:
        related = quant(catalog, repo_id)
        assert (related.model, related.format) == ("allenai/tulu-7b", fmt)

    assert_chinese_is_translated(m, "allenai/tulu-7b")
    assert_chinese_is_translated(q, "TheBloke/tulu-7B-GPTQ")


def test_every_record_names_its_sources(catalog: Catalog) -> None:
    assert catalog.files > 0, "the catalog has no records yet"
    missing = [
        f"{kind} {rid}"
        for kind, records in catalog.records.items()
        for rid, record in records.items()
        if not record.data.sources
    ]
    assert missing == [], "records without sources"
