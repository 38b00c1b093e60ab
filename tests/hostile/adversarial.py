"""Adversarial text for the linear-time tests: repetitions that make a pattern super-linear.

A backtracking pattern is quadratic (or worse) when one input position can start many
attempts that each scan far: a run of one special character, runs of rising length (a
code span's backtick runs), a unit repeated without the character that would close it,
a long line. ``shape(unit, length, form)`` builds such a text of exactly ``length``
characters; ``UNITS`` and ``FORMS`` list what the tests draw from.

``fill_catalog`` puts one text into every text and link field of the base catalog at
once, each cut to its field's length limit and every file kept under the size limit;
``card`` makes a model card of it (front matter, headings, paragraphs, tables, a
flattened line).

``python -m tests.hostile.adversarial sweep [STAGES]`` runs every unit in every form and
prints what each stage cost (a few minutes per stage; not a test): the tests draw two
examples a run, the sweep finds the slow shapes at once.
"""

from __future__ import annotations

import contextlib
import copy
import json
import string
import sys
from collections.abc import Callable
from pathlib import Path

from generator.importer import card as cards
from generator.read.yamlsource import MAX_BYTES
from tests.hostile import inject

#: Every ASCII punctuation character, the whitespace Markdown cares about, other line and
#: space characters, and units of the syntax the filters and the builder look for.
UNITS: tuple[str, ...] = (
    *string.punctuation,
    " ", "\t", "\n", "\r", "\u00a0", "\u3000", "\u2028", "\x02",
    "[a](", "![", "](", "[a]:", "<!--", "<a ", "{:", "{#", "{.", "`a", "\\`", "\\\\`", "**", "_ _",
    "- ", "+ ", "* ", "1. ", "> ", "!!! ", "```\n", "~~~\n", "| a ", "|---", "&#", "{{", "# ",
    "\n\n", "  \n", "https://", "//", "a=b ",
)

