"""Resource limits: oversized or pathological records are refused with a clear message,
within bounded memory and CPU.

The validator runs in a subprocess capped with ``setrlimit`` (1 GiB of address space,
60 s of CPU); going over either kills it, and the test sees a signal instead of exit 1.
The only clock is a generous subprocess timeout. The bounds themselves are the constants
in ``yamlsource.py`` and ``discover.py`` (README, "What a record may contain"):

========================  ==========================================  =====================
input                     refused by                                  measured (CPU, RSS)
========================  ==========================================  =====================
alias bomb                anchors/aliases refused at the first one    0.2 s, 66 MB
100,000-deep nesting      MAX_DEPTH (16) while scanning events        0.2 s, 66 MB
50 MB record              MAX_BYTES (256 KiB), reads 256 KiB + 1      0.2 s, 66 MB
256 KiB one-line value    the field's length limit (300 / 20,000)     0.2 s, 66 MB
256 KiB key, tag, number  refused; the echo is clipped (MAX_MESSAGE)  0.2 s, 66 MB
60,000 values             MAX_EVENTS (50,000)                         0.2 s, 66 MB
24,000 unknown fields     one problem each (bounded by MAX_EVENTS)    1.3 s, 92 MB
100,000 files             MAX_FILES (20,000): stops reading           2.8 s, 190 MB
========================  ==========================================  =====================
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.diagnostics import MAX_FIELD, MAX_MESSAGE
from generator.read.discover import MAX_FILES
from generator.read.yamlsource import MAX_BYTES, MAX_DEPTH, MAX_EVENTS
from tests.factory import MODEL, Raw, schema_line, valid_base_model, valid_model, write_catalog

REPO = Path(__file__).resolve().parents[2]
MEMORY = 1 << 30  # bytes of address space
CPU = 60  # seconds
TIMEOUT = 600  # seconds of wall clock before the run counts as hung (never reached normally)
#: The longest line a problem can print: path, position, clipped field and clipped message.
LONGEST_LINE = 200 + MAX_FIELD + MAX_MESSAGE + 100

HEAD = schema_line("model", 2) + "\n"
M = f"catalog/{MODEL}"


def _limit() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU, CPU + 10))


@dataclass
class Run:
    code: int
    out: str
    err: str
    cpu: float  # seconds, user + system
    rss_mb: float


def validate(root: Path, tmp_path: Path, *extra: str) -> Run:
    """``python -m generator validate`` on ``root`` under the limits, with its resource use."""
    out_path, err_path = tmp_path / "stdout", tmp_path / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "--catalog", str(root), "validate", *extra],
            cwd=REPO, stdout=out, stderr=err, preexec_fn=_limit,
        )
        deadline = time.monotonic() + TIMEOUT
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                child.wait()
                pytest.fail(f"validate did not finish within {TIMEOUT} s")
            time.sleep(0.05)
    child.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        child.returncode,
        out_path.read_text(encoding="utf-8"),
        err_path.read_text(encoding="utf-8"),
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
    )


def _refused(run: Run, *expected: str) -> None:
    """Exit 1 with the expected sentences, no traceback, every line readable.

    ``run.cpu`` and ``run.rss_mb`` are there for whoever measures (the table above); the
    limits themselves are enforced by setrlimit, not asserted on the clock.
    """
    assert run.code == 1, f"exit {run.code} (a negative code is the signal that killed it)\n{run.err[-2000:]}"
    assert run.err == "", run.err[-2000:]  # never a traceback
    for text in expected:
        assert text in run.out, run.out[:2000]
    longest = max(len(line) for line in run.out.splitlines())
    assert longest <= LONGEST_LINE, f"a {longest}-character line"


def _billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    return HEAD + "\n".join(lines) + "\n"


_DEEP = f"nested more than {MAX_DEPTH} levels deep"
_BIG = 250 * 1024
CASES = {
    "alias-bomb": (_billion_laughs(), [f"{M}:2:4: anchor '&a' is not allowed"]),
    "alias-without-anchor": (valid_model(name=Raw("*a")), [f"{M}:2:7: alias '*a' is not allowed"]),
    "deep-flow-lists": (HEAD + "name: " + "[" * 100_000 + "]" * 100_000 + "\n", [_DEEP]),
    "deep-flow-maps": (HEAD + "name: " + "{a: " * 50_000 + "1" + "}" * 50_000 + "\n", [_DEEP]),
    "deep-block-maps": (HEAD + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(400)) + " " * 800 + "v: 1\n", [_DEEP]),
    "50-MB-record": (
        HEAD + "notes:\n  en: " + "x" * (50 * 1024 * 1024) + "\n",
        [f"{M}: file is larger than {MAX_BYTES // 1024} KiB"],
    ),
    "long-one-line-value": (valid_model(name="x" * _BIG), [f"{M}:2:7: name: has 256000 characters; at most 300"]),
    "long-prose": (valid_model(summary={"en": "word " * 50_000}), [f"{M}:19:7: summary.en: has 250000 characters"]),
    "long-plain-key": (valid_model() + "k" * _BIG + ": 1\n", [f"{M}:34:", "YAML syntax error"]),
    "long-explicit-key": (valid_model() + "? " + "k" * _BIG + "\n: 1\n", [f"{M}:34:3:", "characters cut", "unknown"]),
    "long-tag": (
        valid_model() + "z: !" + "t" * _BIG + " 1\n",
        [f"{M}:34:4:", "characters cut", "is not allowed; write a plain value"],
    ),
    "long-anchor": (
        valid_model() + "z: &" + "t" * _BIG + " 1\n",
        [f"{M}:34:4: anchor", "characters cut", "anchors and aliases are refused"],
    ),
    "huge-number": (
        valid_model(context_length=Raw("9" * 200_000)),
        [f"{M}:11:17: context_length:", "characters cut", "quote it if it is text"],
    ),
    "many-values": (HEAD + "tags: [" + ", ".join(["a"] * 60_000) + "]\n", [f"more than {MAX_EVENTS} YAML values"]),
    "many-unknown-fields": (
        valid_model() + "".join(f"k{i}: 1\n" for i in range(24_000)),
        [f"{M}:34:1: k0: unknown field 'k0'"],
    ),
    "syntax-error-at-the-end": (valid_model() + "notes:\n  en: " + "word " * 50_000 + "\n  - [\n", ["YAML syntax"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_pathological_record_is_refused_within_bounds(name: str, tmp_path: Path) -> None:
    text, expected = CASES[name]
    root = write_catalog(tmp_path, {MODEL: text})
    _refused(validate(root, tmp_path), *expected)


def test_problems_never_exceed_the_clip(tmp_path: Path) -> None:
    """The JSON output carries the same clipped problems as the text output."""
    root = write_catalog(tmp_path, {MODEL: CASES["huge-number"][0]})
    run = validate(root, tmp_path, "--format", "json")
    assert run.code == 1
    assert all(len(line) <= LONGEST_LINE for line in run.out.splitlines())
    assert '"message": "value' in run.out and "characters cut" in run.out
    assert len(run.out) < MAX_MESSAGE * 3


@pytest.mark.slow
def test_hundred_thousand_files_stop_at_the_file_limit(tmp_path: Path) -> None:
    root = write_catalog(tmp_path)
    bulk = root / "models" / "bulk"
    bulk.mkdir(parents=True)
    record = valid_base_model().encode("utf-8")
    for number in range(100_000):
        (bulk / f"m{number:06d}.yaml").write_bytes(record)
    run = validate(root, tmp_path)
    _refused(run, f"catalog: more than {MAX_FILES} files under catalog/: stopped reading")
    checked = int(run.out.splitlines()[-1].split(" in ")[1].split()[0])
    assert checked < MAX_FILES  # the rest were never opened


def test_the_readme_states_the_limits_the_code_enforces() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### What a record may contain") :]
    stated = [
        f"at most {MAX_BYTES // 1024} KiB", f"nesting at most {MAX_DEPTH} levels", f"at most {MAX_EVENTS:,} YAML",
        f"At most {MAX_FILES:,} files", f"at most {MAX_MESSAGE:,} characters",
    ]
    for limit in stated:
        assert limit in " ".join(section.split()), limit
