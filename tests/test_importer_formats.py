"""The importer on EXL2 and MLX cards (fixtures written in the style of the common repos:
tests/fixtures/cards/SOURCES.tsv): the format from the card, every branch with what the card
states, nothing it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.importer import assemble
from generator.schema import quants

REPO = Path(__file__).resolve().parents[1]
WRITTEN = REPO / "tests" / "fixtures" / "cards" / "written"


def _draft(card: str, repo: str) -> dict:
    result = assemble.assemble(WRITTEN / card, repo, REPO / "tests" / "fixtures" / "mini" / "catalog")
    assert result.primary.kind == "quant"
    return result.primary.data


def test_an_exl2_branch_table() -> None:
    data = _draft("exl2-branch-table.md", "packer/Mistral-7B-Instruct-v0.2-exl2")
    assert data["format"] == "exl2" and data["model"] == "mistralai/Mistral-7B-Instruct-v0.2"
    assert [(f["branch"], f["bits"], f.get("head_bits")) for f in data["files"]] == [
        ("8_0", 8.0, 8), ("6_5", 6.5, 8), ("5_0", 5.0, 6), ("4_25", 4.25, 6), ("3_5", 3.5, 6)
    ]
    first = data["files"][0]
    assert first["url"] == "https://huggingface.co/packer/Mistral-7B-Instruct-v0.2-exl2/tree/8_0"
    assert first["vram"] == [
        {"context": 4096, "size": "8.4 GB"}, {"context": 16384, "size": "9.8 GB"}, {"context": 32768, "size": "11.8 GB"}
    ]
    assert data["files"][1]["description"].endswith("recommended.")
    assert "calibration_dataset" not in first and "size" not in first  # the card does not state them


def test_exl2_branches_listed_as_links_with_the_command_line() -> None:
    data = _draft("exl2-branch-links.md", "turbo/Llama-3-8B-Instruct-exl2")
    assert data["format"] == "exl2" and data["model"] == "meta-llama/Meta-Llama-3-8B-Instruct"
    assert [(f["branch"], f["bits"]) for f in data["files"]] == [("2.5bpw", 2.5), ("3.0bpw", 3.0), ("4.0bpw", 4.0), ("6.0bpw", 6.0)]
    assert {(f["calibration_dataset"], f["calibration_length"]) for f in data["files"]} == {("wikitext-2-v1", 2048)}
    assert "head_bits" not in data["files"][0]


def test_an_exl2_repository_of_one_setting_is_read_from_its_id() -> None:
    from generator.importer import exl2

    assert exl2.from_name("someone/Model-4.65bpw-h6-exl2") == [{"branch": "main", "bits": 4.65, "head_bits": 6}]
    assert exl2.from_name("someone/Model-exl2") == []


def test_an_mlx_card() -> None:
    data = _draft("mlx-community.md", "mlx-community/Mistral-7B-Instruct-v0.2-4bit")
    assert data["format"] == "mlx" and data["model"] == "mistralai/Mistral-7B-Instruct-v0.2"
    assert data["files"] == [{"branch": "main", "bits": 4, "group_size": 64}]
    assert data["compatibility"] == [{"client": "mlx-lm", "note": {"en": "The weights were converted with mlx-lm 0.12.1."}}]


@pytest.mark.parametrize(("tags", "expected"), [(["mlx"], "mlx"), (["exl2", "text-generation"], "exl2"), (["gguf"], "gguf"), (["gguf", "gptq"], None), ([], None)])
def test_card_tags_announce_a_format(tags: list[str], expected: str | None) -> None:
    found = quants.format_of_tags(tags)
    assert (found.name if found else None) == expected


def test_the_drafts_validate(tmp_path: Path) -> None:
    """Written with the records they name (--with-missing drafts), the drafts pass the validator
    but for the skeletons' TODO lines."""
    import shutil

    from generator.cli import main
    from generator.pipeline import load

    catalog = tmp_path / "catalog"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini" / "catalog", catalog)
    for card, repo in [("exl2-branch-table.md", "packer/Mistral-7B-Instruct-v0.2-exl2"),
                       ("mlx-community.md", "mlx-community/Mistral-7B-Instruct-v0.2-4bit")]:
        assert main(["--catalog", str(catalog), "import", str(WRITTEN / card), "--id", repo, "--write", "--with-missing"]) == 0
    _, problems = load(catalog)
    quant_problems = [p for p in problems if p.path.startswith("catalog/quants/")]
    assert quant_problems == [], [p.text() for p in quant_problems]
