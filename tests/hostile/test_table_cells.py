"""Class 10 of the second hostile round: table cells keep all their text, whatever it holds.

Data tables were Markdown pipe tables: an escaped pipe in a score note cut the rest of the
cell, a pipe in a URL left raw Markdown in the cell, code cells showed ``\\|``. They are now
HTML the generator writes (``render/tables.py``), which Markdown does not read: each cell
is built and escaped as a whole. Checked on the built pages (both builders' input is the same).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.site import build
from tests.html_support import read_page

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

NOTE = r"left \| middle | right `a|b` end"
URL = "https://example.org/a|b?c=d|e"
BRANCH = "gptq-4bit|32g`x`"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cells")
    catalog = work / "catalog"
    shutil.copytree(MINI, catalog)
    model = catalog / "models" / "open" / "Chat-7B.yaml"
    text = model.read_text(encoding="utf-8")
    text = text.replace(
        "    source: {url: https://example.org/paper, kind: paper}",
        f"    source: {{url: \"{URL}\", kind: paper}}\n    note:\n      en: '{NOTE}'",
    )
    model.write_text(text, encoding="utf-8")
    quant = catalog / "quants" / "packer" / "Chat-7B-GPTQ.yaml"
    quant.write_text(quant.read_text(encoding="utf-8").replace("- branch: main", f"- branch: '{BRANCH}'"), encoding="utf-8")
    problems = pipeline.generate(catalog, work / "docs")
    assert not [p.text() for p in problems if p.severity == "error"]
    build.build(REPO / "mkdocs.yml", work / "site", docs=work / "docs")
    return work / "site"


def test_a_note_with_pipes_and_code_keeps_all_its_text(site: Path) -> None:
    page = read_page(site, "models/open/Chat-7B.md")
    (scores,) = page.tables_under("Benchmark scores")
    cell = next(row[scores.column("Source")].text for row in scores.rows if "left" in row[scores.column("Source")].text)
    assert "left \\| middle | right a|b end" in cell, cell  # every word, the escape as written, code as code


def test_a_url_with_pipes_stays_one_link(site: Path) -> None:
    html = (site / "models" / "open" / "Chat-7B.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/a|b?c=d|e"' in html
    assert "](" not in html.split("<article", 1)[1].split("</article>", 1)[0]  # no raw Markdown link left


def test_a_code_cell_shows_its_pipe_without_a_backslash(site: Path) -> None:
    page = read_page(site, "quants/packer/Chat-7B-GPTQ.md")
    (files,) = page.tables_under("Quantized files")
    assert files.rows[0][0].text == BRANCH
