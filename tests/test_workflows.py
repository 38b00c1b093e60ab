"""The GitHub workflows and pre-commit hooks: valid, audited, pinned, and doing the checks.

Offline throughout: check-jsonschema's vendored workflow schema, zizmor ``--offline``, and a
real ``pre-commit run`` in a throw-away git repository.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
PRE_COMMIT = REPO / ".pre-commit-config.yaml"

_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<rest>.*)$")


def _load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def _steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def _runs(steps: list[dict[str, Any]]) -> list[str]:
    return [s.get("run", "") for s in steps]


def _index(steps: list[dict[str, Any]], pattern: str) -> int:
    """Index of the one step whose run script or uses matches ``pattern``."""
    found = [i for i, s in enumerate(steps) if any(re.search(pattern, s.get(k, ""), re.M) for k in ("run", "uses"))]
    assert len(found) == 1, f"expected one step matching {pattern!r}, found {len(found)}"
    return found[0]


def test_the_workflows_exist_and_parse() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["pr.yml", "publish.yml"]
    pr, publish = _load("pr.yml"), _load("publish.yml")
    assert list(pr["on"]) == ["pull_request"]
    assert publish["on"] == {"push": {"branches": ["main"]}, "release": {"types": ["published"]}}


def test_workflows_match_githubs_schema() -> None:
    tool = BIN / "check-jsonschema"
    assert tool.exists(), "check-jsonschema is in requirements.lock; run `make venv`"
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(
        [str(tool), "--builtin-schema", "vendor.github-workflows", *files], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_broken_workflow_is_caught_by_the_schema(tmp_path: Path) -> None:
    # The check above can fail: a step with both `uses` and `run`, and a job without runs-on.
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    steps:\n      - uses: a/b@v1\n        run: echo\n", encoding="utf-8")
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(bad)],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    tool = BIN / "zizmor"
    assert tool.exists(), "zizmor is in requirements.lock; run `make venv`"
    result = subprocess.run(
        [str(tool), "--offline", "--no-config", f"--persona={persona}", "--format", "json",
         ".github/", ".pre-commit-config.yaml"],
        cwd=REPO, capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_zizmor_would_catch_an_injection(tmp_path: Path) -> None:
    flows = tmp_path / ".github" / "workflows"
    flows.mkdir(parents=True)
    (flows / "bad.yml").write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-config", "--format", "json", str(tmp_path / ".github")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    found = {f["ident"] for f in yaml.safe_load(result.stdout)}
    assert {"template-injection", "unpinned-uses", "artipacked", "dangerous-triggers"} <= found


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" not in line:
                continue
            match = _USES.match(line)
            assert match, f"{path.name}: cannot read {line!r}"
            assert re.fullmatch(r"[0-9a-f]{40}", match["ref"]), f"{path.name}: {line.strip()} is not pinned to a commit"
            version = re.fullmatch(r"\s+# (v\d+\.\d+\.\d+)", match["rest"])
            assert version, f"{path.name}: {line.strip()} lacks its '# vX.Y.Z' comment"
            pins.setdefault(match["action"], set()).add((match["ref"], version[1]))
    assert set(pins) == {
        "actions/checkout", "actions/setup-python", "actions/upload-artifact",
        "actions/upload-pages-artifact", "actions/deploy-pages",
    }
    # One commit per action across the workflows, so an upgrade cannot be half done.
    assert all(len(refs) == 1 for refs in pins.values()), pins


def test_no_expression_is_expanded_inside_a_script() -> None:
    for name in ("pr.yml", "publish.yml"):
        for job in _load(name)["jobs"].values():
            for step in job.get("steps", []):
                assert "${{" not in step.get("run", ""), f"{name}: pass values through env:, not into the script"


def test_permissions_are_minimal_and_checkouts_keep_no_token() -> None:
    granted = {}
    for name in ("pr.yml", "publish.yml"):
        workflow = _load(name)
        assert workflow["permissions"] == {}, f"{name}: no default permissions"
        for job_id, job in workflow["jobs"].items():
            granted[(name, job_id)] = job["permissions"]
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
    assert granted == {
        ("pr.yml", "check"): {"contents": "read"},
        ("publish.yml", "build"): {"contents": "read"},
        ("publish.yml", "deploy"): {"pages": "write", "id-token": "write"},
        ("publish.yml", "release-export"): {"contents": "write"},
    }


def test_the_pull_request_job_runs_every_check_in_order() -> None:
    steps = _steps(_load("pr.yml"), "check")
    checkout = steps[_index(steps, r"^actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 0, "the diff against the base branch needs the history"
    python = steps[_index(steps, r"actions/setup-python@")]
    assert python["with"]["python-version"] == "3.11"
    apt = _index(steps, r"apt-get install")
    assert "chromium" in steps[apt]["run"] and "fonts-noto-cjk" in steps[apt]["run"]
    venv = _index(steps, r"^make venv$")
    diff = _index(steps, r"-m generator diff ")
    assert steps[diff]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert '"origin/${BASE_REF}" --format markdown >> "$GITHUB_STEP_SUMMARY"' in steps[diff]["run"]
    validate = _index(steps, r"-m generator validate --format github$")
    schema = _index(steps, r"-m generator schema --check$")
    tests = _index(steps, r"-m pytest$")
    assert steps[tests]["env"]["MODEL_ATLAS_REQUIRE_BROWSER"] == "1", "browser tests must run, not skip"
    site = _index(steps, r"-m generator site$")
    links = _index(steps, r"-m generator linkcheck site$")
    upload = _index(steps, r"actions/upload-artifact@")
    assert steps[upload]["with"]["path"] == "site/"
    assert steps[upload]["with"]["if-no-files-found"] == "error"
    assert apt < venv < validate < schema < tests < site < links < upload < diff
    assert steps[diff]["if"] == "${{ !cancelled() }}", "the summary is wanted most when a check failed"


def test_the_site_command_builds_with_mkdocs_strict() -> None:
    # `python -m generator site` is the step above; it must keep building with --strict.
    source = (REPO / "generator" / "builders.py").read_text(encoding="utf-8")
    assert '"build", "--strict"' in source


def test_publish_deploys_pages_on_main_and_attaches_the_export_to_releases() -> None:
    workflow = _load("publish.yml")
    build, deploy, release = (workflow["jobs"][j] for j in ("build", "deploy", "release-export"))
    assert build["if"] == deploy["if"] == "github.event_name == 'push'"
    assert release["if"] == "github.event_name == 'release'"
    steps = build["steps"]
    assert _index(steps, r"-m generator site$") < _index(steps, r"-m generator linkcheck site$")
    assert steps[_index(steps, r"actions/upload-pages-artifact@")]["with"]["path"] == "site/"
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    steps = release["steps"]
    assert _index(steps, r"^make export$") < _index(steps, r"gh release upload")
    upload = steps[_index(steps, r"gh release upload")]
    assert upload["env"]["TAG"] == "${{ github.event.release.tag_name }}"
    assert 'gh release upload "$TAG" dist/model-atlas-offline.zip' in upload["run"]
    for job in (build, release):  # no cache in a publishing workflow (cache poisoning)
        for step in job["steps"]:
            assert "cache" not in step.get("with", {})


def test_the_export_path_is_the_one_the_cli_writes() -> None:
    from generator.cli import build_parser

    args = build_parser().parse_args(["export"])
    assert str(args.out) == "dist/model-atlas-offline.zip"


# --- pre-commit ------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )


def test_pre_commit_config_is_valid() -> None:
    command = [str(BIN / "pre-commit"), "validate-config", str(PRE_COMMIT)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    repos = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))["repos"]
    hooks = {h["id"]: h for repo in repos for h in repo["hooks"]}
    assert set(hooks) == {"validate-catalog", "schema-check", "zizmor", "ruff"}
    assert all(h["language"] == "system" and h["entry"].startswith(".venv/bin/") for h in hooks.values())
    # The catalog checks read the whole catalog: references between records need every file.
    assert hooks["validate-catalog"]["pass_filenames"] is False and hooks["schema-check"]["pass_filenames"] is False
    assert re.search(hooks["validate-catalog"]["files"], "catalog/models/org/name.yaml")
    assert not re.search(hooks["validate-catalog"]["files"], "docs/index.md")
    assert re.search(hooks["schema-check"]["files"], "generator/schema/records.py")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_pre_commit_hooks_block_a_broken_record(tmp_path: Path) -> None:
    """A real `pre-commit run` in a scratch repo using this project's code and .venv."""
    work = tmp_path / "work"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini" / "catalog", work / "catalog")
    shutil.copytree(REPO / "catalog" / "schema", work / "catalog" / "schema")
    (work / "generator").symlink_to(REPO / "generator")
    (work / ".venv").symlink_to(REPO / ".venv")
    shutil.copy(PRE_COMMIT, work / ".pre-commit-config.yaml")
    (work / ".gitignore").write_text(".venv\ngenerator\n", encoding="utf-8")
    _git(work, "init", "-q")
    _git(work, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [str(BIN / "pre-commit"), "run", "--all-files", "--color", "never"]

    ok = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"validate the catalog\.+Passed", ok.stdout)
    assert re.search(r"JSON Schema files match the models\.+Passed", ok.stdout)
    assert re.search(r"audit the GitHub workflows.*\.+\(no files to check\)Skipped", ok.stdout)

    record = work / "catalog" / "licenses" / "open-license.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("commercial_use: allowed", "commercial_use: maybe"), encoding="utf-8")
    _git(work, "add", ".")
    bad = subprocess.run(command, cwd=work, capture_output=True, text=True, check=False, env=env)
    assert bad.returncode == 1
    assert re.search(r"validate the catalog\.+Failed", bad.stdout)
    assert "catalog/licenses/open-license.yaml:" in bad.stdout and "'maybe' is not allowed" in bad.stdout
