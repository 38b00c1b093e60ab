"""``python -m generator diff BASE``: records added, changed and removed, in a real git repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator import diff
from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(cwd: Path, *args: str) -> str:
    env_args = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    result = subprocess.run(["git", *env_args, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repo whose first commit holds the mini catalog; the work tree is then changed."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root / "catalog")
    (root / "README.md").write_text("project\n", encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "tag", "base")
    return root


def _change(root: Path) -> None:
    cat = root / "catalog"
    # A committed change, a staged one, an unstaged one and an untracked file: all count.
    model = cat / "models" / "open" / "Chat-7B.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("name: Open Chat 7B", "name: Open Chat 7B v2"), encoding="utf-8")
    _git(root, "commit", "-q", "-am", "rename")
    (cat / "licenses" / "base-terms.yaml").unlink()
    _git(root, "rm", "-q", "--cached", "catalog/licenses/base-terms.yaml")
    quant = cat / "quants" / "packer" / "Chat-7B-GGUF.yaml"
    quant.write_text(quant.read_text(encoding="utf-8").replace("bits: 5", "bits: 6"), encoding="utf-8")
    (cat / "models" / "acme" / "New-1B.yaml").write_text("# new\n", encoding="utf-8")
    (cat / "datasets" / "wikitext.yaml").rename(cat / "datasets" / "wiki.yaml")  # a rename: one gone, one new
    (cat / "schema").mkdir(exist_ok=True)
    (cat / "schema" / "model.schema.json").write_text("{}\n", encoding="utf-8")
    (root / "README.md").write_text("outside the catalog\n", encoding="utf-8")


def test_compare_lists_every_kind_of_change(repo: Path) -> None:
    _change(repo)
    report = diff.compare(repo / "catalog", "base")
    assert [(c.kind, c.id, c.status, c.fields) for c in report.changes] == [
        ("model", "acme/New-1B", "added", ()),
        ("model", "open/Chat-7B", "changed", ("name",)),
        ("quant", "packer/Chat-7B-GGUF", "changed", ("files",)),
        ("dataset", "wiki", "added", ()),
        ("dataset", "wikitext", "removed", ()),
        ("license", "base-terms", "removed", ()),
        ("", "schema/model.schema.json", "added", ()),
    ]
    assert (report.count("added"), report.count("changed"), report.count("removed")) == (3, 2, 2)


def test_no_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--catalog", str(repo / "catalog"), "diff", "base"]) == 0
    assert capsys.readouterr().out == "no catalog changes against base\n"
    assert main(["--catalog", str(repo / "catalog"), "diff", "base", "--format", "markdown"]) == 0
    assert "No records added, changed or removed." in capsys.readouterr().out


def test_text_output(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _change(repo)
    assert main(["--catalog", str(repo / "catalog"), "diff", "base"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "catalog changes against base: 3 added, 2 changed, 2 removed",
        "Models:",
        "  added    acme/New-1B",
        "  changed  open/Chat-7B (name)",
        "Quants:",
        "  changed  packer/Chat-7B-GGUF (files)",
        "Datasets:",
        "  added    wiki",
        "  removed  wikitext",
        "Licenses:",
        "  removed  base-terms",
        "Other files under catalog/:",
        "  added    schema/model.schema.json",
    ]


def test_markdown_output_for_a_job_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _change(repo)
    assert main(["--catalog", str(repo / "catalog"), "diff", "base", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("### Catalog changes against `base`\n\n**3 added, 2 changed, 2 removed**\n")
    head = "| | id | fields changed |\n|---|---|---|\n"
    assert f"#### Models\n\n{head}| added | `acme/New-1B` |  |\n| changed | `open/Chat-7B` | `name` |\n" in out
    assert f"#### Licenses\n\n{head}| removed | `base-terms` |  |\n" in out


def test_markdown_cannot_be_broken_by_a_file_name(repo: Path) -> None:
    odd = repo / "catalog" / "models" / "x`|<b>"
    odd.mkdir()
    (odd / "y.yaml").write_text("a: 1\n", encoding="utf-8")
    out = diff.render(diff.compare(repo / "catalog", "base"), "markdown")
    row = next(line for line in out.splitlines() if "y.yaml" in line or "/y" in line)
    assert "<b>" not in row and row.count("`") == 2 and row.count("|") == 4, row


def test_catalog_in_a_subfolder_and_relative_base(repo: Path) -> None:
    _git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    (repo / "catalog" / "benchmarks" / "chat.yaml").unlink()
    report = diff.compare(repo / "catalog", "HEAD~1")
    assert [(c.kind, c.id, c.status) for c in report.changes] == [("benchmark", "chat", "removed")]


@pytest.mark.parametrize(
    ("base", "message"),
    [("no-such-ref", "unknown git ref 'no-such-ref'"), ("", "is not a git ref"), ("HEAD~5", "unknown git ref")],
)
def test_bad_refs(repo: Path, base: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--catalog", str(repo / "catalog"), "diff", base]) == 2
    assert message in capsys.readouterr().err


def test_a_ref_is_never_read_as_a_git_option(repo: Path, tmp_path: Path) -> None:
    with pytest.raises(diff.DiffError, match="is not a git ref"):
        diff.compare(repo / "catalog", f"--output={tmp_path / 'x'}")
    assert not (tmp_path / "x").exists()


def test_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "catalog").mkdir()
    assert main(["--catalog", str(tmp_path / "catalog"), "diff", "main"]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err


# --- a record replaced by something that is not a file -----------------------------------


def _diff_limited(repo: Path) -> subprocess.CompletedProcess[str]:
    """``diff base`` in a child with 512 MiB of memory and 30 s of CPU: reading a device kills it."""
    import resource
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 29, 1 << 29))
        resource.setrlimit(resource.RLIMIT_CPU, (30, 40))

    command = [sys.executable, "-m", "generator", "--catalog", str(repo / "catalog"), "diff", "base"]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, preexec_fn=limit, timeout=600)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_record_replaced_by_a_link_to_a_device_is_not_read(repo: Path, target: str) -> None:
    model = repo / "catalog" / "models" / "open" / "Chat-7B.yaml"
    model.unlink()
    model.symlink_to(target)
    result = _diff_limited(repo)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "  changed  open/Chat-7B (is a symbolic link: not read)" in result.stdout.splitlines()


def test_a_record_replaced_by_a_named_pipe_is_not_read(repo: Path) -> None:
    import os

    model = repo / "catalog" / "models" / "open" / "Chat-7B.yaml"
    model.unlink()
    os.mkfifo(model)  # opening it to read would wait for a writer forever
    report = diff.compare(repo / "catalog", "base")
    change = next(c for c in report.changes if c.id == "open/Chat-7B")
    assert (change.status, change.fields, change.note) == ("changed", (), "is a named pipe, not a regular file: not read")


def test_a_link_committed_in_the_base_is_not_read(repo: Path) -> None:
    model = repo / "catalog" / "models" / "open" / "Chat-7B.yaml"
    text = model.read_text(encoding="utf-8")
    model.unlink()
    model.symlink_to("/dev/zero")
    _git(repo, "commit", "-q", "-am", "a link")
    _git(repo, "tag", "-f", "base")
    model.unlink()
    model.write_text(text, encoding="utf-8")
    change = next(c for c in diff.compare(repo / "catalog", "base").changes if c.id == "open/Chat-7B")
    assert change.note == "in base a symbolic link: not read"
