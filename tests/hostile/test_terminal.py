"""What the tools print: record text, keys and file names never reach a terminal raw.

A YAML key, a file name or a value quoted in a message may hold escape sequences (which
repaint the terminal, or fake a line such as "catalog is valid"), bidi overrides or
separators. ``validate`` (text, GitHub and JSON formats), ``diff`` and ``import`` print them
escaped (``\\x1b``, ``\\u202e``); the JSON output decodes back to the very characters.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.cli import main
from tests.factory import MODEL, valid_model, with_line, write_catalog

REPO = Path(__file__).resolve().parents[2]
#: Erase the screen, go home, print a fake verdict; then a bidi override, NEL, a C1 CSI, a line separator.
KEY = "\x1b[2J\x1b[Hcatalog is valid\u202eevil\x85\x9b31m\u2028x"
#: Characters a terminal acts on: controls, format characters and separators.
UNSHOWN = {"Cc", "Cf", "Zl", "Zp"}


def _raw_controls(out: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in out if c != "\n" and unicodedata.category(c) in UNSHOWN})


def _catalog(tmp_path: Path) -> Path:
    quoted = json.dumps(KEY)  # a double-quoted YAML key spells the characters as escapes
    return write_catalog(tmp_path, {MODEL: with_line(valid_model(), "creator:", f"{quoted}: 1")})


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_validate_prints_no_raw_control_character(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = _catalog(tmp_path)
    assert main(["--catalog", str(root), "validate", "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert _raw_controls(out) == [], out
    assert "\\x1b[2J" in out or "\\u001b[2J" in out  # shown, not acted on
    if fmt == "json":
        problem = json.loads(out)["problems"][0]
        assert problem["field"] == KEY and KEY in problem["message"]  # the data is unchanged


def test_file_names_are_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_catalog(tmp_path, {"licenses/x\x1b]0;owned\x07.yaml": valid_model()})
    assert main(["--catalog", str(root), "validate"]) == 1
    out = capsys.readouterr().out
    assert _raw_controls(out) == [] and "catalog/licenses/x\\x1b]0;owned\\x07.yaml" in out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_prints_no_raw_control_character(tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_catalog(tmp_path)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=tmp_path, check=True)
    _catalog(tmp_path)  # the same model with the hostile key added
    (root / "models" / f"x{KEY[:8]}.yaml").write_text("a: 1\n", encoding="utf-8")
    assert main(["--catalog", str(root), "diff", "HEAD", "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == [], out
    assert "changed" in out


def test_import_warnings_print_no_raw_control_character(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    # The ModelScope key 'tasks' is quoted as written in a warning (the YAML spells it with escapes).
    card.write_text(f"---\nlicense: mit\ntasks: [{json.dumps(KEY)}]\n---\n# Model\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "import", str(card), "--id", "org/model"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "pipeline_tag read from the ModelScope key" in result.stderr
    assert _raw_controls(result.stderr) == [], result.stderr
