"""The editor schemas under catalog/schema/ match the models, and the real catalog obeys both.

The JSON Schema files are generated from ``generator/schema/records.py`` and committed so
editors can complete and check fields; these tests fail, naming the fix, when they drift.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import load
from generator.read import files
from generator.read.yamlsource import decode, parse
from generator.schema import jsonschema as editor_schema
from tests.factory import (
    DROP,
    baseline,
    gguf_file,
    gptq_branch,
    valid_gguf_quant,
    valid_gptq_quant,
    valid_license,
    valid_model,
)

REPO = Path(__file__).resolve().parents[1]
CATALOG = REPO / "catalog"
SCHEMA_DIR = CATALOG / "schema"
# Written out here rather than taken from generator.catalog.kinds, so a wrong registry fails.
KIND_OF_FOLDER = {
    "models": "model",
    "quants": "quant",
    "datasets": "dataset",
    "licenses": "license",
    "benchmarks": "benchmark",
    "prompt-formats": "prompt-format",
}


def record_files(root: Path) -> list[tuple[str, str, int]]:
    """(path relative to ``root``, kind, folders between ``root`` and the file) per record.

    The last number is how many ``../`` lead from the file back to ``root``.
    """
    out = []
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        if rel.parts[0] in KIND_OF_FOLDER:
            out.append((rel.as_posix(), KIND_OF_FOLDER[rel.parts[0]], len(rel.parts) - 1))
    return out


def expected_first_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json"


def test_committed_schemas_match_the_models() -> None:
    stale = files.stale(SCHEMA_DIR, editor_schema.files())
    assert not stale, (
        f"catalog/schema/ is out of date ({', '.join(stale)}): run `make schema` "
        "(python -m generator schema) and commit the result"
    )


def test_schema_folder_holds_exactly_one_schema_per_kind() -> None:
    names = sorted(p.name for p in SCHEMA_DIR.iterdir())
    assert names == sorted(f"{kind}.schema.json" for kind in KIND_OF_FOLDER.values())


def test_real_catalog_has_records_of_every_kind() -> None:
    kinds = {kind for _, kind, _ in record_files(CATALOG)}
    assert kinds == set(KIND_OF_FOLDER.values()), (
        f"catalog/ has no records of: {', '.join(sorted(set(KIND_OF_FOLDER.values()) - kinds))}"
    )


def test_every_record_starts_with_its_schema_line() -> None:
    wrong = []
    for rel, kind, depth in record_files(CATALOG):
        first = (CATALOG / rel).read_text(encoding="utf-8").split("\n", 1)[0].rstrip("\r")
        expected = expected_first_line(kind, depth)
        if first != expected:
            wrong.append(f"catalog/{rel}: first line is {first!r}, expected {expected!r}")
    assert wrong == []


def test_real_catalog_validates() -> None:
    catalog, problems = load(CATALOG)
    assert [p.text() for p in problems] == []
    assert catalog.files == len(record_files(CATALOG))


# --- the editor's JSON Schema agrees with the validator ------------------------------------


def _validator(kind: str) -> Any:
    jsonschema = pytest.importorskip(
        "jsonschema",
        reason="the jsonschema package is not installed: cannot check the editor schemas",
    )
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _schema_errors(kind: str, text: str) -> list[str]:
    # Read the way the validator reads (dates stay text, positions kept), not yaml.safe_load.
    data = parse(text).data
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message[:160]}"
        for e in _validator(kind).iter_errors(data)
    )


def test_real_records_satisfy_their_json_schema() -> None:
    failures = []
    for rel, kind, _ in record_files(CATALOG):
        text, issue = decode((CATALOG / rel).read_bytes())
        assert text is not None, f"catalog/{rel}: {issue}"
        failures += [f"catalog/{rel}: {error}" for error in _schema_errors(kind, text)]
    assert failures == []


def test_factory_records_satisfy_their_json_schema() -> None:
    failures = []
    for rel, text in baseline().items():
        kind = KIND_OF_FOLDER[rel.split("/")[0]]
        failures += [f"{rel}: {error}" for error in _schema_errors(kind, text)]
    assert failures == []


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        pytest.param("model", valid_model(licence="open-license"), id="unknown-field"),
        pytest.param("model", valid_model(summary=DROP), id="required-missing"),
        pytest.param("model", valid_model(url="javascript:alert(1)"), id="link-scheme"),
        pytest.param("model", valid_model(parameters="7 billion"), id="parameter-count"),
        pytest.param("model", valid_model(context_length="4096"), id="string-into-int"),
        pytest.param("license", valid_license(commercial_use="maybe"), id="enum"),
        pytest.param("quant", valid_gguf_quant(format="hqq"), id="quant-format"),
        pytest.param(
            "quant", valid_gguf_quant(files=[gguf_file(size="4.77 gigs")]), id="size-unit"
        ),
        pytest.param("quant", valid_gguf_quant(files=[gguf_file(size=4.77)]), id="size-number"),
        pytest.param(
            "quant", valid_gptq_quant(files=[gptq_branch(group_size="None")]), id="group-size"
        ),
    ],
)
def test_json_schema_rejects_what_the_validator_rejects(kind: str, text: str) -> None:
    assert _schema_errors(kind, text) != []
