"""Valid records to break one rule at a time, and a minimal valid catalog to put them in.

Each ``valid_<kind>(**overrides)`` returns the YAML text of a record that passes every
check, with the right schema comment on its first line. An override replaces a field in
place (so line numbers of the other fields do not move), ``DROP`` removes it, and a new
name is appended at the end. ``Raw("...")`` is written verbatim, for values whose exact
spelling matters (``no``, ``1.10``, flow lists).

>>> valid_license(commercial_use="maybe").splitlines()[4]
'commercial_use: maybe'

``write_catalog(tmp_path, {path: text})`` writes the baseline catalog (see ``BASELINE``)
under ``tmp_path/catalog`` with the given files replaced, added, or (``None``) removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Raw:
    """A value written into the YAML exactly as given."""

    text: str


#: Marks a field to remove from the record.
DROP: Any = object()

_SCHEMA_LINE = "# yaml-language-server: $schema={up}schema/{kind}.schema.json"


def schema_line(kind: str, depth: int) -> str:
    """The first line a record of ``kind`` at ``depth`` folders below its kind folder needs.

    >>> schema_line("model", 2)
    '# yaml-language-server: $schema=../../schema/model.schema.json'
    """
    return _SCHEMA_LINE.format(up="../" * depth, kind=kind)


# --- a small emitter whose layout tests can count lines in ------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    try:
        plain_ok = "\n" not in text and yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _lines(value: Any, indent: int) -> list[str]:
    """Block-style YAML lines for a mapping or list, every item on its own line."""
    pad = " " * indent
    out: list[str] = []
    items = value.items() if isinstance(value, Mapping) else [(None, v) for v in value]
    for key, item in items:
        lead = f"{pad}{key}:" if key is not None else f"{pad}-"
        if isinstance(item, (Mapping, list)) and item:
            if key is None and isinstance(item, Mapping):
                # "- first: value" then the other fields under it.
                inner = _lines(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(lead)
                out.extend(_lines(item, indent + 2))
        elif isinstance(item, Mapping):
            out.append(f"{lead} {{}}")
        elif isinstance(item, list):
            out.append(f"{lead} []")
        else:
            out.append(f"{lead} {_scalar(item)}")
    return out


def render(kind: str, depth: int, data: Mapping[str, Any]) -> str:
    """A record's text: the schema line, then ``data`` as block YAML."""
    return "\n".join([schema_line(kind, depth), *_lines(data, 0)]) + "\n"


