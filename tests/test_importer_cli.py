"""``python -m generator import``: output, writing, exit codes, and bad cards made small.

Each broken card here is a few lines showing one way real cards break (CRLF, no front
matter, front matter at the end, invalid YAML, ragged tables, HTML): the importer gives a
best-effort draft and warnings, never a traceback.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.importer import assemble
from generator.pipeline import load

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

GGUF_CARD = """\
---
base_model: acme/Base-7B
license: apache-2.0
model_creator: Acme
model_name: Acme Base 7B
quantized_by: packer
language:
- en
prompt_template: '<|im_start|>system

  {system_message}<|im_end|>

  <|im_start|>user

  {prompt}<|im_end|>

  <|im_start|>assistant

  '
---
# Acme Base 7B - GGUF

## Provided files

| Name | Quant method | Bits | Size | Max RAM required | Use case |
| ---- | ---- | ---- | ---- | ---- | ----- |
{ROWS}
"""
_LINK = "https://huggingface.co/packer/Base-7B-GGUF/blob/main"
GGUF_CARD = GGUF_CARD.replace(
    "{ROWS}",
    f"| [base-7b.Q4_K_M.gguf]({_LINK}/base-7b.Q4_K_M.gguf) | Q4_K_M | 4 | 4.08 GB| 6.58 GB | medium |\n"
    f"| [base-7b.Q5_K_M.gguf]({_LINK}/base-7b.Q5_K_M.gguf) | Q5_K_M | 5 | 4.78 GB| 7.28 GB | large |",
)


def write_card(tmp_path: Path, text: str, name: str = "README.md", *, newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    root.mkdir()
    return root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


# --- printing and writing ---------------------------------------------------------------------


def test_prints_each_record_after_its_target_path(
    tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = write_card(tmp_path, GGUF_CARD)
    code, out, err = run(capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF")
    assert code == 0
    assert out.startswith(
        f"==> {catalog}/quants/packer/Base-7B-GGUF.yaml <==\n"
        "# yaml-language-server: $schema=../../schema/quant.schema.json\n"
    )
    assert "size: 4.08 GB" in out and "ram_required: 6.58 GB" in out
    assert "- url: https://huggingface.co/packer/Base-7B-GGUF" in out
    # Only the card's own record without --with-missing; what it lacks is listed on stderr.
    assert out.count("==> ") == 1
    assert f"model acme/Base-7B: {catalog}/models/acme/Base-7B.yaml" in err
    assert "license apache-2.0" in err and "prompt-format" in err
    assert list(catalog.iterdir()) == []  # printing writes nothing


def test_with_missing_prints_the_drafts_too(tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = write_card(tmp_path, GGUF_CARD)
    code, out, _ = run(
        capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF", "--with-missing"
    )
    assert code == 0
    paths = [line for line in out.splitlines() if line.startswith("==> ")]
    assert paths == [
        f"==> {catalog}/quants/packer/Base-7B-GGUF.yaml <==",
        f"==> {catalog}/models/acme/Base-7B.yaml <==",
        f"==> {catalog}/prompt-formats/acme-base-7b.yaml <==",
        f"==> {catalog}/licenses/apache-2.0.yaml <==",
    ]


def test_write_refuses_to_overwrite_without_force(
    tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = write_card(tmp_path, GGUF_CARD)
    target = catalog / "quants" / "packer" / "Base-7B-GGUF.yaml"
    code, out, _ = run(capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF", "--write")
    assert code == 0 and f"wrote {target}" in out
    target.write_text("# edited by hand\n", encoding="utf-8")
    code, _, err = run(capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF", "--write")
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "# edited by hand\n"
    code, _, _ = run(
        capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF", "--write", "--force"
    )
    assert code == 0 and "format: gguf" in target.read_text(encoding="utf-8")


def test_with_missing_writes_drafts_and_skeletons_but_never_replaces_a_record(
    tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = write_card(tmp_path, GGUF_CARD)
    (catalog / "licenses").mkdir()
    existing = catalog / "licenses" / "apache-2.0.yaml"
    existing.write_text("# a contributor's record, even if invalid\n", encoding="utf-8")
    code, out, _ = run(
        capsys,
        "--catalog",
        str(catalog),
        "import",
        str(card),
        "--id",
        "packer/Base-7B-GGUF",
        "--write",
        "--with-missing",
    )
    assert code == 0
    assert existing.read_text(encoding="utf-8") == "# a contributor's record, even if invalid\n"
    assert (catalog / "models" / "acme" / "Base-7B.yaml").is_file()
    assert (catalog / "prompt-formats" / "acme-base-7b.yaml").is_file()
    assert "apache-2.0" not in out
    catalog_data, problems = load(catalog)
    assert "packer/Base-7B-GGUF" in catalog_data.quants
    # The card quotes no original card, so the model draft has no summary: its TODO line is
    # the one problem besides the contributor's invalid license file.
    model_text = (catalog / "models" / "acme" / "Base-7B.yaml").read_text(encoding="utf-8")
    todo_line = next(n for n, line in enumerate(model_text.splitlines(), 1) if line.startswith("summary:  # TODO"))
    errors = sorted({(p.path, p.line if p.path.startswith("catalog/models") else 0) for p in problems})
    assert errors == [("catalog/licenses/apache-2.0.yaml", 0), ("catalog/models/acme/Base-7B.yaml", todo_line)]


def test_references_resolve_to_existing_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    text = GGUF_CARD.replace("base_model: acme/Base-7B", "base_model: ACME/base-7b").replace(
        "license: apache-2.0", "license: open-license"
    )
    card = write_card(tmp_path, text)
    result = assemble.assemble(card, "packer/Base-7B-GGUF", catalog)
    data = result.primary.data
    assert data["model"] == "acme/Base-7B"  # the catalog's spelling of an id differing by case
    assert data["prompt_format"] == "chatml"  # the same template as the catalog's chatml
    assert result.missing == []
    code, _, _ = run(capsys, "--catalog", str(catalog), "import", str(card), "--id", "packer/Base-7B-GGUF", "--write")
    assert code == 0
    _, problems = load(catalog)
    assert [p.text() for p in problems if p.severity == "error"] == []


def test_scores_use_the_catalogs_benchmark_and_category_ids(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    card = write_card(
        tmp_path,
        "---\nlicense: open-license\n---\n# Quiz Model\n\n"
        "## Quiz (test)\nSTEM ACC: 50.5\n\nOther ACC: 60.0\n\n**AVERAGE ACC: 55.25**\n",
    )
    data = assemble.assemble(card, "open/Quiz-Model", catalog).primary.data
    assert data["scores"] == [
        {
            "benchmark": "quiz",
            "value": 55.25,
            "split": "test",
            "breakdown": {"stem": 50.5, "other": 60.0},
            "source": {"url": "https://huggingface.co/open/Quiz-Model", "kind": "self-reported"},
        }
    ]


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "not an id"], "is not a Hugging Face repo id"),
        (["--write"], "pass --id"),
    ],
)
def test_usage_errors(
    tmp_path: Path, catalog: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    card = write_card(tmp_path, GGUF_CARD.replace("https://huggingface.co/packer/Base-7B-GGUF/blob/main/", ""))
    code, _, err = run(capsys, "--catalog", str(catalog), "import", str(card), *args)
    assert code == 2 and message in err


def test_missing_card_and_missing_catalog_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "import", str(tmp_path / "nope.md"))
    assert code == 2 and "does not exist" in err
    card = write_card(tmp_path, GGUF_CARD)
    code, _, err = run(
        capsys, "--catalog", str(tmp_path / "no-catalog"), "import", str(card), "--id", "packer/Base-7B-GGUF", "--write"
    )
    assert code == 2 and "catalog folder" in err


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\x00\x01GGUF binary", b"just a sentence without facts\n"])
def test_nothing_usable_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes) -> None:
    path = tmp_path / "card.md"
    path.write_bytes(content)
    code, out, err = run(capsys, "import", str(path))
    assert code == 1 and out == ""
    assert "nothing usable" in err or "binary" in err


def test_a_card_of_too_many_lines_is_refused_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Real cards have a few hundred lines; a file of a million short lines (under the size
    # limit) is refused at once instead of read in several passes.
    path = tmp_path / "card.md"
    path.write_text("---\nlicense: mit\n---\n" + "a\n" * 30_000, encoding="utf-8")
    code, out, err = run(capsys, "import", str(path))
    assert code == 1 and out == ""
    assert "more than 20,000 lines" in err


# --- broken cards: a draft and warnings -------------------------------------------------------


def test_crlf_card_reads_like_lf(tmp_path: Path) -> None:
    lf = assemble.assemble(write_card(tmp_path, GGUF_CARD, "lf.md"), "packer/Base-7B-GGUF")
    crlf = assemble.assemble(write_card(tmp_path, GGUF_CARD, "crlf.md", newline="\r\n"), "packer/Base-7B-GGUF")
    assert crlf.primary.text == lf.primary.text
    assert [d.text for d in crlf.drafts] == [d.text for d in lf.drafts]
    assert "\r" not in crlf.primary.text


def test_card_without_front_matter_still_gives_its_files(tmp_path: Path) -> None:
    body = GGUF_CARD.split("---\n", 2)[2]
    result = assemble.assemble(write_card(tmp_path, body), "packer/Base-7B-GGUF")
    data = result.primary.data
    assert [f["name"] for f in data["files"]] == ["base-7b.Q4_K_M.gguf", "base-7b.Q5_K_M.gguf"]
    assert "model" not in data  # base_model was in the missing front matter: absent, not guessed
    assert "model:  # TODO" in result.primary.text
    assert "quantized_by: packer" in result.primary.text  # the repo owner, with a warning
    text = "\n".join(n.message for n in result.notes)
    assert "no YAML front matter" in text and "quantized_by not stated" in text


def test_front_matter_at_the_end(tmp_path: Path) -> None:
    _, meta, body = GGUF_CARD.split("---\n", 2)
    moved = body + "\n---\n" + meta + "---\n"
    result = assemble.assemble(write_card(tmp_path, moved), "packer/Base-7B-GGUF")
    assert result.primary.data["model"] == "acme/Base-7B"
    assert len(result.primary.data["files"]) == 2
    assert any("at the end of the card" in n.message for n in result.notes)


def test_invalid_yaml_front_matter_is_a_warning(tmp_path: Path) -> None:
    text = GGUF_CARD.replace("license: apache-2.0", "license: [apache-2.0")
    result = assemble.assemble(write_card(tmp_path, text), "packer/Base-7B-GGUF")
    assert len(result.primary.data["files"]) == 2
    bad = [n for n in result.notes if "not valid YAML" in n.message]
    assert bad and bad[0].line >= 2


def test_broken_tables(tmp_path: Path) -> None:
    text = """\
