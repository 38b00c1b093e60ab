"""Linear time: adversarial repetitions in every text field, and in a model card, stay cheap.

Every pattern applied to untrusted text must be linear-time; a backtracking one that is not
turns a few kilobytes into minutes of CI (a code-span pattern on backtick runs of rising
length took a minute for one field; a run of '{' and a run of spaces in a heading were
quadratic). This property test draws adversarial shapes (``adversarial.UNITS`` x
``adversarial.FORMS``: a run of each special character, runs of rising length, a unit
repeated with letters or spaces, long lines) and sends each, at the length limit of each
field, through

- every text filter and the site's Markdown and sanitiser (20,000 characters, the prose limit);
- validation and rendering of the whole catalog with the text in every text and link field
  (each at its limit, every file under the 256 KiB limit);
- the importer, as a model card at the card size limit (2 MiB).

The examples run in a child process, and before each stage the child lets itself use only
``adversarial.STAGE_CPU`` more CPU seconds (RLIMIT_CPU): the kernel stops a stage beyond
that, and the test names it. No clock is read; the measured costs are in
``adversarial.STAGE_CPU``'s comment (``make bench`` is the place for speed targets).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The shapes that were super-linear before (issue 12, class 3), always run, through the
#: stages where they were (the drawn examples go through all three).
KNOWN = [
    ("`", "rising", "text"),  # the code-span pattern: a minute for one field
    ("{", "run", "text"),  # the attribute-list pattern
    ("[", "run", "text,catalog"),  # the builder's link parsing; the search summary's link pattern
    ("+ ", "run", "text"),  # the builder's list nesting: a RecursionError
    ("\t", "heading", "text,import"),  # a run in a heading: the builder, and the importer (35 s)
]
#: How many more examples Hypothesis draws per run (replayed in CI, new ones locally).
DRAWN = 2


def test_adversarial_text_stays_within_its_cpu_budget_everywhere() -> None:
    fixed = [part for unit, form, stages in KNOWN for part in (json.dumps(unit), form, stages)]
    command = [sys.executable, "-m", "tests.hostile.adversarial", str(DRAWN), *fixed]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False, timeout=1800)
    stages = [line for line in result.stdout.splitlines() if line.startswith("STAGE")]
    where = stages[-1] if stages else "before the first stage"
    assert result.returncode == 0, (
        f"{where}: exit {result.returncode} (-24, SIGXCPU: the stage went over its CPU budget)\n{result.stderr[-3000:]}"
    )
    assert result.stdout.rstrip().endswith("DONE")
    assert len(stages) >= sum(len(known[2].split(",")) for known in KNOWN) + 3
