"""The importer takes cards from anywhere: a bad card gives a warning or a clear refusal,
within bounded memory and CPU, never an internal error (exit 3).

The cards run through the ``import`` verb in one child capped like the validator in
``test_limits`` (1 GiB of address space, 60 s of CPU for each card): going over kills it,
and the test sees a signal and the card it was on. The bounds are the catalog reader's (``yamlsource.scan``): no aliases,
limited depth and values; reading is bounded by ``card.MAX_BYTES``; every pattern is linear.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.importer import card
from tests.hostile.test_limits import CPU, MEMORY, TIMEOUT

REPO = Path(__file__).resolve().parents[2]


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


#: The child: each card through ``import``, announced first, with CPU seconds for it alone.
_CHILD = """
import math, resource, sys
from generator.cli import main
for path in sys.argv[1:]:
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = math.ceil(used.ru_utime + used.ru_stime)
    resource.setrlimit(resource.RLIMIT_CPU, (spent + CPU_SECONDS, resource.RLIM_INFINITY))
    print(f"CARD {path}", file=sys.stderr, flush=True)
    print(f"EXIT {main(['import', path, '--id', 'org/model'])}", file=sys.stderr, flush=True)
""".replace("CPU_SECONDS", str(CPU))


def _import_all(paths: list[Path]) -> dict[str, tuple[int, str]]:
    """Each card's exit code and what it printed on stderr, from one limited child."""
    command = [sys.executable, "-c", _CHILD, *map(str, paths)]
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    result = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, check=False, preexec_fn=_limit, timeout=TIMEOUT, env=env
    )
    out: dict[str, tuple[int, str]] = {}
    for chunk in result.stderr.split("CARD ")[1:]:
        path, _, rest = chunk.partition("\n")
        body, _, code = rest.rpartition("EXIT ")
        out[path] = (int(code) if code.strip().isdigit() else result.returncode, body)
    assert result.returncode == 0, f"{list(out)[-1:]}: exit {result.returncode}\n{result.stderr[-2000:]}"
    return out


def _alias_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    # A value the importer turns into text and quotes in a warning: 9^9 'lol's.
    return "---\n" + "\n".join(lines) + "\nlanguage: [*i]\nlicense: mit\n---\n# Model\n"


def _flat_tables(count: int) -> str:
    """One line holding a whole page of tables (a flattened web copy)."""
    return "---\nlicense: mit\n---\n# Model intro " + " ".join(
        f"prose{i} | a | b | |---|---| | 1 | 2 |" for i in range(count)
    ) + "\n"


CARDS = {
    # ~500 bytes of nested aliases: 11 GB and minutes before.
    "alias-bomb": (_alias_bomb(), "anchor '&a' is not allowed"),
    "deep-flow": ("---\nlicense: mit\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n# Model\n", "more than 32 levels deep"),
    "deep-block": (
        "---\nlicense: mit\n" + "".join(" " * i + f"k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n---\n# M\n",
        "more than 32 levels deep",
    ),
    "many-values": ("---\nlicense: mit\ntags: [" + ", ".join(["t"] * 120_000) + "]\n---\n# M\n", "more than 100000"),
    # Recursion per table, and the rest of the line copied for each: RecursionError before.
    "thousands-of-flat-tables": (_flat_tables(5000), "headings and tables were recovered"),
    "thousands-of-tables": (
        "---\nlicense: mit\n---\n# Model\n\n" + "| a | b |\n|---|---|\n| 1 | 2 |\n\n" * 20_000, "",
    ),
    # Quadratic in a run of spaces (the heading pattern): 35 s for 40 KB before.
    "long-heading": ("---\nlicense: mit\n---\n# x" + " " * 400_000 + "y\n", ""),
    "long-title": ("---\nlicense: mit\n---\n# Model" + " " * 400_000 + "(z\n", ""),
}


def test_hostile_cards_are_refused_or_warned_within_bounds(tmp_path: Path) -> None:
    paths = []
    for name, (text, _) in sorted(CARDS.items()):
        path = tmp_path / name / "README.md"
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        assert path.stat().st_size <= card.MAX_BYTES
        paths.append(path)
    results = _import_all(paths)
    for name, (_, expected) in sorted(CARDS.items()):
        code, said = results[str(tmp_path / name / "README.md")]
        assert code in (0, 1), f"{name}: exit {code}\n{said[-2000:]}"
        assert "internal error" not in said and "Traceback" not in said, name
        assert expected in said, f"{name}: {said[-2000:]}"


@pytest.mark.parametrize(("target", "reason"), [("/dev/zero", "is a device"), ("/dev/urandom", "is a device")])
def test_a_card_that_is_not_a_file_is_refused_unread(
    target: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", target, "--id", "org/model"]) == 1
    assert capsys.readouterr().err == f"error: {target} {reason}, not a regular file; a card is a Markdown file\n"


def test_a_named_pipe_is_refused_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipe = tmp_path / "README.md"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    assert main(["import", str(pipe), "--id", "org/model"]) == 1
    assert "is a named pipe, not a regular file" in capsys.readouterr().err


@pytest.mark.parametrize("repo", ["org/README", "org/Readme", "org/index", "org/nul"])
def test_import_never_writes_a_record_the_validator_refuses(
    repo: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.factory import write_catalog

    catalog = write_catalog(tmp_path)
    path = tmp_path / "README.md"
    path.write_text("---\nlicense: mit\nmodel_name: Model\n---\n# Model\n", encoding="utf-8")
    assert main(["--catalog", str(catalog), "import", str(path), "--id", repo, "--write"]) == 2
    assert f"error: the model id {repo!r} is " in capsys.readouterr().err
    assert not list(catalog.glob("models/org/*"))