---
quantized_by: packer
base_model: acme/Base-7B
---
## Provided files
| Branch | Bits | GS | Act Order | Size | ExLlama | Desc |
|---|---|---|---|---|---|---|
| main | 4 | 128 | No | 3.90 GB | Yes | 4-bit, without Act Order |
|-------------------------------------------------|
gptq-8bit--1g-actorder_True | 8 | None | Yes | 7.01 GB
| gptq-4bit-32g-actorder_True | 4 | 32g | Yes | 4.28 GB | Yes | too | many | cells |
| broken row | x | y |
"""
    result = assemble.assemble(write_card(tmp_path, text), "packer/Base-7B-GPTQ")
    branches = {f["branch"]: f for f in result.primary.data["files"]}
    assert list(branches) == ["main", "gptq-8bit--1g-actorder_True", "gptq-4bit-32g-actorder_True"]
    assert branches["gptq-8bit--1g-actorder_True"] == {
        "branch": "gptq-8bit--1g-actorder_True",
        "bits": 8,
        "group_size": "none",
        "act_order": True,
        "size": "7.01 GB",
    }
    assert branches["gptq-4bit-32g-actorder_True"]["group_size"] == 32
    text_notes = "\n".join(n.message for n in result.notes)
    assert "ignored the extra cells" in text_notes


def test_html_heavy_card(tmp_path: Path) -> None:
    text = """\
