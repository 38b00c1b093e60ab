"""The warm generator (``generator.incremental``): after any one edit, docs/ holds exactly the
bytes a full run writes, and only the files that changed were written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.incremental import Session

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _same_as_a_full_run(work: Path) -> bool:
    """Whether ``work/docs`` holds the bytes a full run over ``work/catalog`` writes."""
    shutil.rmtree(work / "full", ignore_errors=True)
    pipeline.generate(work / "catalog", work / "full")
    return _tree(work / "docs") == _tree(work / "full")


def _inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def _edits() -> list[tuple[str, str, str]]:
    """(record file, text to find, replacement): one edit per record of the fixture catalog,
    in the field its pages show most (names and summaries), plus a changed reference."""
    edits = []
    for path in sorted(MINI.rglob("*.yaml")):
        rel = path.relative_to(MINI).as_posix()
        text = path.read_text(encoding="utf-8")
        line = next((ln for ln in text.splitlines() if ln.startswith("name: ")), None)
        if line and "{en: " in line:  # a name in both languages, as a flow mapping
            edits.append((rel, line, line.replace("{en: ", "{en: Renamed ")))
        elif line:
            edits.append((rel, line, line + " Renamed"))
        elif "\n  en: " in text:
            edits.append((rel, "\n  en: ", "\n  en: Edited. "))
    edits.append(("models/open/Chat-7B.yaml", "license: open-license", "license: base-terms"))
    return edits


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "catalog")
    return tmp_path


@pytest.mark.parametrize(("rel", "find", "replace"), _edits(), ids=lambda v: str(v)[:40])
def test_one_edit_gives_the_bytes_of_a_full_run(work: Path, rel: str, find: str, replace: str) -> None:
    session = Session(work / "catalog", work / "docs")
    problems, first = session.run()
    assert not problems and first is not None and first.full
    before = _inodes(work / "docs")

    record = work / "catalog" / rel
    text = record.read_text(encoding="utf-8")
    assert find in text
    record.write_text(text.replace(find, replace, 1), encoding="utf-8")
    problems, report = session.run()
    assert not problems and report is not None and not report.full
    assert report.changed_records == 1

    assert _same_as_a_full_run(work)
    after = _inodes(work / "docs")
    rewritten = {rel for rel, ino in after.items() if before.get(rel) != ino}
    assert 0 < report.files_written == len(rewritten) < len(after)


#: Edits of facts (not names) that other records' rows in listings show: a warm run keeps a
#: record's rows while its page is not remade (``memo.Kept``), so each must reach every row.
FACT_EDITS = [
    ("licenses/base-terms.yaml", "commercial_use: restricted", "commercial_use: allowed"),  # inherited verdicts
    ("models/open/Chat-7B.yaml", "value: 55.25", "value: 56.25"),  # scores: tables, pivot, CSV
    ("models/acme/Base-7B.yaml", "parameters: 7B", "parameters: 8B"),
    ("models/open/Chat-7B.yaml", "relation: finetune", "relation: merge"),
    ("quants/packer/Chat-7B-GGUF.yaml", "size: 4.77 GB", "size: 4.07 GB"),  # file order by size
    ("quants/packer/Chat-7B-GGUF.yaml", "quantized_by: packer", "quantized_by: someone"),
    ("models/open/Chat-7B.yaml", "prompt_format: chatml\n", ""),  # the prompt then comes from a repository
    ("models/open/Chat-7B.yaml", "datasets: [wikitext]", "datasets: []"),
    ("models/acme/Base-7B.yaml", "license: base-terms", "license: open-license"),
    ("models/open/Chat-7B.yaml", "  - benchmark: chat\n    value: 7.038125\n", "  - benchmark: chat\n    value: 7.5\n"),
]


def test_fact_edits_one_after_another_give_the_bytes_of_a_full_run(work: Path) -> None:
    session = Session(work / "catalog", work / "docs")
    session.run()
    for rel, find, replace in FACT_EDITS:
        record = work / "catalog" / rel
        text = record.read_text(encoding="utf-8")
        assert find in text, (rel, find)
        record.write_text(text.replace(find, replace, 1), encoding="utf-8")
        problems, report = session.run()
        assert not problems and report is not None and report.changed_records == 1, (rel, find)
        assert _same_as_a_full_run(work), (rel, find)


def test_links_worked_out_again_for_the_changed_records_are_all_the_links(work: Path) -> None:
    """A warm run updates which records name which (``Links.updated``) from the changed
    records only: after each edit, and after adding and removing a record, that equals the
    links worked out from the whole catalog."""
    from generator import read
    from generator.incremental import Links, _changed, _records

    cache: dict = {}
    links = Links.of(read.read(work / "catalog", cache=cache)[0])
    extra = work / "catalog" / "models" / "open" / "Extra-7B.yaml"
    steps = [*FACT_EDITS, ("add", "", ""), ("remove", "", "")]
    for rel, find, replace in steps:
        if rel == "add":
            extra.write_text((work / "catalog" / "models" / "open" / "Chat-7B.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        elif rel == "remove":
            extra.unlink()
        else:
            record = work / "catalog" / rel
            record.write_text(record.read_text(encoding="utf-8").replace(find, replace, 1), encoding="utf-8")
        catalog = read.read(work / "catalog", cache=cache)[0]
        records = _records(catalog)
        changed = _changed(links.records, records)
        assert len(changed) == 1, rel
        links = links.updated(catalog, records, changed)
        assert links.named_by == Links.of(catalog).named_by, rel


def test_an_edit_reports_the_problems_it_makes_in_records_it_did_not_touch(work: Path) -> None:
    """The cross-record check keeps each unchanged record's problems between runs: an edit
    that breaks another record (its reference gone, its score out of a new range) is reported
    there, and so is the mend."""
    session = Session(work / "catalog", work / "docs")
    assert session.run()[0] == []
    license_file = work / "catalog" / "licenses" / "base-terms.yaml"
    kept = license_file.read_text(encoding="utf-8")
    license_file.unlink()
    problems, report = session.run()
    assert report is None
    assert [(p.path, p.field) for p in problems] == [("catalog/models/acme/Base-7B.yaml", "license")]
    license_file.write_text(kept, encoding="utf-8")
    assert session.run()[0] == []

    bench = work / "catalog" / "benchmarks" / "quiz.yaml"
    bench.write_text(bench.read_text(encoding="utf-8").replace("range: {min: 0, max: 100}", "range: {min: 0, max: 50}"), encoding="utf-8")
    problems, report = session.run()  # Chat-7B scores 55.25, 61 and 58.5 on it; Base-7B 40.5
    assert report is None and problems
    assert all(p.path == "catalog/models/open/Chat-7B.yaml" and "outside the range" in p.message for p in problems)


def test_adding_and_removing_a_record(work: Path) -> None:
    session = Session(work / "catalog", work / "docs")
    session.run()
    extra = work / "catalog" / "licenses" / "extra-terms.yaml"
    shutil.copy(work / "catalog" / "licenses" / "base-terms.yaml", extra)
    assert session.run()[1] is not None
    assert _same_as_a_full_run(work)
    extra.unlink()
    assert session.run()[1] is not None
    assert _same_as_a_full_run(work)


def test_a_broken_edit_writes_nothing_and_the_next_good_one_catches_up(work: Path) -> None:
    session = Session(work / "catalog", work / "docs")
    session.run()
    snapshot = _tree(work / "docs")
    record = work / "catalog" / "datasets" / "wikitext.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good + "typo_field: 1\n", encoding="utf-8")
    problems, report = session.run()
    assert report is None and [p.field for p in problems] == ["typo_field"]
    assert _tree(work / "docs") == snapshot
    record.write_text(good.replace("name: ", "name: New ", 1), encoding="utf-8")
    problems, report = session.run()
    assert not problems and report is not None and report.changed_records == 1
    assert _same_as_a_full_run(work)


def test_nothing_changed_writes_nothing(work: Path) -> None:
    session = Session(work / "catalog", work / "docs")
    session.run()
    before = _inodes(work / "docs")
    problems, report = session.run()
    assert not problems
    assert report is not None and report.changed_records == 0 and report.files_written == 0
    assert _inodes(work / "docs") == before


def test_edits_in_a_synthetic_catalog_give_the_bytes_of_a_full_run(tmp_path: Path) -> None:
    import random

    from bench.scale import synthesize

    synthesize(tmp_path / "catalog", 40, seed=3)
    session = Session(tmp_path / "catalog", tmp_path / "docs")
    session.run()
    files = sorted(p for p in (tmp_path / "catalog").rglob("*.yaml") if "\nname: " in p.read_text(encoding="utf-8"))
    for path in random.Random(7).sample(files, 6):
        text = path.read_text(encoding="utf-8")
        line = next(ln for ln in text.splitlines() if ln.startswith("name: "))
        path.write_text(text.replace(line, line + " v2", 1), encoding="utf-8")
        problems, report = session.run()
        assert not problems and report is not None and report.changed_records == 1, path
        assert _same_as_a_full_run(tmp_path), path


def test_random_fact_edits_in_a_synthetic_catalog_give_the_bytes_of_a_full_run(tmp_path: Path) -> None:
    """Facts other records' rows show (licenses, scores, sizes, parameters), changed at random
    in a warm session one after another: every run writes what a full run writes."""
    import random
    import re

    from bench.scale import synthesize

    synthesize(tmp_path / "catalog", 40, seed=5)
    session = Session(tmp_path / "catalog", tmp_path / "docs")
    session.run()
    rng = random.Random(11)
    licenses = sorted(p.stem for p in (tmp_path / "catalog" / "licenses").glob("*.yaml"))
    edits = {
        r"^license: (\S+)$": lambda m: f"license: {rng.choice([x for x in licenses if x != m.group(1)])}",
        r"^  value: ([0-9.]+)$": lambda m: f"  value: {round(rng.uniform(1, 99), 2)}",
        r"^  size: ([0-9.]+) GB$": lambda m: f"  size: {round(rng.uniform(0.5, 40), 2)} GB",
        r"^parameters: (\S+)$": lambda m: f"parameters: {rng.choice(['1.1B', '3B', '7B', '13B', '70B'])}",
    }
    files = sorted((tmp_path / "catalog").rglob("*.yaml"))
    done = 0
    while done < 8:
        path = rng.choice(files)
        text = path.read_text(encoding="utf-8")
        pattern, change = rng.choice(list(edits.items()))
        found = list(re.finditer(pattern, text, re.M))
        if not found:
            continue
        m = rng.choice(found)
        path.write_text(text[: m.start()] + change(m) + text[m.end() :], encoding="utf-8")
        problems, report = session.run()
        assert not [p for p in problems if p.severity == "error"] and report is not None, (path, m.group(0))
        assert _same_as_a_full_run(tmp_path), (path, m.group(0))
        done += 1


def test_pages_shared_out_between_processes_give_the_bytes_of_one_process(tmp_path: Path) -> None:
    """A full run shares its pages out between forked workers (``pipeline._render_pages``)
    once a site has 200 pages or more: any number of workers writes what one process does."""
    from bench.scale import synthesize

    synthesize(tmp_path / "catalog", 90, seed=5)
    assert len(pipeline.page_data.pages_of(pipeline.load(tmp_path / "catalog")[0])) >= 200
    for jobs in (1, 2, 3):
        problems, written = pipeline.generate_counted(tmp_path / "catalog", tmp_path / f"docs-{jobs}", jobs=jobs)
        assert not problems and written is not None and written.kept == 0
    assert _tree(tmp_path / "docs-1") == _tree(tmp_path / "docs-2") == _tree(tmp_path / "docs-3")
    # ... and a tool page's data file, which two pages share, is written once, whole.
    assert (tmp_path / "docs-2" / "en" / "tools" / "models-data.js").stat().st_size > 0
