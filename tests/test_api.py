"""The data downloads under ``api/``: every JSON file valid against the JSON Schema published
beside it (as published: ids, sizes in bytes), and CSV tables that hold the same records.

Checked on what ``generate`` writes for the fixture catalog and for the real one.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator import pipeline
from generator.render import api
from generator.resolve import frames
from generator.schema.kinds import KINDS

REPO = Path(__file__).resolve().parents[1]
CATALOGS = {"fixture": REPO / "tests" / "fixtures" / "mini" / "catalog", "real": REPO / "catalog"}


@pytest.fixture(scope="module", params=sorted(CATALOGS))
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The files generate writes under api/, by path below api/."""
    docs = tmp_path_factory.mktemp(f"api-{request.param}") / "docs"
    problems = pipeline.generate(CATALOGS[request.param], docs)
    assert [p.text() for p in problems if p.severity == "error"] == []
    root = docs / "en" / "api"
    return {p.relative_to(root).as_posix(): p.read_text("utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def _validator(published: dict[str, str], data_file: str) -> Draft202012Validator:
    schema = json.loads(published[f"schema/{data_file.removesuffix('.json')}.schema.json"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_json_file_has_a_schema_and_is_valid_against_it(published: dict[str, str]) -> None:
    data_files = sorted(p for p in published if p.endswith(".json") and not p.startswith("schema/"))
    assert data_files == sorted(["catalog.json", *(f"{kind.folder}.json" for kind in KINDS)])
    assert sorted(p for p in published if p.startswith("schema/")) == sorted(f"schema/{f.removesuffix('.json')}.schema.json" for f in data_files)
    for name in data_files:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in _validator(published, name).iter_errors(json.loads(published[name]))]
        assert errors == [], name


def test_the_schemas_name_the_api_format(published: dict[str, str]) -> None:
    catalog = json.loads(published["catalog.json"])
    assert catalog["format"] == api.FORMAT
    schema = json.loads(published["schema/catalog.schema.json"])
    assert schema["properties"]["format"]["const"] == api.FORMAT
    assert all(api.FORMAT in json.loads(text)["title"] for path, text in published.items() if path.startswith("schema/"))


def test_the_schemas_describe_the_published_form_not_the_record_files(published: dict[str, str]) -> None:
    # Sizes are published in bytes: a size written as in a record file ('4.77 GB') is refused,
    # and so is a record without its id.
    catalog = json.loads(published["catalog.json"])
    validator = _validator(published, "catalog.json")
    repo = next(q for q in catalog["quants"] if any("size" in f for f in q["files"]))
    sized = next(f for f in repo["files"] if "size" in f)
    assert isinstance(sized["size"], int)
    as_text = copy.deepcopy(catalog)
    next(f for q in as_text["quants"] if q["id"] == repo["id"] for f in q["files"] if "size" in f)["size"] = "4.77 GB"
    assert not validator.is_valid(as_text)
    without_id = copy.deepcopy(catalog)
    del without_id["models"][0]["id"]
    assert not validator.is_valid(without_id)


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_tables_hold_every_model_file_and_score(published: dict[str, str]) -> None:
    catalog = json.loads(published["catalog.json"])
    models, files, scores = (_rows(published[f"{name}.csv"]) for name in ("models", "files", "scores"))
    for name in ("models", "files", "scores"):
        assert published[f"{name}.csv"].splitlines()[0].split(",") == list(frames.COLUMNS[name])
        assert "\r" not in published[f"{name}.csv"]
    assert [r["id"] for r in models] == [m["id"] for m in catalog["models"]]
    assert len(files) == sum(len(q["files"]) for q in catalog["quants"])
    assert len(scores) == sum(len(m.get("scores", [])) for m in catalog["models"])
    by_id = {m["id"]: m for m in catalog["models"]}
    for row in models:
        assert row["parameters"] == str(by_id[row["id"]].get("parameters", ""))
    for row in scores:
        assert float(row["value"]) in [s["value"] for s in by_id[row["model"]]["scores"] if s["benchmark"] == row["benchmark"]]
        assert row["higher_is_better"] in ("true", "false")


def test_csv_sizes_are_bytes_as_in_the_json(published: dict[str, str]) -> None:
    catalog = json.loads(published["catalog.json"])
    sizes = {(q["id"], f.get("name") or f.get("branch")): f.get("size") for q in catalog["quants"] for f in q["files"]}
    rows = _rows(published["files.csv"])
    assert rows, "the catalog lists quantized files"
    for row in rows:
        expected = sizes[(row["repository"], row["entry"])]
        assert row["size_bytes"] == ("" if expected is None else str(expected))