def _apply(base: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in overrides.items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# --- record parts -----------------------------------------------------------------------


def text(en: str = "Some text.", **more: Any) -> dict[str, Any]:
    """A Text value: ``{en: ...}`` plus any of zh, zh_source."""
    return {"en": en, **more}


def source(url: str = "https://huggingface.co/open/Chat-7B", **more: Any) -> dict[str, Any]:
    return {"url": url, **more}


def score_data(**overrides: Any) -> dict[str, Any]:
    """A valid score on the baseline benchmark ``quiz`` (0 to 100, categories stem, other)."""
    base = {
        "benchmark": "quiz",
        "value": 55.25,
        "shots": 5,
        "split": "test",
        "breakdown": {"stem": 50.5, "other": 60.0},
        "source": {"url": "https://huggingface.co/open/Chat-7B", "kind": "self-reported"},
    }
    return _apply(base, overrides)


def gguf_file(**overrides: Any) -> dict[str, Any]:
    base = {"name": "chat-7b.Q4_K_M.gguf", "method": "Q4_K_M", "bits": 4, "size": "4.77 GB"}
    return _apply(base, overrides)


def gptq_branch(**overrides: Any) -> dict[str, Any]:
    base = {
        "branch": "main",
        "bits": 4,
        "group_size": 128,
        "act_order": False,
        "calibration_dataset": "wikitext",
        "size": "3.90 GB",
    }
    return _apply(base, overrides)


# --- records ----------------------------------------------------------------------------


def model_data(**overrides: Any) -> dict[str, Any]:
    """The data of the baseline model ``open/Chat-7B`` (line numbers in the module doc)."""
    base = {
        "name": "Open Chat 7B",  # line 2
        "creator": "Open",  # 3
        "url": "https://huggingface.co/open/Chat-7B",  # 4
        "license": "open-license",  # 5
        "base_models": [{"id": "acme/Base-7B", "relation": "finetune"}],  # 6-8
        "architecture": "llama",  # 9
        "parameters": "7B",  # 10
        "context_length": 4096,  # 11
        "languages": ["en", "zh"],  # 12-14
        "datasets": ["wikitext"],  # 15-16
        "prompt_format": "chatml",  # 17
        "summary": text("A chat model fine-tuned from Acme Base 7B."),  # 18-19
        "scores": [score_data()],  # 20-30
        "sources": [source(title="Model card")],  # 31-33
    }
    return _apply(base, overrides)


def valid_model(**overrides: Any) -> str:
    """A valid model record (``catalog/models/open/Chat-7B.yaml`` in the baseline).

    Lines: 2 name, 3 creator, 4 url, 5 license, 6 base_models (7 ``- id``, 8 relation),
    9 architecture, 10 parameters, 11 context_length, 12 languages (13 en, 14 zh),
    15 datasets (16 wikitext), 17 prompt_format, 18 summary (19 en), 20 scores
    (21 benchmark, 22 value, 23 shots, 24 split, 25 breakdown, 26 stem, 27 other,
    28 source, 29 url, 30 kind), 31 sources (32 url, 33 title); new fields from 34.
    """
    return render("model", 2, model_data(**overrides))


def base_model_data(**overrides: Any) -> dict[str, Any]:
    """The data of the baseline model ``acme/Base-7B``, which has no base model."""
    base = {
        "name": "Acme Base 7B",
        "creator": "Acme",
        "url": "https://huggingface.co/acme/Base-7B",
        "license": "open-license",
        "summary": text("A base model."),
        "sources": [source("https://huggingface.co/acme/Base-7B")],
    }
    return _apply(base, overrides)


def valid_base_model(**overrides: Any) -> str:
    """``catalog/models/acme/Base-7B.yaml``: 2 name, 3 creator, 4 url, 5 license, 6 summary."""
    return render("model", 2, base_model_data(**overrides))


def valid_gguf_quant(**overrides: Any) -> str:
    """A valid GGUF repository (``catalog/quants/packer/Chat-7B-GGUF.yaml``).

    Lines: 2 model, 3 format, 4 quantized_by, 5 url, 6 compatibility (7 client,
    8 min_version), 9 files (10 name, 11 method, 12 bits, 13 size), 14 sources (15 url).
    """
    base = {
        "model": "open/Chat-7B",
        "format": "gguf",
        "quantized_by": "packer",
        "url": "https://huggingface.co/packer/Chat-7B-GGUF",
        "compatibility": [{"client": "llama.cpp", "min_version": "d0cee0d"}],
        "files": [gguf_file()],
        "sources": [source("https://huggingface.co/packer/Chat-7B-GGUF")],
    }
    return render("quant", 2, _apply(base, overrides))


def valid_gptq_quant(**overrides: Any) -> str:
    """A valid GPTQ repository (``catalog/quants/packer/Chat-7B-GPTQ.yaml``).

    Lines: 2 model, 3 format, 4 quantized_by, 5 url, 6 files (7 branch, 8 bits,
    9 group_size, 10 act_order, 11 calibration_dataset, 12 size), 13 sources (14 url).
    """
    base = {
        "model": "open/Chat-7B",
        "format": "gptq",
        "quantized_by": "packer",
        "url": "https://huggingface.co/packer/Chat-7B-GPTQ",
        "files": [gptq_branch()],
        "sources": [source("https://huggingface.co/packer/Chat-7B-GPTQ")],
    }
    return render("quant", 2, _apply(base, overrides))


def valid_dataset(depth: int = 1, **overrides: Any) -> str:
    """A valid dataset (``catalog/datasets/wikitext.yaml``): 2 name, 3 url, 4 languages."""
    base = {
        "name": "WikiText",
        "url": "https://huggingface.co/datasets/wikitext",
        "languages": ["en"],
        "sources": [source("https://huggingface.co/datasets/wikitext")],
    }
    return render("dataset", depth, _apply(base, overrides))


def valid_license(**overrides: Any) -> str:
    """A valid license (``catalog/licenses/open-license.yaml``).

    Lines: 2 name, 3 url, 4 spdx, 5 commercial_use, 6 attribution, 7 copyleft, 8 summary.
    """
    base = {
        "name": "Open License",
        "url": "https://example.org/open-license",
        "spdx": "MIT",
        "commercial_use": "allowed",
        "attribution": True,
        "copyleft": False,
        "summary": text("A permissive license for tests."),
        "sources": [source("https://example.org/open-license")],
    }
    return render("license", 1, _apply(base, overrides))


def valid_benchmark(**overrides: Any) -> str:
    """A valid benchmark (``catalog/benchmarks/quiz.yaml``), range 0 to 100.

    Lines: 2 name, 3 url, 4 metric, 5 range (6 min, 7 max), 8 higher_is_better,
    9 categories (10 id stem, 11 name, 12 en, 13 id other, 14 name, 15 en), 16 description.
    """
    base = {
        "name": "Quiz",
        "url": "https://example.org/quiz",
        "metric": "accuracy",
        "range": {"min": 0, "max": 100},
        "higher_is_better": True,
        "categories": [
            {"id": "stem", "name": text("STEM")},
            {"id": "other", "name": text("Other")},
        ],
        "description": text("A multiple-choice quiz."),
        "sources": [source("https://example.org/quiz")],
    }
    return render("benchmark", 1, _apply(base, overrides))


def valid_prompt_format(**overrides: Any) -> str:
    """A valid prompt format (``catalog/prompt-formats/chatml.yaml``): 2 name, 3 template."""
    base = {
        "name": "ChatML",
        "template": "<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n",
        "stop": ["<|im_end|>"],
        "sources": [source("https://example.org/chatml")],
    }
    return render("prompt-format", 1, _apply(base, overrides))


def with_line(record: str, after: str, new_line: str) -> str:
    r"""``record`` with ``new_line`` inserted after the first line starting with ``after``.

    For text the factory cannot emit, such as a duplicate key:

    >>> with_line("a: 1\nb: 2\n", "a:", "a: 3")
    'a: 1\na: 3\nb: 2\n'
    """
    lines = record.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(after))
    return "\n".join([*lines[: index + 1], new_line, *lines[index + 1 :]])