---
license: mit
pipeline_tag: text-generation
---
<div align="center">
<h1>Not a markdown heading</h1>
<img src="https://example.org/logo.png">
<table><tr><td>MMLU</td><td>99.9</td></tr></table>
</div>

# <span id="intro">Tiny Model</span>

<p align="center">🤗 <a href="https://huggingface.co/x">Hugging Face</a> | <a href="https://example.org">Paper</a></p>

Tiny Model is a small language model trained for tests of the card importer. It has no other purpose.
"""
    result = assemble.assemble(write_card(tmp_path, text), "acme/Tiny-Model")
    data = result.primary.data
    assert data["name"] == "Tiny Model"
    assert data["summary"]["en"].startswith("Tiny Model is a small language model")
    assert "scores" not in data  # an HTML table is not read as scores
    assert data["license"] == "mit" and data["pipeline_tag"] == "text-generation"


def test_flattened_front_matter_and_tables(tmp_path: Path) -> None:
    rows = " ".join(f"| Model-{i} | {i}.0 | {i}.5 |" for i in range(80))  # long enough to be a page
    text = (
        "--- license: mit language: en ---\n"
        f"# Acme 7B Acme 7B is a model. ## MMLU results, 5-shot: | Model | Average | STEM | |---|---|---| {rows} "
        "| **Acme-7B** | 42.3 | 35.6 | The end. ## Other things happen here too\n"
    )
    result = assemble.assemble(write_card(tmp_path, text), "acme/Acme-7B")
    data = result.primary.data
    assert data["license"] == "mit"
    assert data["scores"][0]["value"] == 42.3
    assert data["scores"][0]["breakdown"] == {"stem": 35.6}
    assert data["scores"][0]["shots"] == 5


def test_absent_values_stay_absent(tmp_path: Path) -> None:
    text = """\
