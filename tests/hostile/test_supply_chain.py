"""Supply chain: everything the project runs is pinned to exact bytes.

- requirements.lock pins every package with ``==`` and at least one ``--hash``; every
  direct dependency of requirements.in is in it at the same version; .venv holds exactly it.
- The Makefile installs with ``--require-hashes`` (only ``make lock``, which regenerates the
  lock file by hand, installs pip-tools from the index).
- overrides/assets/vendor/SHA256SUMS matches every vendored file, and lists them all.
- Every ``uses:`` in .github/ is pinned to a 40-hex commit (or a docker digest); local
  actions are allowed. Remote pre-commit hooks, if any, are pinned the same way.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
VENDOR = REPO / "overrides" / "assets" / "vendor"
GITHUB = REPO / ".github"

_REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<spec>[^\s\\;]*)")
_HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")
_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*['\"]?(?P<target>[^'\"\s#]+)")
_SHA = re.compile(r"^[0-9a-f]{40}$")


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock_entries() -> dict[str, tuple[str, list[str]]]:
    """Package -> (version specifier as written, its hashes), from requirements.lock."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = ""
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[0].isspace() or line.startswith("--hash"):
            assert current, f"a hash before any package: {raw!r}"
            entries[current][1].extend(_HASH.findall(line))
            continue
        options = ("-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f", "--find-links")
        assert not line.startswith(options), f"the lock file names a source instead of pinning: {line}"
        assert "://" not in line and " @ " not in line, f"a URL or VCS requirement: {line}"
        match = _REQUIREMENT.match(line)
        assert match, line
        current = _canonical(match["name"])
        entries[current] = (match["spec"], _HASH.findall(line))
    return entries


def test_every_locked_package_is_pinned_with_hashes() -> None:
    entries = _lock_entries()
    assert len(entries) > 30
    for name, (spec, hashes) in entries.items():
        assert re.fullmatch(r"==[0-9][0-9A-Za-z.+!-]*", spec), f"{name} is not pinned with ==: {spec!r}"
        assert hashes, f"{name} has no --hash"


def test_direct_dependencies_are_locked_at_the_same_version() -> None:
    entries = _lock_entries()
    for raw in (REPO / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _REQUIREMENT.match(line)
        assert match and match["spec"].startswith("=="), f"requirements.in pins exactly: {line}"
        assert entries[_canonical(match["name"])][0] == match["spec"], line


def test_the_venv_holds_exactly_the_locked_versions() -> None:
    """What the tests run on came from the lock file (pip and setuptools come with venv)."""
    entries = _lock_entries()
    installed = {_canonical(d.metadata["Name"]): d.version for d in importlib.metadata.distributions()}
    missing = sorted(set(entries) - set(installed))
    assert not missing, f"locked but not installed: {missing}; run `make venv`"
    extra = sorted(set(installed) - set(entries) - {"pip", "setuptools", "model-atlas"})
    assert not extra, f"installed but not locked: {extra}"
    wrong = sorted(f"{n} {installed[n]} != {entries[n][0]}" for n in entries if entries[n][0] != f"=={installed[n]}")
    assert not wrong, wrong


def test_the_makefile_installs_only_with_hashes() -> None:
    recipe = ""
    installs = []
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        if re.match(r"^[A-Za-z$(][^\t=]*:", line):
            recipe = line.split(":", 1)[0]
        if re.search(r"\bpip\b.*\binstall\b", line):
            installs.append((recipe, line))
    assert installs
    for recipe, line in installs:
        if recipe == "lock":  # regenerating the lock file needs pip-tools from the index
            continue
        assert "--require-hashes" in line and "-r requirements.lock" in line, line
        assert "--no-deps" in line, f"every dependency must come from the lock file itself: {line}"
    for path in [REPO / ".ci" / "run", *GITHUB.rglob("*.yml")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip3?\b.*\binstall\b", line):
                assert "--require-hashes" in line, f"{path.relative_to(REPO)}: {line.strip()}"


def test_vendored_files_match_their_hashes() -> None:
    listed: dict[str, str] = {}
    for line in (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    for name, digest in listed.items():
        actual = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} changed: {actual} (SHA256SUMS says {digest})"
    suffixes = (".js", ".mjs", ".css", ".wasm")
    code = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file() and p.suffix in suffixes}
    assert code == set(listed), f"vendored but not in SHA256SUMS: {sorted(code - set(listed))}"


def test_a_changed_vendored_byte_would_be_caught(tmp_path: Path) -> None:
    name, digest = (VENDOR / "SHA256SUMS").read_text(encoding="utf-8").splitlines()[0].split(maxsplit=1)[::-1]
    data = bytearray((VENDOR / name).read_bytes())
    data[len(data) // 2] ^= 1
    assert hashlib.sha256(bytes(data)).hexdigest() != digest


def _uses() -> list[tuple[str, str]]:
    found = []
    for path in sorted([*GITHUB.rglob("*.yml"), *GITHUB.rglob("*.yaml")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _USES.match(line)
            if match:
                found.append((path.relative_to(REPO).as_posix(), match["target"]))
    return found


def test_every_action_is_pinned_to_a_commit() -> None:
    workflows = GITHUB / "workflows"
    assert workflows.is_dir() and list(workflows.glob("*.yml")), "CI workflows live in .github/workflows/"
    uses = _uses()
    assert uses, "the workflows use no action at all?"
    for where, target in uses:
        if target.startswith("./"):
            continue  # an action in this repository, pinned by the commit itself
        if target.startswith("docker://"):
            assert re.search(r"@sha256:[0-9a-f]{64}$", target), f"{where}: {target} is not pinned by digest"
            continue
        action, _, ref = target.partition("@")
        assert _SHA.match(ref), f"{where}: {action} is pinned to {ref!r}, not a 40-hex commit"


@pytest.mark.parametrize("target", ["actions/checkout@v4", "actions/checkout@main", "a/b@08c6903", "a/b@refs/heads/x"])
def test_a_tag_or_branch_would_be_refused(target: str) -> None:
    _, _, ref = target.partition("@")
    assert not _SHA.match(ref)


def test_remote_pre_commit_hooks_are_pinned() -> None:
    config = REPO / ".pre-commit-config.yaml"
    if not config.exists():
        pytest.skip("no pre-commit configuration")
    for repo in yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]:
        if repo["repo"] in ("local", "meta"):
            continue
        assert _SHA.match(str(repo.get("rev", ""))), f"{repo['repo']} is pinned to {repo.get('rev')!r}, not a commit"
