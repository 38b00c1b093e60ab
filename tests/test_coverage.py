"""Translation coverage counts everything a Chinese page shows in words: the site's name and
footer, the interface, record text, and names that have a Chinese form (not record text
only, which let the page say nothing was missing while English showed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import load
from generator.resolve import coverage

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini" / "catalog"


@pytest.fixture(scope="module")
def rows() -> list[coverage.Covered]:
    catalog, _ = load(FIXTURE)
    return [row for row in coverage.coverage(catalog) if row.lang == "zh"]


def _status(rows: list[coverage.Covered], kind: str, rid: str, field: str) -> str:
    (row,) = [r for r in rows if (r.kind, r.id, r.field) == (kind, rid, field)]
    return row.status


def test_every_area_is_counted(rows: list[coverage.Covered]) -> None:
    assert {r.area for r in rows} == set(coverage.AREAS)
    site = {r.id: r.status for r in rows if r.area == "site"}
    assert site == {"site.title": "translated", "footer.text": "translated", "footer.builder.mkdocs": "translated", "footer.builder.zensical": "translated"}
    assert sum(r.area == "ui" for r in rows) == len(coverage.ui_table("en")) - len(site)


def test_names_count_as_translated_or_missing(rows: list[coverage.Covered]) -> None:
    assert _status(rows, "license", "base-terms", "name") == "translated"  # {en, zh, zh_source}
    assert _status(rows, "license", "open-license", "name") == "missing"  # plain text
    assert _status(rows, "benchmark", "quiz", "metric") == "translated"
    assert _status(rows, "benchmark", "chat", "metric") == "missing"
    assert _status(rows, "model", "open/Chat-7B", "scores[1].setting") == "translated"
    assert _status(rows, "model", "open/Chat-7B", "scores[2].setting") == "missing"
    assert _status(rows, "model", "open/Chat-7B", "sources[0].title") == "translated"
    assert _status(rows, "model", "open/Chat-7B", "sources[1].title") == "missing"
    # Words of a fixed vocabulary, translated through the UI strings.
    assert _status(rows, "model", "open/Chat-7B", "pipeline_tag") == "translated"  # text-generation
    assert _status(rows, "model", "acme/Base-7B", "pipeline_tag") == "missing"  # fill-mask
    assert _status(rows, "model", "open/Chat-7B", "scores[0].split") == "translated"  # test


def test_a_ui_string_without_its_translation_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    english = coverage.ui_table("en")
    partial = {k: v for k, v in coverage.ui_table("zh").items() if k != "model.facts"}
    monkeypatch.setattr(coverage, "ui_table", lambda code: partial if code == "zh" else english)
    catalog, _ = load(FIXTURE)
    missing = [r.id for r in coverage.coverage(catalog) if r.lang == "zh" and r.area == "ui" and r.status == "missing"]
    assert missing == ["model.facts"]
