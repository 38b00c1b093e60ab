"""The shared model cards' facts, as the real catalog records them.

One test per card of ``tests/fixtures/cards/`` that describes a language model (the
Hugging Face test fixture without metadata and the NER model stay out of the catalog):
the numbers a reader looks up (file sizes and RAM, branches, licenses, datasets, prompt
templates, scores with their settings) and the Chinese the bilingual cards give. Each
value is the card's; a failure names the record and shows what the catalog holds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.pipeline import load
from generator.schema.records import english
from tests.test_seed_facts import branch, model, quant, score

REPO = Path(__file__).resolve().parents[1]
GB = 10**9


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def gguf(repo: object, name: str) -> object:
    found = [f for f in repo.files if f.name == name]  # type: ignore[attr-defined]
    assert len(found) == 1, f"file {name!r} not listed once"
    return found[0]


def test_llama_2_7b_chat_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Llama-2-7B-Chat-GGUF")
    assert (q.model, q.format, q.quantized_by, q.prompt_format) == (
        "meta-llama/Llama-2-7b-chat-hf",
        "gguf",
        "TheBloke",
        "llama-2-chat",
    )
    assert len(q.files) == 12
    q4 = gguf(q, "llama-2-7b-chat.Q4_K_M.gguf")
    assert (q4.method, q4.bits, q4.size, q4.ram_required) == ("Q4_K_M", 4, 4_080_000_000, 6_580_000_000)
    assert gguf(q, "llama-2-7b-chat.Q8_0.gguf").ram_required == 9_660_000_000
    assert [c.min_version for c in q.compatibility if c.client == "llama.cpp"] == ["d0cee0d"]

    m = model(catalog, "meta-llama/Llama-2-7b-chat-hf")
    assert (m.license, m.parameters, m.languages) == ("llama2", 7 * GB, ["en"])
    assert [(b.id, b.relation) for b in m.base_models] == [("meta-llama/Llama-2-7b-hf", "finetune")]
    assert score(m, "truthfulqa", setting="truthful and informative").value == 57.04
    assert score(m, "toxigen").value == 0.0
    template = catalog.prompt_formats["llama-2-chat"].template
    assert template.startswith("[INST] <<SYS>>\nYou are a helpful, respectful and honest assistant.")
    assert template.endswith("<</SYS>>\n{prompt}[/INST]\n")
    # The pretrained 7B model's row of the same card.
    base = model(catalog, "meta-llama/Llama-2-7b-hf")
    assert (score(base, "mmlu").value, score(base, "agieval").value, score(base, "toxigen").value) == (
        45.3,
        29.3,
        21.25,
    )
    assert catalog.benchmarks["toxigen"].higher_is_better is False


def test_mistral_7b_instruct_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Mistral-7B-Instruct-v0.1-GGUF")
    assert (q.model, q.prompt_format, len(q.files)) == ("mistralai/Mistral-7B-Instruct-v0.1", "mistral", 12)
    q4 = gguf(q, "mistral-7b-instruct-v0.1.Q4_K_M.gguf")
    assert (q4.size, q4.ram_required) == (4_370_000_000, 6_870_000_000)
    assert "4096 or lower" in q.notes.en
    m = model(catalog, "mistralai/Mistral-7B-Instruct-v0.1")
    assert (m.license, m.parameters) == ("apache-2.0", 7 * GB)
    assert [(b.id, b.relation) for b in m.base_models] == [("mistralai/Mistral-7B-v0.1", "finetune")]
    assert catalog.prompt_formats["mistral"].template == "<s>[INST] {prompt} [/INST]\n"
    assert catalog.licenses["apache-2.0"].commercial_use == "allowed"


def test_yi_34b_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Yi-34B-GGUF")
    assert (q.model, q.prompt_format) == ("01-ai/Yi-34B", "yi")
    q2 = gguf(q, "yi-34b.Q2_K.gguf")
    assert (q2.size, q2.ram_required) == (14_560_000_000, 17_060_000_000)
    m = model(catalog, "01-ai/Yi-34B")
    assert (m.license, m.parameters, set(m.languages)) == ("yi-license", 34 * GB, {"en", "zh"})
    assert (score(m, "mmlu", shots=5).value, score(m, "cmmlu", shots=5).value) == (76.3, 83.7)
    assert (score(m, "ceval", shots=5).value, score(m, "gaokao", shots=0).value) == (81.4, 82.8)
    assert score(m, "bbh", shots=3).value == 54.3
    lic = catalog.licenses["yi-license"]
    assert (lic.url, lic.commercial_use) == ("https://huggingface.co/01-ai/Yi-34B/blob/main/LICENSE", "restricted")
    assert catalog.prompt_formats["yi"].template == "Human: {prompt} Assistant:\n"


def test_mixtral_8x7b_instruct_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF")
    assert [f.method for f in q.files] == ["Q2_K", "Q3_K_M", "Q4_0", "Q4_K_M", "Q5_0", "Q5_K_M", "Q6_K", "Q8_0"]
    assert gguf(q, "mixtral-8x7b-instruct-v0.1.Q4_K_M.gguf").ram_required == 28_940_000_000
    versions = {c.client: c.min_version for c in q.compatibility}
    assert (versions["KoboldCpp"], versions["LM Studio"], versions["llama-cpp-python"]) == ("1.52", "0.2.9", "0.2.23")
    m = model(catalog, "mistralai/Mixtral-8x7B-Instruct-v0.1")
    assert (m.license, m.languages, m.prompt_format) == ("apache-2.0", ["fr", "it", "de", "es", "en"], "mistral")
    assert m.parameters is None  # "8x7B" states no parameter count


def test_tinyllama_chat_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF")
    q2 = gguf(q, "tinyllama-1.1b-chat-v1.0.Q2_K.gguf")
    assert (q2.size, q2.ram_required) == (480_000_000, 2_980_000_000)
    assert len(q.files) == 12
    m = model(catalog, "TinyLlama/TinyLlama-1.1B-Chat-v1.0")
    assert m.parameters == 1_100_000_000
    assert m.datasets[:3] == [
        "cerebras/SlimPajama-627B",
        "bigcode/starcoderdata",
        "OpenAssistant/oasst_top1_2023-08-25",
    ]
    assert [(b.id, b.relation) for b in m.base_models] == [
        ("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", "finetune")
    ]
    assert catalog.prompt_formats["zephyr"].template == (
        "<|system|>\n{system_message}</s>\n<|user|>\n{prompt}</s>\n<|assistant|>\n"
    )


def test_llama_2_13b_chat_ggml(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Llama-2-13B-chat-GGML")
    assert (q.format, len(q.files), q.prompt_format) == ("ggml", 14, "llama-2-chat")
    q4 = gguf(q, "llama-2-13b-chat.ggmlv3.q4_K_M.bin")
    assert (q4.method, q4.bits, q4.size, q4.ram_required) == ("q4_K_M", 4, 7_870_000_000, 10_370_000_000)
    assert [c.min_version for c in q.compatibility if c.client == "llama.cpp"] == ["2d43387"]
    m = model(catalog, "meta-llama/Llama-2-13b-chat-hf")
    assert (m.license, m.parameters) == ("llama2", 13 * GB)
    assert score(m, "truthfulqa", setting="truthful and informative").value == 62.18
    base = model(catalog, "meta-llama/Llama-2-13b-hf")
    assert (score(base, "mmlu").value, score(base, "bbh").value) == (54.8, 39.4)


def test_wizard_vicuna_30b_gptq(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Wizard-Vicuna-30B-Uncensored-GPTQ")
    assert (q.model, q.format, q.prompt_format, len(q.files)) == (
        "ehartford/Wizard-Vicuna-30B-Uncensored",
        "gptq",
        "vicuna",
        8,
    )
    main = branch(q, "main")
    assert (main.bits, main.group_size, main.act_order, main.damp_percent, main.size, main.exllama) == (
        4,
        "none",
        True,
        0.01,
        16_940_000_000,
        True,
    )
    three = branch(q, "gptq-3bit-128g-actorder_False")
    assert (three.bits, three.group_size, three.act_order, three.size, three.exllama) == (
        3,
        128,
        False,
        13_510_000_000,
        False,
    )
    assert {f.calibration_dataset for f in q.files} == {"wikitext"}
    assert "GPTQ-for-LLaMa" in q.notes.en  # the August 2023 revision's "Made With" column
    m = model(catalog, "ehartford/Wizard-Vicuna-30B-Uncensored")
    assert (m.license, m.datasets) == (None, ["ehartford/wizard_vicuna_70k_unfiltered"])
    assert m.cautions, "an uncensored model's card warns that it has no guardrails"


def test_falcon_180b_chat_gptq(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Falcon-180B-Chat-GPTQ")
    assert [f.branch for f in q.files] == [
        "main",
        "gptq-4bit--1g-actorder_True",
        "gptq-3bit-128g-actorder_True",
        "gptq-3bit--1g-actorder_True",
    ]
    assert all(f.damp_percent == 0.1 and f.exllama is False for f in q.files)
    assert branch(q, "main").size == 94_250_000_000
    assert {c.client: c.min_version for c in q.compatibility}["Transformers"] == "4.33.0"
    m = model(catalog, "tiiuae/falcon-180B-chat")
    assert (m.license, m.context_length, m.parameters) == ("falcon-180b-tii-license", 2048, 180 * GB)
    assert [(b.id, b.relation) for b in m.base_models] == [("tiiuae/falcon-180B", "finetune")]
    assert {"tiiuae/falcon-refinedweb", "stingning/ultrachat", "jondurbin/airoboros-2.1"} <= set(m.datasets)
    assert catalog.prompt_formats["falcon"].template == "{system_message}\nUser: {prompt}\nAssistant:\n"


def test_yarn_mistral_awq(catalog: Catalog) -> None:
    q = quant(catalog, "TheBloke/Yarn-Mistral-7B-128k-AWQ")
    (main,) = q.files
    assert (q.format, main.branch, main.bits, main.group_size, main.seq_len, main.size) == (
        "awq",
        "main",
        4,
        128,
        4096,
        4_150_000_000,
    )
    assert {c.client: c.min_version for c in q.compatibility}["vLLM"] == "0.2.0"
    assert q.prompt_format is None  # "Prompt template: None"
    m = model(catalog, "NousResearch/Yarn-Mistral-7b-128k")
    assert [(b.id, b.relation) for b in m.base_models] == [("mistralai/Mistral-7B-v0.1", "finetune")]
    assert (score(m, "arc-challenge").value, score(m, "mmlu").value, score(m, "truthfulqa").value) == (
        58.87,
        60.64,
        42.46,
    )


def test_qwen_72b(catalog: Catalog) -> None:
    m = model(catalog, "Qwen/Qwen-72B")
    assert (m.license, m.context_length, m.parameters) == ("tongyi-qianwen", 32768, 72 * GB)
    expected = {
        "mmlu": (77.4, 5),
        "ceval": (83.3, 5),
        "gsm8k": (78.9, 8),
        "math": (35.2, 4),
        "humaneval": (35.4, 0),
        "mbpp": (52.2, 3),
        "bbh": (67.7, 3),
        "agieval": (62.5, 0),
        "gaokao-bench": (87.6, 0),
        "cmmlu": (83.6, 5),
    }
    assert {s.benchmark: (s.value, s.shots) for s in m.scores} == expected
    assert m.summary.zh_source == "original" and m.summary.zh.startswith("通义千问-72B（Qwen-72B）是阿里云研发的")
    assert m.license_notes.zh_source == "original" and "如需商用" in m.license_notes.zh
    # The same table's row for Qwen-7B, a model the catalog already had.
    seven = model(catalog, "Qwen/Qwen-7B")
    assert (score(seven, "ceval", shots=5).value, score(seven, "gsm8k", shots=8).value) == (63.5, 51.7)


def test_baichuan2_13b_chat(catalog: Catalog) -> None:
    m = model(catalog, "baichuan-inc/Baichuan2-13B-Chat")
    assert (m.license, set(m.languages), m.pipeline_tag) == ("baichuan2", {"en", "zh"}, "text-generation")
    assert m.summary.zh_source == "original" and m.summary.zh.startswith(
        "Baichuan 2 是百川智能推出的新一代开源大语言模型"
    )
    assert "Baichuan 2 支持商用" in m.license_notes.zh
    assert m.scores == []  # the card's tables give the Base models, not this chat model
    assert catalog.licenses["baichuan2"].commercial_use == "restricted"
    base13 = model(catalog, "baichuan-inc/Baichuan2-13B-Base")
    assert (score(base13, "ceval", shots=5).value, score(base13, "bbh", shots=3).value) == (58.10, 48.78)
    base7 = model(catalog, "baichuan-inc/Baichuan2-7B-Base")
    assert (score(base7, "cmmlu", shots=5).value, score(base7, "agieval", shots=5).value) == (57.07, 42.73)
    old = model(catalog, "baichuan-inc/baichuan-7B")  # the 7B table's row for the seed model
    assert (score(old, "cmmlu", shots=5).value, score(old, "bbh", shots=3).value) == (44.02, 32.48)


def test_internlm_chat_7b(catalog: Catalog) -> None:
    m = model(catalog, "internlm/internlm-chat-7b")
    assert m.license is None  # stated only in prose: Apache-2.0 code, weights open on application
    assert "Apache-2.0" in m.license_notes.en and m.license_notes.zh.startswith("本仓库的代码依照 Apache-2.0 协议开源")
    assert m.summary.zh_source == "original" and "书生·浦语" in m.summary.zh
    assert score(m, "ceval", split="val").value == 53.2
    assert score(m, "mmlu").value == 50.8  # this model's column, not LLaMA-7B's "35.2*"
    assert score(m, "race", setting="high").value == 76.3
    assert m.parameters == 7 * GB


def test_phind_codellama_34b_v2(catalog: Catalog) -> None:
    m = model(catalog, "Phind/Phind-CodeLlama-34B-v2")
    assert m.license == "llama2"
    humaneval = score(m, "humaneval", setting="pass@1")
    assert (humaneval.value, humaneval.stated) == (73.8, "73.8%")
    assert [(b.id, b.relation) for b in m.base_models] == [("Phind/Phind-CodeLlama-34B-v1", "finetune")]
    assert "### User Message\n{prompt}" in catalog.prompt_formats[m.prompt_format].template


def test_una_cybertron_7b_v2(catalog: Catalog) -> None:
    m = model(catalog, "fblgit/una-cybertron-7b-v2-bf16")
    assert score(m, "winogrande", shots=5, split="val").value == 80.98  # model-index, not the body's 81.37
    arc = score(m, "arc-challenge", shots=25)
    assert (arc.value, arc.split, english(arc.setting), arc.source.kind) == (68.26, "test", "acc_norm", "leaderboard")
    assert len(m.scores) == 6
    assert m.datasets == [
        "fblgit/tree-of-knowledge",
        "Open-Orca/SlimOrca-Dedup",
        "allenai/ultrafeedback_binarized_cleaned",
    ]


def test_bartowski_llama_3_1_8b_instruct_gguf(catalog: Catalog) -> None:
    q = quant(catalog, "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF")
    assert (q.quantized_by, q.model, len(q.files)) == ("bartowski", "meta-llama/Meta-Llama-3.1-8B-Instruct", 20)
    f32 = gguf(q, "Meta-Llama-3.1-8B-Instruct-f32.gguf")
    assert (f32.method, f32.bits, f32.size) == ("f32", 32, 32_130_000_000)
    assert all(f.ram_required is None for f in q.files)  # the card states no RAM needs
    template = catalog.prompt_formats[q.prompt_format].template
    assert "{system_message}<|eot_id|>" in template and "{system_prompt}" not in template
    m = model(catalog, "meta-llama/Meta-Llama-3.1-8B-Instruct")
    assert (m.license, len(m.languages)) == ("llama3.1", 8)
    lic = catalog.licenses["llama3.1"]
    assert (lic.commercial_use, lic.attribution) == ("restricted", True)
    assert any("700 million" in r.en for r in lic.use_restrictions)


def test_openhermes_2_5_mistral_7b(catalog: Catalog) -> None:
    m = model(catalog, "teknium/OpenHermes-2.5-Mistral-7B")
    assert (m.license, m.prompt_format, m.datasets) == ("apache-2.0", "chatml", ["teknium/OpenHermes-2.5"])
    assert [(b.id, b.relation) for b in m.base_models] == [("mistralai/Mistral-7B-v0.1", "finetune")]
    mc2 = score(m, "truthfulqa", setting="mc2")
    assert (mc2.value, mc2.stated) == (53.04, "0.5304")
    assert score(m, "arc-challenge", setting="acc_norm").value == 60.07
    assert score(m, "humaneval", setting="pass@1").source.kind == "independent"  # Glaive's test


def test_every_record_a_new_card_refers_to_exists(catalog: Catalog) -> None:
    """Licenses, datasets, benchmarks, prompt formats and base models are records, not dangling ids."""
    new_models = [
        "meta-llama/Llama-2-7b-chat-hf",
        "mistralai/Mistral-7B-Instruct-v0.1",
        "01-ai/Yi-34B",
        "mistralai/Mixtral-8x7B-Instruct-v0.1",
        "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
        "meta-llama/Llama-2-13b-chat-hf",
        "ehartford/Wizard-Vicuna-30B-Uncensored",
        "tiiuae/falcon-180B-chat",
        "NousResearch/Yarn-Mistral-7b-128k",
        "meta-llama/Meta-Llama-3.1-8B-Instruct",
        "Qwen/Qwen-72B",
        "baichuan-inc/Baichuan2-13B-Chat",
        "internlm/internlm-chat-7b",
        "Phind/Phind-CodeLlama-34B-v2",
        "fblgit/una-cybertron-7b-v2-bf16",
        "teknium/OpenHermes-2.5-Mistral-7B",
    ]
    for model_id in new_models:
        m = model(catalog, model_id)
        assert m.license is None or m.license in catalog.licenses, model_id
        assert all(d in catalog.datasets for d in m.datasets), model_id
        assert all(b.id in catalog.models for b in m.base_models), model_id
        assert all(s.benchmark in catalog.benchmarks for s in m.scores), model_id
        assert m.prompt_format is None or m.prompt_format in catalog.prompt_formats, model_id
        assert m.summary.en and m.summary.zh, f"{model_id}: a summary in both languages"
