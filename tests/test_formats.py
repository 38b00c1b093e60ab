"""The quant-format registry (``generator/schema/quants.py``) and the formats it adds.

Adding a format is a record class, a registry entry and its UI strings: these tests hold
every entry to that (its columns name real fields and real strings in every language) and
check the validator rules EXL2 and MLX repositories get from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import languages
from generator.pipeline import load
from generator.render import strings
from generator.schema import quants
from tests.factory import render, source, write_catalog

EXL2 = "quants/packer/Chat-7B-exl2.yaml"
MLX = "quants/packer/Chat-7B-mlx.yaml"


@pytest.mark.parametrize("fmt", quants.FORMATS, ids=lambda f: f.name)
def test_registry_entry_is_complete(fmt: quants.QuantFormat) -> None:
    entry_fields = fmt.entry.model_fields
    assert fmt.entry_key in entry_fields, f"{fmt.name}: entries are named by a field they do not have"
    assert fmt.name in fmt.repo.model_fields["format"].annotation.__args__
    for column in fmt.columns:
        assert column.field in entry_fields, f"{fmt.name}: column {column.field!r} is not a field of {fmt.entry.__name__}"
    for lang in languages.codes():
        table = strings.table(lang)
        for key in [fmt.intro_key, *(c.header for c in fmt.columns)]:
            assert table.get(key), f"{fmt.name}: no {lang} UI string {key!r}"
        assert "{model}" in table[fmt.intro_key]
    assert all(s == s.lower() and s.startswith("-") for s in fmt.suffixes)
    # Where its files run, for the hardware fit: RAM, VRAM or both.
    assert fmt.memory and set(fmt.memory) <= {"ram", "vram"} and len(set(fmt.memory)) == len(fmt.memory)


def test_names_announce_formats() -> None:
    assert quants.format_of("TheBloke/Llama-2-7B-GGUF").name == "gguf"  # type: ignore[union-attr]
    assert quants.format_of("turboderp/Llama-3-8B-Instruct-exl2").name == "exl2"  # type: ignore[union-attr]
    assert quants.format_of("someone/Model-MLX").name == "mlx"  # type: ignore[union-attr]
    assert quants.format_of("unsloth/llama-3-8b-bnb-4bit") is None


def _exl2(**files: Any) -> str:
    branch = {"branch": "6_5", "bits": 6.5, "head_bits": 8, "calibration_dataset": "wikitext", "calibration_length": 2048,
              "vram": [{"context": 4096, "size": "7.2 GB"}], **files}
    data = {
        "model": "open/Chat-7B",
        "format": "exl2",
        "quantized_by": "packer",
        "url": "https://huggingface.co/packer/Chat-7B-exl2",
        "files": [branch],
        "sources": [source("https://huggingface.co/packer/Chat-7B-exl2")],
    }
    return render("quant", 2, data)


def _mlx(**files: Any) -> str:
    data = {
        "model": "open/Chat-7B",
        "format": "mlx",
        "quantized_by": "packer",
        "url": "https://huggingface.co/packer/Chat-7B-mlx",
        "files": [{"branch": "main", "bits": 4, "group_size": 64, **files}],
        "sources": [source("https://huggingface.co/packer/Chat-7B-mlx")],
    }
    return render("quant", 2, data)


def _problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    _, found = load(write_catalog(tmp_path, files))
    return [f"{p.path.removeprefix('catalog/')}:{p.line}: {p.field}: {p.message}" for p in found]


def test_valid_exl2_and_mlx_repositories(tmp_path: Path) -> None:
    catalog, found = load(write_catalog(tmp_path, {EXL2: _exl2(), MLX: _mlx()}))
    assert found == []
    exl2 = catalog.quants["packer/Chat-7B-exl2"]
    assert exl2.files[0].bits == 6.5 and exl2.files[0].vram[0].size == 7_200_000_000
    assert catalog.quants["packer/Chat-7B-mlx"].files[0].group_size == 64


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param({EXL2: _exl2(bits=0.5)}, f"{EXL2}:8: files[0].bits: must be at least 1, got the number 0.5", id="exl2-bits"),
        pytest.param({EXL2: _exl2(head_bits="8")}, f"{EXL2}:9: files[0].head_bits: expected a whole number, got '8'", id="exl2-head-bits"),
        pytest.param({EXL2: _exl2(vram=[{"context": 4096}])}, f"{EXL2}:13: files[0].vram[0].size: required field 'size' is missing", id="exl2-vram"),
        pytest.param(
            {EXL2: _exl2(calibration_dataset="pippa")},
            f"{EXL2}:10: files[0].calibration_dataset: dataset 'pippa' does not exist: there is no catalog/datasets/pippa.yaml; add that record or correct the id",
            id="exl2-calibration",
        ),
        pytest.param({MLX: _mlx(group_size="none")}, f"{MLX}:9: files[0].group_size: expected a whole number, got 'none'", id="mlx-group"),
        pytest.param({MLX: _mlx(act_order=True)}, f"{MLX}:10: files[0].act_order: unknown field 'act_order'; allowed fields: bits, branch, group_size, note, size, url", id="mlx-unknown"),
    ],
)
def test_rules(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    assert _problems(tmp_path, files) == [expected]


def test_a_branch_is_listed_once(tmp_path: Path) -> None:
    text = _exl2()
    doubled = text.replace("sources:", "  - branch: '6_5'\n    bits: 5.0\nsources:")
    assert _problems(tmp_path, {EXL2: doubled}) == [
        f"{EXL2}:15: files[1].branch: '6_5' is listed twice (first at files[0])"
    ]
