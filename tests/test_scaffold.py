"""``python -m generator new``: record skeletons that explain every field and fail only at TODOs.

The contract a skeleton keeps (see generator/scaffold.py):
* loaded as written, the validator reports an error on every line marked ``# TODO`` and on
  no other line: values that follow from the id are filled in and valid;
* with each TODO replaced by a plausible value, the record passes every check, alone and
  inside a catalog;
* every field of the kind appears, active or commented out, with a comment saying what it
  means, taken from the schema's description where the schema has one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import scaffold
from generator.cli import main
from generator.pipeline import load
from generator.read import read_record
from generator.read.discover import discover
from generator.schema import quants
from generator.schema import records as schema
from generator.schema.kinds import BY_NAME, KINDS

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

#: One skeleton per kind and quant format, with an id of the kind's shape.
CASES = [
    ("model", "CausalLM/7B", None),
    ("quant", "TheBloke/CausalLM-7B-GGUF", None),
    ("quant", "TheBloke/CausalLM-7B-GGML", None),
    ("quant", "TheBloke/CausalLM-7B-GPTQ", None),
    ("quant", "TheBloke/CausalLM-7B-AWQ", None),
    ("quant", "someone/weights", "fp16"),
    ("quant", "turbo/CausalLM-7B-exl2", None),
    ("quant", "mlx-community/CausalLM-7B-4bit", "mlx"),
    ("dataset", "wikitext", None),
    ("dataset", "Open-Orca/OpenOrca", None),
    ("license", "apache-2.0", None),
    ("benchmark", "mmlu", None),
    ("prompt-format", "chatml", None),
]
IDS = [f"{k}:{i}" for k, i, _ in CASES]

#: A value for each field a skeleton leaves as TODO (mini-catalog ids where it references).
FILL = {
    "name": "Some name",
    "creator": "Someone",
    "en": "What the source says.",
    "model": "open/Chat-7B",
    "quantized_by": "packer",
    "url": "https://example.org/page",
    "commercial_use": "allowed",
    "attribution": "true",
    "copyleft": "false",
    "metric": "accuracy",
    "min": "0",
    "max": "100",
    "higher_is_better": "true",
    "template": '"<|user|>{prompt}"',
}
_TODO_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+):  # TODO: .*$")


def _write(root: Path, kind: str, record_id: str, fmt: str | None, text: str | None = None) -> Path:
    path = scaffold.write_new(root, kind, record_id, fmt=fmt, force=text is not None)
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return path


def _problems_of(root: Path, kind: str, record_id: str) -> list:
    entries, problems = discover(root)
    assert not problems
    (entry,) = [e for e in entries if e.kind.name == kind and e.id == record_id]
    return read_record(entry)[1]


def _fill(text: str) -> str:
    out = []
    for line in text.splitlines():
        match = _TODO_LINE.match(line)
        if match:
            assert match.group(2) in FILL, f"no test value for the TODO field {match.group(2)!r}"
            line = f"{match.group(1)}{match.group(2)}: {FILL[match.group(2)]}"
        out.append(line)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize(("kind", "record_id", "fmt"), CASES, ids=IDS)
def test_skeleton_fails_exactly_at_its_todo_lines(tmp_path: Path, kind: str, record_id: str, fmt: str | None) -> None:
    root = tmp_path / "catalog"
    root.mkdir()
    text = _write(root, kind, record_id, fmt).read_text(encoding="utf-8")
    todo = scaffold.todo_lines(text)
    assert todo, "every kind has facts only a source can give"
    problems = _problems_of(root, kind, record_id)
    assert problems, "an unfilled skeleton must not pass"
    assert {p.line for p in problems} == set(todo), "\n".join(p.text() for p in problems)
    lines = text.splitlines()
    for p in problems:
        key = lines[p.line - 1].strip().removeprefix("- ").split(":")[0]
        assert p.field.split(".")[-1].split("[")[0] == key, p.text()


@pytest.mark.parametrize(("kind", "record_id", "fmt"), CASES, ids=IDS)
def test_filled_skeleton_passes_alone_and_in_a_catalog(
    tmp_path: Path, kind: str, record_id: str, fmt: str | None
) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(MINI, root)
    text = scaffold.skeleton(kind, record_id, fmt=fmt)
    filled = _fill(text)
    assert scaffold.todo_lines(filled) == []
    _write(root, kind, record_id, fmt, filled)
    assert [p.text() for p in _problems_of(root, kind, record_id)] == []
    _, problems = load(root)
    assert [p.text() for p in problems] == []


@pytest.mark.parametrize(("kind", "record_id", "fmt"), CASES, ids=IDS)
def test_first_line_points_at_the_schema_for_the_depth(kind: str, record_id: str, fmt: str | None) -> None:
    first = scaffold.skeleton(kind, record_id, fmt=fmt).splitlines()[0]
    up = "../" * (record_id.count("/") + 1)
    assert first == f"# yaml-language-server: $schema={up}schema/{BY_NAME[kind].schema_file}"


def _uncommented(text: str) -> dict:
    """The skeleton with every commented-out field line uncommented, parsed as YAML."""
    lines = [re.sub(r"^(\s*)# ((?:- )?[a-z_]+:)", r"\1\2", line) for line in text.splitlines()]
    return yaml.safe_load("\n".join(lines))


def _model_class(kind: str, fmt: str | None) -> type[schema.Strict]:
    if kind != "quant":
        return BY_NAME[kind].type
    return quants.BY_FORMAT[fmt or ""].repo


@pytest.mark.parametrize(("kind", "record_id", "fmt"), CASES, ids=IDS)
def test_every_field_is_there_with_its_meaning(kind: str, record_id: str, fmt: str | None) -> None:
    fmt = scaffold.quant_format(record_id, fmt) if kind == "quant" else None
    text = scaffold.skeleton(kind, record_id, fmt=fmt)
    cls = _model_class(kind, fmt)
    # Uncommented, the sketches are well-formed YAML holding every field of the kind.
    assert set(_uncommented(text)) == set(cls.model_fields)
    field_line = re.compile(r"^\s*(?:# )?(?:- )?([a-z_]+):")
    for line in text.splitlines()[5:]:
        if field_line.match(line):
            assert re.search(r"\S  # \S", line) or re.search(r":  # \S", line), f"no explanation: {line!r}"
    top = [line for line in text.splitlines() if not line.startswith(" ")]
    by_key = {m.group(1): line for line in top if (m := field_line.match(line))}
    for name, info in cls.model_fields.items():
        if info.description:  # taken from schema.py, word for word
            assert " ".join(info.description.split()) in by_key[name]


def test_placeholders_from_the_id_are_facts_of_the_id() -> None:
    model = yaml.safe_load(scaffold.skeleton("model", "CausalLM/7B"))
    assert model["url"] == "https://huggingface.co/CausalLM/7B"
    assert model["sources"] == [{"url": "https://huggingface.co/CausalLM/7B", "title": "Model card"}]
    assert model["name"] is None and model["creator"] is None  # not guessed
    dataset = yaml.safe_load(scaffold.skeleton("dataset", "Open-Orca/OpenOrca"))
    assert dataset["url"] == "https://huggingface.co/datasets/Open-Orca/OpenOrca"
    license_ = yaml.safe_load(scaffold.skeleton("license", "apache-2.0"))
    assert license_["url"] is None and license_["sources"] == [{"url": None}]


@pytest.mark.parametrize(
    ("record_id", "fmt"),
    [("a/Thing-GGUF", "gguf"), ("a/thing-gptq", "gptq"), ("a/Thing-AWQ", "awq"), ("a/Thing-GGML", "ggml"),
     ("a/Thing-fp16", "fp16")],
)
def test_quant_format_comes_from_the_name(record_id: str, fmt: str) -> None:
    assert yaml.safe_load(scaffold.skeleton("quant", record_id))["format"] == fmt
    assert yaml.safe_load(scaffold.skeleton("quant", record_id, fmt="awq"))["format"] == "awq"


@pytest.mark.parametrize(
    ("kind", "record_id", "fmt", "message"),
    [
        ("model", "CausalLM", None, "'CausalLM' is not a model id: expected 'org/name'"),
        ("model", "a/b/c", None, "expected 'org/name'"),
        ("model", "bad--id/x", None, "not a Hugging Face repo id"),
        ("model", "org/name with space", None, "not a Hugging Face repo id"),
        ("model", "../etc/passwd", None, "not a model id"),
        ("model", "../passwd", None, "not a Hugging Face repo id"),
        ("license", "Apache-2.0", None, "expected lower-case letters"),
        ("license", "nul", None, "reserved file name on Windows"),
        ("dataset", "a/b/c", None, "expected 'name' or 'org/name'"),
        ("benchmark", "", None, "not an id"),
        ("quant", "a/weights", None, "pass --format"),
        ("model", "a/b", "gguf", "--format applies to quants only"),
        ("quant", "a/b", "safetensors", "not a quant format"),
        ("widget", "a", None, "unknown kind 'widget'"),
    ],
)
def test_bad_ids_are_refused_with_the_reason(kind: str, record_id: str, fmt: str | None, message: str) -> None:
    with pytest.raises(scaffold.ScaffoldError, match=re.escape(message)):
        scaffold.skeleton(kind, record_id, fmt=fmt)


def test_cli_writes_refuses_existing_and_forces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "catalog"
    root.mkdir()
    args = ["--catalog", str(root), "new", "model", "CausalLM/7B"]
    assert main(args) == 0
    path = root / "models" / "CausalLM" / "7B.yaml"
    assert path.read_text(encoding="utf-8") == scaffold.skeleton("model", "CausalLM/7B")
    assert "fill in its 3 TODO fields" in capsys.readouterr().out

    path.write_text("edited\n", encoding="utf-8")
    assert main(args) == 1
    assert "already exists; edit it, or pass --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "edited\n"
    assert main([*args, "--force"]) == 0
    assert path.read_text(encoding="utf-8") == scaffold.skeleton("model", "CausalLM/7B")

    assert main(["--catalog", str(root), "new", "model", "causallm/7b"]) == 1
    assert "differs only by case" in capsys.readouterr().err
    assert not (root / "models" / "causallm").exists()


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "catalog"
    root.mkdir()
    assert main(["--catalog", str(root), "new", "model", "nope"]) == 1
    assert "error: 'nope' is not a model id" in capsys.readouterr().err
    assert list(root.iterdir()) == []
    assert main(["--catalog", str(root), "new", "widget", "a"]) == 2
    assert main(["--catalog", str(tmp_path / "missing"), "new", "license", "mit"]) == 2
    assert main(["--catalog", str(root), "new", "quant", "a/b", "--format", "gptq"]) == 0
    assert yaml.safe_load((root / "quants" / "a" / "b.yaml").read_text(encoding="utf-8"))["format"] == "gptq"


def test_every_kind_is_covered() -> None:
    assert {k for k, _, _ in CASES} == {k.name for k in KINDS}
    assert {scaffold.quant_format(i, f) for k, i, f in CASES if k == "quant"} == set(quants.QUANT_FORMATS)