---
license: other
quantized_by: packer
base_model: acme/Base-7B
---
| Name | Quant method | Bits |
| ---- | ---- | ---- |
| base-7b.Q4_K_M.gguf | Q4_K_M | 4 |
"""
    result = assemble.assemble(write_card(tmp_path, text), "packer/Base-7B-GGUF")
    (entry,) = result.primary.data["files"]
    assert entry == {"name": "base-7b.Q4_K_M.gguf", "method": "Q4_K_M", "bits": 4}
    model = next(d for d in result.drafts if d.kind == "model").data
    assert "license" not in model  # license: other, with no license_name
    assert "prompt_format" not in result.primary.data


def test_no_repo_id_sources_name_the_file(tmp_path: Path) -> None:
    card = write_card(
        tmp_path,
        "---\nlicense: mit\n---\n# Some Model\n\nSome Model is a language model made for this test only.\n",
        "some-card.md",
    )
    result = assemble.assemble(card, None)
    assert result.repo is None
    assert result.primary.id == assemble.PLACEHOLDER
    assert result.primary.data["sources"] == [{"url": "some-card.md", "title": "Model card"}]
    assert any("pass --id" in n.message for n in result.notes)


def test_an_existing_base_model_brings_no_missing_references(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    # acme/Base-7B exists: the datasets the card lists for it are the existing record's business.
    text = GGUF_CARD.replace("language:\n- en\n", "datasets:\n- some/corpus\n")
    result = assemble.assemble(write_card(tmp_path, text), "packer/Base-7B-GGUF", catalog)
    assert ("dataset", "some/corpus") not in result.missing
    # The card's license differs from the catalog model's (base-terms): the quant states its own.
    assert result.primary.data["license"] == "apache-2.0"
    assert any(d.id == "acme/Base-7B" for d in result.drafts)  # still drafted, for comparison


# --- any text at all: a draft or a clear refusal, never an exception --------------------------

_PIECES = st.sampled_from(
    [
        "---\n",
        "license: mit\n",
        "base_model: a/b\n",
        "prompt_template: '{prompt}'\n",
        "model-index:\n- name: x\n",
        "# Title\n",
        "## Provided files\n",
        "## Prompt template: X\n",
        "## MMLU\n",
        "AVERAGE ACC: 61.2\n",
        "| Name | Quant method | Bits | Size |\n",
        "| --- | --- | --- | --- |\n",
        "| a.Q4_K_M.gguf | Q4_K_M | 4 | 4 GB |\n",
        "| Branch | Bits | GS |\n",
        "| main | 4 | None |\n",
        "|---|\n",
        "```\n",
        "{prompt}\n",
        "<div>\n",
        "\r\n",
        "[x](https://huggingface.co/a/b/blob/main/c.gguf)\n",
        "\n",
        "| | 5-shot |\n",
        "MMLU - stem ACC: 1 AVERAGE ACC: 2\n",
    ]
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40))
def test_any_card_text_gives_a_draft_or_nothing(tmp_path_factory: pytest.TempPathFactory, pieces: list[str]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "README.md"
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    try:
        result = assemble.assemble(path, "org/model-GGUF" if len(pieces) % 2 else None)
    except assemble.cards.CardError:
        return
    assert result.primary.text.startswith("# yaml-language-server: $schema=")