# --- the baseline catalog ---------------------------------------------------------------

MODEL = "models/open/Chat-7B.yaml"
BASE_MODEL = "models/acme/Base-7B.yaml"
GGUF = "quants/packer/Chat-7B-GGUF.yaml"
GPTQ = "quants/packer/Chat-7B-GPTQ.yaml"
DATASET = "datasets/wikitext.yaml"
LICENSE = "licenses/open-license.yaml"
BENCHMARK = "benchmarks/quiz.yaml"
PROMPT_FORMAT = "prompt-formats/chatml.yaml"


def baseline() -> dict[str, str]:
    """Relative path (under catalog/) to text of every file in the minimal valid catalog."""
    return {
        LICENSE: valid_license(),
        BENCHMARK: valid_benchmark(),
        DATASET: valid_dataset(),
        PROMPT_FORMAT: valid_prompt_format(),
        BASE_MODEL: valid_base_model(),
        MODEL: valid_model(),
        GGUF: valid_gguf_quant(),
        GPTQ: valid_gptq_quant(),
    }


def write_catalog(tmp_path: Path, files: Mapping[str, str | bytes | None] | None = None) -> Path:
    """Write the baseline catalog under ``tmp_path/catalog`` with ``files`` applied; return it.

    A value of ``None`` removes that baseline file; bytes are written as they are. For
    example ``write_catalog(tmp_path, {LICENSE: None})`` leaves the models' license dangling.
    """
    root = tmp_path / "catalog"
    merged: dict[str, str | bytes | None] = {**baseline(), **(files or {})}
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
    return root