def _between(prefix: str, suffix: str) -> Callable[[str, int], str]:
    """Units between a prefix and a suffix: a run that something after it must end (the
    shape that makes a pattern retry the whole run from each of its characters)."""
    return lambda unit, n: prefix + unit * ((n - len(prefix) - len(suffix)) // len(unit)) + suffix


FORMS: dict[str, Callable[[str, int], str]] = {
    "run": lambda unit, n: unit * (n // len(unit) + 1),
    "rising": lambda unit, n: _rising(unit, n),
    "with-letter": lambda unit, n: (unit + "a") * (n // (len(unit) + 1) + 1),
    "with-space": lambda unit, n: (unit + " ") * (n // (len(unit) + 1) + 1),
    "middle": _between("x ", " y"),
    "heading": _between("# x", "y"),
    "after-line": _between("x\n", "\ny"),
}


def shape(unit: str, length: int, form: str) -> str:
    """``unit`` repeated in ``form``, exactly ``length`` characters long (the text grows lazily)."""
    return FORMS[form](unit, length)[:length]


def _rising(unit: str, length: int) -> str:
    out: list[str] = []
    size, k = 0, 1
    while size < length:
        out.append(unit * k + "x")
        size += len(unit) * k + 1
        k += 1
    return "".join(out)


#: Length limits of the text fields (schema/records.py): prose, template, stop, one line, link.
_LIMITS = {"Text": 20_000, ("PromptFormat", "template"): 10_000, ("PromptFormat", "stop"): 100}


def _limit(leaf: inject.Leaf) -> int:
    if leaf.category == "url":
        return 2000
    return _LIMITS.get(leaf.owner, _LIMITS.get((leaf.owner, leaf.field), 300))  # type: ignore[call-overload]


def fill_catalog(base: list[inject.RecordFile], text: str) -> list[inject.RecordFile]:
    """``base`` with ``text`` in every text and link field, each file under the size limit."""
    leaves = [leaf for leaf in inject.all_leaves() if leaf.category in ("text", "url")]
    records = copy.deepcopy(base)
    for record in records:
        spots = inject.spots(record, leaves)
        share = 1.0
        for _attempt in range(4):
            for spot in spots:
                limit = int(_limit(spot.leaf) * share)
                value = text[:limit] if spot.leaf.category == "text" else "https://example.org/" + text[: limit - 20]
                inject.put(record.data, spot, value or "x")
            size = len(record.text().encode("utf-8"))
            if size <= MAX_BYTES:
                break
            share *= MAX_BYTES / size * 0.9  # escaped characters take more room in YAML
    return records


def card(text: str, size: int) -> str:
    """A model card of about ``size`` bytes made of ``text``: front matter, headings, prose, tables."""
    front = {
        "license": text[:200], "model_name": text[:200], "tags": [text[:100]] * 3, "language": [text[:50]],
        "base_model": text[:100], "prompt_template": text[:2000], "datasets": [text[:100]],
    }
    meta = "\n".join(f"{key}: {json.dumps(value)}" for key, value in front.items())
    body = [
        f"# {text[:5000]}", text, "## Provided files\n\n| Name | Quant method | Bits | Size |\n|---|---|---|---|",
        *(f"| {text[:300]} | {text[:50]} | 4 | {text[:20]} |" for _ in range(20)),
        f"## Evaluation\n\n| Model | MMLU | C-Eval |\n|---|---|---|\n| {text[:500]} | {text[:30]} | 50 |",
        "flattened " + " ## ".join([text[:2000]] * 3) + " | a | b | |---|---| | 1 | 2 |",
    ]
    doc = f"---\n{meta}\n---\n" + "\n\n".join(body) + "\n"
    while len(doc.encode("utf-8")) < size:
        doc += text + "\n\n"
    raw = doc.encode("utf-8")[: min(size, cards.MAX_BYTES)]
    return raw.decode("utf-8", errors="ignore")


# --- the worker: run in a child process under a CPU limit per stage ----------------------

#: CPU seconds each stage of one example may take (the kernel stops the child beyond it).
#: Measured on the development machine over every unit and form (``UNITS`` x ``FORMS``), the
#: slowest stages take about one second: the whole catalog with every field at its limit (at
#: most 1.0 s), a 2 MiB card (at most 1.4 s, a run of '['), 20,000 characters through every
#: text filter and the site's Markdown (at most 1.0 s, the same run). Making the fixtures is
#: outside the budgets. A super-linear pattern at these sizes takes seconds to minutes (a
#: quadratic link pattern in the search summaries took 22 s for one catalog).
STAGE_CPU = 3


#: The stage running and the process's CPU seconds when it began (for its COST line).
_OPEN: tuple[str, float] | None = None


def _cpu() -> float:
    import resource

    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _budget(seconds: int | None) -> None:
    """Let this process use ``seconds`` more CPU seconds (SIGXCPU ends it beyond that); None:
    no limit until the next stage (while a fixture is made). Ends the stage running, printing
    what it cost."""
    import math
    import resource

    global _OPEN
    spent = _cpu()
    if _OPEN is not None:
        print(f"COST {_OPEN[0]} {spent - _OPEN[1]:.2f}", flush=True)
        _OPEN = None
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (hard if seconds is None else math.ceil(spent) + seconds, hard))


STAGES = ("text", "catalog", "import")


def run_example(unit: str, form: str, work: Path, stages: tuple[str, ...] = STAGES) -> None:
    """The stages of one example, each announced on stdout before it runs."""
    from generator import pipeline
    from generator.importer import assemble

    value = shape(unit, 20_000, form)
    if "text" in stages:
        _text(value, unit, form)
    if "catalog" in stages:
        # The fixture is written outside any stage's budget: the budget is the generator's
        # (dumping 20,000-character values with PyYAML's emitter is not).
        _budget(None)
        inject.write(work / "catalog", fill_catalog(inject.base_records(), value))
        _stage("catalog", unit, form)
        catalog, problems = pipeline.load(work / "catalog")
        if not any(p.severity == "error" for p in problems):
            pipeline.render(catalog)
    if "import" in stages:
        _budget(None)
        path = work / "README.md"
        path.write_text(card(value, cards.MAX_BYTES), encoding="utf-8")
        _stage("import", unit, form)
        with contextlib.suppress(cards.CardError):  # a card refused as a whole is fine too
            assemble.assemble(path, "org/model", None)
    _budget(None)


def _warm(work: Path) -> None:
    """Generate the plain catalog once, outside any budget: what a first run alone costs
    (imports, pandas, compiling the templates) is not the text's cost."""
    from generator import pipeline

    inject.write(work / "catalog", inject.base_records())
    catalog, problems = pipeline.load(work / "catalog")
    assert catalog is not None and not any(p.severity == "error" for p in problems), problems
    pipeline.render(catalog)


def _text(value: str, unit: str, form: str) -> None:
    import markdown
    import pymdownx.slugs
    import pymdownx.superfences

    from generator.render import text as render_text
    from generator.site import sanitize

    _stage("text", unit, form)
    for name in ("block", "inline", "literal", "code_inline", "code_block"):
        getattr(render_text, name)(value)
    configs = {
        "toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")},
        "pymdownx.superfences": {
            "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": pymdownx.superfences.fence_code_format}]
        },
    }
    extensions = ["admonition", "attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]
    for page in (str(render_text.block(value)), f"| a | b |\n|---|---|\n| {render_text.inline(value)} | x |\n"):
        sanitize.clean(markdown.markdown(page, extensions=extensions, extension_configs=configs))


def _stage(stage: str, unit: str, form: str) -> None:
    global _OPEN
    _budget(STAGE_CPU)
    print(f"STAGE {stage} {form} {unit!r}", flush=True)
    _OPEN = (stage, _cpu())


def sweep(stages: tuple[str, ...] = STAGES) -> int:
    """``python -m tests.hostile.adversarial sweep [STAGES]``: every unit in every form through
    ``stages`` (comma-separated), each example in a child process under the tests' budgets.
    Prints each example's CPU seconds per stage, '!!' where a stage took more than half its
    budget or was stopped. Not a test (minutes per stage): run it after changing a pattern
    or a pass over card or record text."""
    import io
    import os
    import signal
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="atlas-sweep-"))
    _warm(work)
    for unit in UNITS:
        for form in sorted(FORMS):
            read, write = os.pipe()
            child = os.fork()
            if child == 0:  # pragma: no cover - the child's output is read below
                os.close(read)
                out = os.fdopen(write, "w")
                sys.stdout = out
                try:
                    with contextlib.redirect_stderr(io.StringIO()):
                        run_example(unit, form, work, stages)
                except Exception as exc:  # reported, not raised: the sweep goes on
                    print(f"ERROR {type(exc).__name__}: {exc}"[:200])
                finally:
                    out.flush()
                    os._exit(0)
            os.close(write)
            with os.fdopen(read) as output:
                lines = output.read().splitlines()
            _, status = os.waitpid(child, 0)
            costs = [line.split()[1:] for line in lines if line.startswith("COST")]
            errors = [line for line in lines if line.startswith("ERROR")]
            stopped = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU
            slow = stopped or bool(errors) or any(float(cost) > STAGE_CPU / 2 for _, cost in costs)
            shown = " ".join([*(f"{stage} {cost}" for stage, cost in costs), *errors, *(["STOPPED (over budget)"] if stopped else [])])
            print(f"{'!!' if slow else '  '} {unit!r:12} {form:12} {shown}", flush=True)
    return 0


