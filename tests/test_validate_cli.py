"""``python -m generator validate`` as contributors and CI run it: output formats, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.diagnostics import Problem
from tests.factory import (
    GGUF,
    LICENSE,
    MODEL,
    gguf_file,
    valid_gguf_quant,
    valid_license,
    valid_model,
    with_line,
    write_catalog,
)

REPO = Path(__file__).resolve().parents[1]

M = "catalog/models/open/Chat-7B.yaml"
GG = "catalog/quants/packer/Chat-7B-GGUF.yaml"
LI = "catalog/licenses/open-license.yaml"
ODD = "catalog/models/a/b,c:d.yaml"

# Three broken records with several errors each, and a file whose path is not an id.
BROKEN = {
    MODEL: with_line(valid_model(name=12, colour="red"), "creator:", '"50%\\nx": 1'),
    GGUF: valid_gguf_quant(files=[gguf_file(size="4.77 gigs", bits="4")]),
    LICENSE: valid_license(url="ftp://example.org", commercial_use="maybe"),
    "models/a/b,c:d.yaml": valid_model(),
}
ALLOWED = (
    "architecture, base_models, cautions, context_length, creator, datasets, languages, "
    "license, license_notes, name, notes, parameters, pipeline_tag, prompt_format, scores, "
    "sources, summary, tags, url"
)
NOT_AN_ID = (
    "the path gives the id 'a/b,c:d', which is not a Hugging Face repo id: expected 'org/name' "
    "of letters, digits, '-', '_' and '.', without '--' or '..'"
)
EXPECTED_TEXT = [
    (
        f"{LI}:3:6: url: link 'ftp://example.org' must start with https:// (or http://); "
        "other schemes are refused"
    ),
    (
        f"{LI}:5:17: commercial_use: 'maybe' is not allowed; expected 'allowed', 'restricted', "
        "'forbidden' or 'unclear'"
    ),
    f"{ODD}: {NOT_AN_ID}",
    (
        f"{M}:2:7: name: expected text, got the number 12: YAML reads an unquoted 12 as a number; "
        'quote it: "12"'
    ),
    f"{M}:4:1: 50%\\nx: unknown field '50%\\nx'; allowed fields: {ALLOWED}",
    f"{M}:35:1: colour: unknown field 'colour'; allowed fields: {ALLOWED}",
    f"{GG}:12:11: files[0].bits: expected a whole number, got '4'",
    (
        f"{GG}:13:11: files[0].size: size '4.77 gigs' is not a number and unit such as '4.77 GB' "
        "or '512 MiB'"
    ),
    "8 errors, 0 warnings in 8 files checked",
]


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in ``cwd`` (whose ``catalog/`` is the default catalog)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    write_catalog(folder, BROKEN)
    return folder


def test_text_reports_every_problem_then_a_count(broken: Path) -> None:
    result = run(broken, "validate")
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == EXPECTED_TEXT
    assert result.stderr == ""


def test_github_format_gives_escaped_annotations(broken: Path) -> None:
    result = run(broken, "validate", "--format", "github")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "8 errors, 0 warnings in 8 files checked"
    annotations = lines[:-1]
    assert len(annotations) == 8
    assert all(line.startswith("::error file=") for line in annotations)
    assert annotations[0] == (
        "::error file=catalog/licenses/open-license.yaml,line=3,col=6,title=url::link "
        "'ftp://example.org' must start with https:// (or http://); other schemes are refused"
    )
    # Properties escape ',' and ':'; a problem without a line has no line or col.
    assert annotations[2] == f"::error file=catalog/models/a/b%2Cc%3Ad.yaml::{NOT_AN_ID}"
    # '%' and line breaks are escaped in properties and in the message.
    assert annotations[4] == (
        f"::error file={M},line=4,col=1,title=50%25%0Ax::unknown field '50%25%0Ax'; "
        f"allowed fields: {ALLOWED}"
    )
    assert annotations[7].startswith(f"::error file={GG},line=13,col=11,title=files[0].size::")


def test_json_format_has_the_same_problems(broken: Path) -> None:
    text = run(broken, "validate")
    result = run(broken, "validate", "--format", "json")
    assert result.returncode == 1, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["files_checked"], doc["errors"], doc["warnings"]) == (8, 8, 0)
    problems = [Problem(**p) for p in doc["problems"]]
    assert [p.text() for p in problems] == text.stdout.splitlines()[:-1]
    assert problems[4].field == "50%\nx"  # JSON keeps the value as it is


def test_valid_catalog_exits_0(tmp_path: Path) -> None:
    write_catalog(tmp_path)
    result = run(tmp_path, "validate")
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "catalog is valid: 8 files checked\n",
        "",
    )
    as_json = run(tmp_path, "validate", "--format", "json")
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["problems"] == []


def test_catalog_option_names_the_folder(tmp_path: Path) -> None:
    write_catalog(tmp_path, {MODEL: valid_model(name=12)})
    result = run(REPO, "--catalog", str(tmp_path / "catalog"), "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(f"{M}:2:7: name: expected text")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["validate", "--format", "xml"],
            "argument --format: invalid choice: 'xml'",
            id="bad-format",
        ),
        pytest.param(
            ["--catalog", "nowhere", "validate"],
            "error: catalog folder 'nowhere' does not exist",
            id="missing-catalog",
        ),
        pytest.param(
            ["--catalog", "catalog/models/open/Chat-7B.yaml", "validate"],
            "error: catalog folder 'catalog/models/open/Chat-7B.yaml' is not a folder",
            id="catalog-is-a-file",
        ),
        pytest.param([], "the following arguments are required: command", id="no-command"),
        pytest.param(["valdiate"], "invalid choice: 'valdiate'", id="unknown-command"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    tmp_path: Path, args: list[str], message: str
) -> None:
    write_catalog(tmp_path)
    result = run(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
