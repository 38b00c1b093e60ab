"""The importer on real Hugging Face cards (tests/fixtures/cards/, SOURCES.tsv says what each is).

Every card imports without a traceback; for most, the values a contributor would copy by
hand (file names, sizes in bytes, bits, branches, templates, licenses, base models, scores)
are checked one by one, and a written draft validates in an empty catalog.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.importer import assemble
from generator.pipeline import load
from generator.schema import units

REPO = Path(__file__).resolve().parents[1]
CARDS = REPO / "tests" / "fixtures" / "cards"

#: Card -> the repo id it is the card of (the mirrors' originals, per SOURCES.tsv).
IDS = {
    "01_llama-2-7b-chat-gguf.md": "TheBloke/Llama-2-7B-Chat-GGUF",
    "02_mistral-7b-instruct-v0.1-gguf.md": "TheBloke/Mistral-7B-Instruct-v0.1-GGUF",
    "04_yi-34b-gguf.md": "TheBloke/Yi-34B-GGUF",
    "05_mixtral-8x7b-instruct-v0.1-gguf.md": "TheBloke/Mixtral-8x7B-Instruct-v0.1-GGUF",
    "09_tinyllama-1.1b-chat-v1.0-gguf.md": "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF",
    "11_llama-2-13b-chat-ggml.md": "TheBloke/Llama-2-13B-chat-GGML",
    "12_wizard-vicuna-30b-uncensored-gptq.md": "TheBloke/Wizard-Vicuna-30B-Uncensored-GPTQ",
    "13_wizard-vicuna-30b-uncensored-gptq-2023-08.md": "TheBloke/Wizard-Vicuna-30B-Uncensored-GPTQ",
    "15_falcon-180b-chat-gptq.md": "TheBloke/Falcon-180B-Chat-GPTQ",
    "17_yarn-mistral-7b-128k-awq.md": "TheBloke/Yarn-Mistral-7B-128k-AWQ",
    "19_qwen-72b.md": "Qwen/Qwen-72B",
    "20_baichuan2-13b-chat.md": "baichuan-inc/Baichuan2-13B-Chat",
    "22_internlm-chat-7b.md": "internlm/internlm-chat-7b",
    "26_phind-codellama-34b-v2.md": "Phind/Phind-CodeLlama-34B-v2",
    "27_una-cybertron-7b-v2-bf16.md": "fblgit/una-cybertron-7b-v2-bf16",
    "29_bartowski-meta-llama-3.1-8b-instruct-gguf.md": "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
    "31_openhermes-2.5-mistral-7b.md": "teknium/OpenHermes-2.5-Mistral-7B",
    "35_bert-base-ner-uncased.md": "dslim/bert-base-NER-uncased",
    "anon8231489123_vicuna-13b-GPTQ-4bit-128g.md": "anon8231489123/vicuna-13b-GPTQ-4bit-128g",
    "TheBloke_stable-vicuna-13B-GPTQ.md": "TheBloke/stable-vicuna-13B-GPTQ",
    "Qwen_Qwen-7B-Chat-Int4.md": "Qwen/Qwen-7B-Chat-Int4",
}
ALL_CARDS = sorted(p.name for p in CARDS.glob("*.md"))


def imported(name: str) -> assemble.Result:
    return assemble.assemble(CARDS / name, IDS.get(name))


def draft(result: assemble.Result, kind: str, record_id: str) -> dict[str, Any]:
    found = {(d.kind, d.id): d.data for d in result.drafts}
    assert (kind, record_id) in found, f"no {kind} draft {record_id}; drafts: {sorted(found)}"
    return found[(kind, record_id)]


def files(data: dict[str, Any], key: str = "name") -> dict[str, dict[str, Any]]:
    return {f[key]: f for f in data["files"]}


def size(text: str) -> int:
    return units.parse_size(text)


def scores(data: dict[str, Any]) -> dict[tuple[str, Any, Any, Any], float]:
    return {(s["benchmark"], s.get("shots"), s.get("split"), s.get("setting")): s["value"] for s in data["scores"]}


def warnings(result: assemble.Result) -> str:
    return "\n".join(n.message for n in result.notes)


# --- no card makes a traceback ----------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_CARDS)
@pytest.mark.parametrize("with_id", [True, False], ids=["with-id", "without-id"])
def test_every_card_imports_without_a_traceback(
    name: str, with_id: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--catalog", str(tmp_path), "import", str(CARDS / name), "--with-missing"]
    if with_id and name in IDS:
        args += ["--id", IDS[name]]
    code = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 1), err
    if code == 0:
        assert out.startswith("==> "), out[:200]
        assert "# yaml-language-server: $schema=" in out


def test_the_card_without_metadata_gives_nothing_usable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(CARDS / "36_hf-hub-fixture-no-metadata.md")]) == 1
    err = capsys.readouterr().err
    assert "no YAML front matter" in err and "nothing usable" in err


# --- TheBloke GGUF and GGML tables ----------------------------------------------------------


def test_llama_2_chat_gguf() -> None:
    result = imported("01_llama-2-7b-chat-gguf.md")
    quant = result.primary.data
    assert (quant["format"], quant["model"], quant["quantized_by"]) == (
        "gguf",
        "meta-llama/Llama-2-7b-chat-hf",
        "TheBloke",
    )
    assert len(quant["files"]) == 12
    q4 = files(quant)["llama-2-7b-chat.Q4_K_M.gguf"]
    assert (q4["method"], q4["bits"], size(q4["size"]), size(q4["ram_required"])) == (
        "Q4_K_M",
        4,
        4_080_000_000,
        6_580_000_000,
    )
    assert q4["use_case"] == "medium, balanced quality - recommended"
    template = draft(result, "prompt-format", quant["prompt_format"])["template"]
    assert template.startswith("[INST] <<SYS>>\nYou are a helpful, respectful and honest assistant.")
    assert template.endswith("<</SYS>>\n{prompt}[/INST]\n")
    model = draft(result, "model", "meta-llama/Llama-2-7b-chat-hf")
    assert (model["name"], model["creator"], model["license"]) == ("Llama 2 7B Chat", "Meta Llama 2", "llama2")
    assert model["pipeline_tag"] == "text-generation"
    # The original card's tables compare Llama 1 and 2 sizes: no row is this model alone.
    assert model.get("scores", []) == []


def test_mistral_instruct_template_from_the_body() -> None:
    result = imported("02_mistral-7b-instruct-v0.1-gguf.md")
    quant = result.primary.data
    # The front matter writes '<s>[INST]{prompt} [/INST]'; the body's code block differs only
    # in white space and is verbatim, so it wins.
    assert draft(result, "prompt-format", "mistral")["template"] == "<s>[INST] {prompt} [/INST]\n"
    assert size(files(quant)["mistral-7b-instruct-v0.1.Q4_K_M.gguf"]["size"]) == 4_370_000_000
    assert draft(result, "model", "mistralai/Mistral-7B-Instruct-v0.1")["license"] == "apache-2.0"


def test_yi_crlf_license_name_and_scores() -> None:
    result = imported("04_yi-34b-gguf.md")
    assert size(files(result.primary.data)["yi-34b.Q2_K.gguf"]["size"]) == 14_560_000_000
    model = draft(result, "model", "01-ai/Yi-34B")
    assert model["license"] == "yi-license"  # license: other + license_name: yi-license
    license_skeleton = next(r for r in result.related if r.kind == "license")
    assert "url: https://huggingface.co/TheBloke/Yi-34B-GGUF/blob/main/LICENSE" in license_skeleton.text
    got = scores(model)
    assert got[("mmlu", 5, None, None)] == 76.3
    assert got[("gaokao", 0, None, None)] == 82.8
    assert "math" not in {k[0] for k in got}  # "Math & Code" is not the MATH benchmark


def test_mixtral_languages_and_creator_verbatim() -> None:
    result = imported("05_mixtral-8x7b-instruct-v0.1-gguf.md")
    model = draft(result, "model", "mistralai/Mixtral-8x7B-Instruct-v0.1")
    assert model["languages"] == ["fr", "it", "de", "es", "en"]
    assert model["creator"] == "Mistral AI_"  # as the card writes it; never corrected by guess
    assert [f["method"] for f in result.primary.data["files"]] == [
        "Q2_K",
        "Q3_K_M",
        "Q4_0",
        "Q4_K_M",
        "Q5_0",
        "Q5_K_M",
        "Q6_K",
        "Q8_0",
    ]


def test_mixtral_clients_listed_with_their_first_working_version() -> None:
    quant = imported("05_mixtral-8x7b-instruct-v0.1-gguf.md").primary.data
    # "* KoboldCpp 1.52 as later", "* LM Studio 0.2.9 and later", "* llama-cpp-python 0.2.23 and later";
    # "* llama.cpp as of December 13th" names no version and stays out.
    assert [(c["client"], c["min_version"]) for c in quant["compatibility"]] == [
        ("KoboldCpp", "1.52"),
        ("LM Studio", "0.2.9"),
        ("llama-cpp-python", "0.2.23"),
    ]


def test_tinyllama_small_sizes_and_zephyr_template() -> None:
    result = imported("09_tinyllama-1.1b-chat-v1.0-gguf.md")
    q2 = files(result.primary.data)["tinyllama-1.1b-chat-v1.0.Q2_K.gguf"]
    assert (size(q2["size"]), size(q2["ram_required"])) == (480_000_000, 2_980_000_000)
    assert (
        draft(result, "prompt-format", "zephyr")["template"]
        == "<|system|>\n{system_message}</s>\n<|user|>\n{prompt}</s>\n<|assistant|>\n"
    )
    assert draft(result, "model", "TinyLlama/TinyLlama-1.1B-Chat-v1.0")["datasets"] == [
        "cerebras/SlimPajama-627B",
        "bigcode/starcoderdata",
        "OpenAssistant/oasst_top1_2023-08-25",
    ]


def test_legacy_ggml_table() -> None:
    result = imported("11_llama-2-13b-chat-ggml.md")
    quant = result.primary.data
    assert quant["format"] == "ggml"
    assert len(quant["files"]) == 14
    q4 = files(quant)["llama-2-13b-chat.ggmlv3.q4_K_M.bin"]
    assert (q4["method"], q4["bits"], size(q4["size"]), size(q4["ram_required"])) == (
        "q4_K_M",
        4,
        7_870_000_000,
        10_370_000_000,
    )
    assert [(c["client"], c["min_version"]) for c in quant["compatibility"]] == [("llama.cpp", "2d43387")]
    # No prompt_template key: the template comes from the body's "Prompt template: Llama-2-Chat".
    assert quant["prompt_format"] == "llama-2-chat"
    assert "license" not in draft(result, "model", "meta-llama/Llama-2-13b-chat-hf")  # license: other


# --- GPTQ and AWQ branch tables ----------------------------------------------------------------


def test_wizard_vicuna_gptq_branches() -> None:
    result = imported("12_wizard-vicuna-30b-uncensored-gptq.md")
    branches = files(result.primary.data, "branch")
    assert len(branches) == 8
    main_branch = branches["main"]
    assert (main_branch["bits"], main_branch["group_size"], main_branch["act_order"], main_branch["exllama"]) == (
        4,
        "none",
        True,
        True,
    )
    three = branches["gptq-3bit-128g-actorder_False"]
    assert (three["bits"], three["group_size"], three["act_order"], size(three["size"]), three["exllama"]) == (
        3,
        128,
        False,
        13_510_000_000,
        False,
    )
    assert draft(result, "prompt-format", "vicuna")["template"].endswith("USER: {prompt} ASSISTANT:\n")


def test_older_gptq_table_layout() -> None:
    result = imported("13_wizard-vicuna-30b-uncensored-gptq-2023-08.md")
    quant = result.primary.data
    branches = files(quant, "branch")
    # Branch | Bits | Group Size | Act Order (desc_act) | File Size | ExLlama Compatible? | Made With | Description
    assert branches["main"] == {
        "branch": "main",
        "bits": 4,
        "group_size": "none",
        "act_order": True,
        "size": "16.94 GB",
        "exllama": True,
        "description": "Most compatible option. Good inference speed in AutoGPTQ and GPTQ-for-LLaMa. "
        "Lower inference quality than other options.",
    }
    assert branches["gptq-8bit-128g-actorder_False"]["exllama"] is False
    assert quant["model"] == "ehartford/Wizard-Vicuna-30B-Uncensored"  # from the "Original model" link
    assert "quantized_by not stated" in warnings(result)


def test_falcon_gptq_branches_without_links() -> None:
    result = imported("15_falcon-180b-chat-gptq.md")
    branches = files(result.primary.data, "branch")
    assert list(branches) == [
        "main",
        "gptq-4bit--1g-actorder_True",
        "gptq-3bit-128g-actorder_True",
        "gptq-3bit--1g-actorder_True",
    ]
    assert all(b["damp_percent"] == 0.1 and b["exllama"] is False for b in branches.values())
    assert size(branches["main"]["size"]) == 94_250_000_000
    assert draft(result, "prompt-format", "falcon")["template"] == "{system_message}\nUser: {prompt}\nAssistant:\n"
    assert "license" not in draft(result, "model", "tiiuae/falcon-180B-chat")  # license: unknown
    # Hyperparameter | Value | Comment: the third column does not hide the sequence length.
    assert draft(result, "model", "tiiuae/falcon-180B-chat")["context_length"] == 2048


def test_awq_table_row_without_trailing_pipe() -> None:
    result = imported("17_yarn-mistral-7b-128k-awq.md")
    quant = result.primary.data
    assert quant["format"] == "awq"
    assert quant["files"] == [
        {
            "branch": "main",
            "url": "https://huggingface.co/TheBloke/Yarn-Mistral-7B-128k-AWQ/tree/main",
            "bits": 4,
            "group_size": 128,
            "calibration_dataset": "wikitext",
            "seq_len": 4096,
            "size": "4.15 GB",
        }
    ]
    assert "prompt_format" not in quant  # "Prompt template: None" is just {prompt}
    clients = {c["client"]: c for c in quant["compatibility"]}
    assert clients["vLLM"] == {"client": "vLLM", "min_version": "0.2.0", "url": "https://github.com/vllm-project/vllm"}
    assert clients["Hugging Face Text Generation Inference (TGI)"]["min_version"] == "1.1.0"
    got = scores(draft(result, "model", "NousResearch/Yarn-Mistral-7b-128k"))
    assert got == {
        ("arc-challenge", None, None, None): 58.87,
        ("hellaswag", None, None, None): 80.58,
        ("mmlu", None, None, None): 60.64,
        ("truthfulqa", None, None, None): 42.46,
    }


def test_bartowski_gguf_table() -> None:
    result = imported("29_bartowski-meta-llama-3.1-8b-instruct-gguf.md")
    quant = result.primary.data
    assert (quant["quantized_by"], quant["model"]) == ("bartowski", "meta-llama/Meta-Llama-3.1-8B-Instruct")
    by_name = files(quant)
    assert len(by_name) == 20
    f32 = by_name["Meta-Llama-3.1-8B-Instruct-f32.gguf"]
    assert (f32["method"], f32["bits"], f32["size"], size(f32["size"])) == ("f32", 32, "32.13 GB", 32_130_000_000)
    iq4 = by_name["Meta-Llama-3.1-8B-Instruct-IQ4_XS.gguf"]
    assert (iq4["bits"], size(iq4["size"])) == (4, 4_450_000_000)
    assert "ram_required" not in iq4
    assert "no Bits column" in warnings(result)
    template = draft(result, "prompt-format", quant["prompt_format"])["template"]
    assert "{system_message}<|eot_id|>" in template and "{system_prompt}" not in template
    assert draft(result, "model", "meta-llama/Meta-Llama-3.1-8B-Instruct")["license"] == "llama3.1"


# --- a base model named in the quoted card's prose ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "model", "base"),
    [
        ("02_mistral-7b-instruct-v0.1-gguf.md", "mistralai/Mistral-7B-Instruct-v0.1", "mistralai/Mistral-7B-v0.1"),
        (
            "09_tinyllama-1.1b-chat-v1.0-gguf.md",
            "TinyLlama/TinyLlama-1.1B-Chat-v1.0",
            "TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T",
        ),
        ("15_falcon-180b-chat-gptq.md", "tiiuae/falcon-180B-chat", "tiiuae/falcon-180B"),
    ],
)
def test_fine_tuned_from_a_linked_model(name: str, model: str, base: str) -> None:
    result = imported(name)
    assert draft(result, "model", model)["base_models"] == [{"id": base, "relation": "finetune"}]
    assert ("model", base) in result.missing  # the base model is a record to add too


@pytest.mark.parametrize(
    ("name", "model"),
    [
        # "It is an extension of [Mistral-7B-v0.1](...)": continued pretraining, not said to be a fine-tune.
        ("17_yarn-mistral-7b-128k-awq.md", "NousResearch/Yarn-Mistral-7b-128k"),
        # "This is [wizard-vicuna-13b](...) trained with a subset": no fine-tune named (and a 13B, for a 30B).
        ("12_wizard-vicuna-30b-uncensored-gptq.md", "ehartford/Wizard-Vicuna-30B-Uncensored"),
    ],
)
def test_no_base_model_from_prose_that_names_no_fine_tune(name: str, model: str) -> None:
    assert "base_models" not in draft(imported(name), "model", model)


# --- GPTQ files described in prose: a quantized repository all the same -------------------------


def test_gptq_command_line_alone_makes_a_quant_of_the_linked_model() -> None:
    result = imported("anon8231489123_vicuna-13b-GPTQ-4bit-128g.md")
    assert result.usable and result.primary.kind == "quant"  # no front matter, no -GPTQ suffix, no table
    quant = result.primary.data
    assert (quant["format"], quant["model"]) == ("gptq", "lmsys/vicuna-13b-delta-v0")  # a bare URL, full stop cut
    assert quant["files"] == [
        {"branch": "main", "file": "vicuna-13b-4bit-128g.pt", "bits": 4, "group_size": 128, "calibration_dataset": "c4"}
    ]  # no --act-order in the command: act order stays unstated
    assert "--save" in warnings(result) and "branch 'main'" in warnings(result)


def test_provided_files_prose_with_two_branches() -> None:
    result = imported("TheBloke_stable-vicuna-13B-GPTQ.md")
    quant = result.primary.data
    assert quant["model"] == "CarperAI/stable-vicuna-13b-delta"  # "quantised models of [X](...)"
    assert [(f["branch"], f["file"], f["bits"], f["group_size"], f["act_order"]) for f in quant["files"]] == [
        ("main", "stable-vicuna-13B-GPTQ-4bit.compat.no-act-order.safetensors", 4, 128, False),
        ("latest", "stable-vicuna-13B-GPTQ-4bit.latest.act-order.safetensors", 4, 128, True),
    ]
    # The commands' --save names differ from the files provided: they are not files of the repo.
    assert "stable-vicuna-13B-GPTQ-4bit.no-act-order.safetensors" not in str(quant["files"])
    assert {f["calibration_dataset"] for f in quant["files"]} == {"c4"}
    # "# Original StableVicuna-13B model card" starts the quoted card: its facts go to the model's draft.
    model = draft(result, "model", "CarperAI/stable-vicuna-13b-delta")
    assert model["base_models"] == [{"id": "lmsys/vicuna-13b-delta-v0", "relation": "finetune"}]
    assert model["summary"]["en"].startswith("StableVicuna-13B is a Vicuna-13B v0 model fine-tuned using")


def test_int4_model_made_with_autogptq_is_a_quant_of_the_named_model() -> None:
    result = imported("Qwen_Qwen-7B-Chat-Int4.md")
    quant = result.primary.data
    assert (result.primary.kind, quant["format"], quant["model"]) == ("quant", "gptq", "Qwen/Qwen-7B-Chat")
    assert quant["files"] == [{"branch": "main", "bits": 4}]
    # license_name is "tongyi-qianwen-license-agreement"; its link is the catalog's tongyi-qianwen page.
    against_catalog = assemble.assemble(CARDS / "Qwen_Qwen-7B-Chat-Int4.md", IDS["Qwen_Qwen-7B-Chat-Int4.md"], REPO / "catalog")
    assert against_catalog.primary.data.get("license") is None  # the same license as Qwen/Qwen-7B-Chat's
    assert draft(against_catalog, "model", "Qwen/Qwen-7B-Chat")["license"] == "tongyi-qianwen"


def test_cards_that_only_mention_4bit_versions_stay_models() -> None:
    # Baichuan 2 offers "a 4bits quantized version for the Chat model" and Qwen-72B an Int4 model:
    # neither card is a repository of quantized files.
    for name in ("20_baichuan2-13b-chat.md", "19_qwen-72b.md"):
        assert imported(name).primary.kind == "model", name


def test_html_tables_with_a_caption_give_no_scores() -> None:
    from generator.importer import card as cards
    from generator.importer import score_tables, tables
    from generator.importer.notes import Notes
    from generator.importer.resolve import Index
    from generator.importer.scores import Target

    read = cards.read(CARDS / "Qwen_Qwen-7B-Chat-Int4.md")
    captioned = [t for t in tables.find_tables(read.blocks) if t.caption]
    assert [t.caption for t in captioned] == [
        "Chinese Tool-Use Benchmark",
        "Executable Rate of Generated Code (%)",
        "Accuracy of Code Execution Results (%)",
        "HuggingFace Agent Benchmark- Run Mode",
        "HuggingFace Agent Benchmark - Chat Mode",
    ]
    assert captioned[1].columns[1] == "Math↑"  # a part of the caption's measure, not the MATH benchmark
    found = score_tables.from_tables(captioned, Target.of("Qwen/Qwen-7B-Chat"), Index(), Notes())
    assert found == []


# --- original model cards: score tables, model-index, licenses in prose ---------------------------


def test_qwen_table_with_a_shots_row() -> None:
    data = imported("19_qwen-72b.md").primary.data
    got = scores(data)
    assert got[("mmlu", 5, None, None)] == 77.4
    assert got[("gsm8k", 8, None, None)] == 78.9
    assert got[("humaneval", 0, None, None)] == 35.4
    assert data["context_length"] == 32768
    assert "license" not in data
    # The first English paragraph (the Chinese one before it is not English text).
    assert data["summary"]["en"].startswith("Qwen-72B is the 72B-parameter version")


def test_baichuan2_bilingual_card() -> None:
    result = imported("20_baichuan2-13b-chat.md")
    data = result.primary.data
    assert (data["name"], data["languages"], data["pipeline_tag"]) == (
        "Baichuan2-13B-Chat",
        ["en", "zh"],
        "text-generation",
    )
    assert data["summary"]["en"].startswith("Baichuan 2 is the new generation")
    assert data.get("scores", []) == []  # its tables list Baichuan2-7B/13B-Base, not this chat model


def test_internlm_transposed_table_and_prose_license() -> None:
    data = imported("22_internlm-chat-7b.md").primary.data
    got = scores(data)
    assert got[("ceval", None, "val", None)] == 53.2
    assert got[("mmlu", None, None, None)] == 50.8  # this model's column, not LLaMA-7B's 35.2*
    assert got[("race", None, None, "high")] == 76.3
    assert "license" not in data
    assert "Apache-2.0" in data["license_notes"]["en"]


# --- HTML tables ---------------------------------------------------------------------------------


def test_qwen_html_perplexity_table_is_read_and_gives_no_score() -> None:
    from generator.importer import card as cards
    from generator.importer import tables

    read = cards.read(CARDS / "19_qwen-72b.md")
    html = [t for t in tables.find_tables(read.blocks) if "Sequence Length 8192" in t.header]
    assert len(html) == 1, "the <table> of perplexities by sequence length is read"
    assert html[0].header[:4] == ["Model", "Sequence Length 8192", "Sequence Length 16384", "Sequence Length 32768"]
    assert html[0].rows[0][:4] == ["Qwen-72B", "2.828", "2.734", "2.717"]
    # Perplexity by length is no catalog benchmark: the import keeps the Markdown table's scores only.
    assert {s["benchmark"] for s in imported("19_qwen-72b.md").primary.data["scores"]} == {
        "mmlu", "ceval", "gsm8k", "math", "humaneval", "mbpp", "bbh", "agieval", "gaokao", "cmmlu",
    }


# --- bilingual cards: the card's own Chinese becomes zh (zh_source: original) ---------------------


def test_qwen_side_by_side_paragraphs_give_chinese_summary_and_license_notes() -> None:
    data = imported("19_qwen-72b.md").primary.data
    summary = data["summary"]
    assert summary["en"].startswith("Qwen-72B is the 72B-parameter version")
    assert summary["en"].endswith("including web texts, books, codes, etc.")  # "abbr." ends no sentence
    assert summary["zh"] == (
        "通义千问-72B（Qwen-72B）是阿里云研发的通义千问大模型系列的720亿参数规模的模型。"
        "Qwen-72B是基于Transformer的大语言模型, 在超大规模的预训练数据上进行训练得到。"
    )
    assert summary["zh_source"] == "original"
    notes = data["license_notes"]
    assert notes["en"].startswith("Our code and checkpoints are open to research purpose")
    assert notes["zh"].startswith("我们的代码和模型权重对学术研究完全开放，并支持商用。")
    assert notes["zh_source"] == "original"


def test_baichuan2_license_section_named_in_chinese_only() -> None:
    data = imported("20_baichuan2-13b-chat.md").primary.data
    assert data["summary"]["zh"].startswith("Baichuan 2 是")
    notes = data["license_notes"]
    # "## 协议" holds one paragraph in each language; the link definitions under it are no prose.
    assert notes["en"].startswith("The use of the source code in this repository follows")
    assert "[GitHub]" not in notes["en"] and "https://" not in notes["en"]
    assert "Baichuan 2 支持商用" in notes["zh"]


def test_internlm_chinese_half_mirrors_the_english_one() -> None:
    data = imported("22_internlm-chat-7b.md").primary.data
    assert data["summary"]["zh"] == (
        "InternLM ，即书生·浦语大模型，包含面向实用场景的70亿参数基础模型与对话模型 （InternLM-7B）。"
        "模型具有以下特点："
    )
    notes = data["license_notes"]
    assert notes["zh"].startswith("本仓库的代码依照 Apache-2.0 协议开源。")
    assert notes["en"].endswith("please contact internlm@pjlab.org.cn.")  # an autolink keeps its address


def test_english_only_cards_get_no_chinese() -> None:
    for name in ("26_phind-codellama-34b-v2.md", "31_openhermes-2.5-mistral-7b.md", "01_llama-2-7b-chat-gguf.md"):
        result = imported(name)
        for record in [result.primary, *result.drafts]:
            assert "zh" not in str(record.data.get("summary", {})), (name, record.id)


def test_phind_percent_string_in_model_index() -> None:
    result = imported("26_phind-codellama-34b-v2.md")
    (score,) = result.primary.data["scores"]
    assert (score["benchmark"], score["value"], score["stated"], score["setting"]) == (
        "humaneval",
        73.8,
        "73.8%",
        "pass@1",
    )
    assert result.primary.data["license"] == "llama2"
    assert "named 'Phind-CodeLlama-34B-v1'" in warnings(result)


def test_leaderboard_model_index_wins_over_a_differing_body_table() -> None:
    result = imported("27_una-cybertron-7b-v2-bf16.md")
    data = result.primary.data
    got = scores(data)
    assert got[("winogrande", 5, "val", None)] == 80.98  # the body's table says 81.37
    assert got[("arc-challenge", 25, "test", "acc_norm")] == 68.26
    assert len(data["scores"]) == 6
    assert {s["source"]["kind"] for s in data["scores"]} == {"leaderboard"}
    text = warnings(result)
    assert "81.37" in text and "'85.?4' is not a number" in text


def test_openhermes_broken_table_and_tagged_finetune() -> None:
    data = imported("31_openhermes-2.5-mistral-7b.md").primary.data
    assert data["base_models"] == [{"id": "mistralai/Mistral-7B-v0.1", "relation": "finetune"}]
    got = {(s["benchmark"], s.get("setting")): s for s in data["scores"]}
    mc2 = got[("truthfulqa", "mc2")]
    assert (mc2["value"], mc2["stated"]) == (53.04, "0.5304")
    # The comparison table in a code fence, with full-width separator rows between its rows,
    # names no column "OpenHermes 2.5": its AGIEval 43.07 is not taken.
    assert "agieval" not in {s["benchmark"] for s in data["scores"]}


def test_front_matter_only_card() -> None:
    result = imported("35_bert-base-ner-uncased.md")
    data = result.primary.data
    assert data["license"] == "mit"
    assert "summary:  # TODO" in result.primary.text  # an empty body states no summary: left to fill


# --- written drafts validate --------------------------------------------------------------------

#: Cards whose own record keeps a TODO: the card does not state a required value.
PARTIAL = {"35_bert-base-ner-uncased.md": "the card has no body, so no summary"}


@pytest.mark.parametrize("name", sorted(IDS))
def test_written_card_draft_validates(name: str, tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    root.mkdir()
    assert (
        main(["--catalog", str(root), "import", str(CARDS / name), "--id", IDS[name], "--write", "--with-missing"]) == 0
    )
    _, problems = load(root)
    todo = {}
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        todo[f"catalog/{path.relative_to(root).as_posix()}"] = [
            n for n, line in enumerate(text.splitlines(), 1) if "# TODO" in line and not line.lstrip().startswith("#")
        ]
    folder = "quants" if (root / "quants" / f"{IDS[name]}.yaml").exists() else "models"
    own = f"catalog/{folder}/{IDS[name]}.yaml"
    assert (todo[own] != []) == (name in PARTIAL), f"{own} TODO lines: {todo[own]}"
    bad = [p.text() for p in problems if p.line not in todo.get(p.path, [])]
    assert bad == []