def main(argv: list[str]) -> int:
    """``python -m tests.hostile.adversarial EXAMPLES [UNIT FORM STAGES ...]``: the fixed
    examples given (STAGES: comma-separated), then EXAMPLES drawn by Hypothesis through
    every stage (replayed in CI, exploring locally)."""
    import os
    import tempfile

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    ci = bool(os.environ.get("CI") or os.environ.get("MODEL_ATLAS_REQUIRE_BROWSER"))
    work = Path(tempfile.mkdtemp(prefix="atlas-linear-"))
    try:
        _warm(work)
        fixed = argv[1:]
        for unit, form, stages in zip(fixed[0::3], fixed[1::3], fixed[2::3], strict=True):
            run_example(json.loads(unit), form, work, tuple(stages.split(",")))

        @settings(
            max_examples=int(argv[0]), deadline=None, derandomize=ci, database=None if ci else settings().database,
            suppress_health_check=list(HealthCheck),
        )
        @given(st.sampled_from(UNITS), st.sampled_from(sorted(FORMS)))
        def drawn(unit: str, form: str) -> None:
            run_example(unit, form, work)

        drawn()
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["sweep"]:
        sys.exit(sweep(tuple(sys.argv[2].split(",")) if len(sys.argv) > 2 else STAGES))
    sys.exit(main(sys.argv[1:]))
