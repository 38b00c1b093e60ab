"""The scale benchmark at a small size: its synthetic catalog validates, generates and builds.

Runs ``bench/scale.py`` as ``make bench`` does, with 30 models instead of 2,000, and checks
what it produced. No timing is asserted (timings belong to the benchmark's report).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.scale import synthesize
from generator import languages
from generator.pipeline import load
from generator.resolve.pages import plan, record_path
from tests.html_support import page_url

REPO = Path(__file__).resolve().parents[1]
MODELS = 30

pytestmark = [pytest.mark.slow, pytest.mark.build]


def test_synthetic_catalog_is_valid_and_deterministic(tmp_path: Path) -> None:
    counts = synthesize(tmp_path / "a" / "catalog", MODELS, seed=3)
    synthesize(tmp_path / "b" / "catalog", MODELS, seed=3)
    first = {p.relative_to(tmp_path / "a").as_posix(): p.read_bytes() for p in (tmp_path / "a").rglob("*.yaml")}
    second = {p.relative_to(tmp_path / "b").as_posix(): p.read_bytes() for p in (tmp_path / "b").rglob("*.yaml")}
    assert first == second
    assert counts["model"] == MODELS and counts["quant"] > 0

    result = subprocess.run(
        [sys.executable, "-m", "generator", "--catalog", str(tmp_path / "a" / "catalog"), "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    catalog, _ = load(tmp_path / "a" / "catalog")
    assert {kind: len(records) for kind, records in catalog.records.items()} == counts
    # The synthetic catalog exercises what the pages show: lineage, scores, both file layouts, Chinese.
    assert any(m.base_models for m in catalog.models.values())
    assert any(s.breakdown for m in catalog.models.values() for s in m.scores)
    assert {q.format for q in catalog.quants.values()} == {"gguf", "gptq"}
    assert any(m.summary.zh for m in catalog.models.values())


def test_benchmark_script_validates_generates_and_builds(tmp_path: Path) -> None:
    work, out = tmp_path / "work", tmp_path / "result.json"
    result = subprocess.run(
        [sys.executable, "bench/scale.py", "--models", str(MODELS), "--keep", str(work), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for step in ("| validate |", "| generate |", "| build |", "| total |"):
        assert step in result.stdout

    report = json.loads(out.read_text(encoding="utf-8"))
    catalog, _ = load(work / "catalog")
    assert report["records"]["model"] == MODELS == len(catalog.models)
    assert [s["step"] for s in report["steps"]] == ["validate", "generate", "build"]
    assert all(s["wall_s"] >= 0 and s["cpu_s"] >= 0 and s["peak_rss_mb"] > 0 for s in report["steps"])
    assert report["pages"] == 2 * len(plan(catalog))

    site = work / "site"
    for model_id in catalog.models:
        for lang in languages.codes():
            assert (site / page_url(record_path("model", model_id), lang)).is_file(), (model_id, lang)
    assert (site / "api" / "catalog.json").is_file()
    assert report["site_mb"] > 0 and report["search_index_mb"] > 0
    # The tool pages' weight: their HTML and the scripts only they load, their data included.
    assert sorted(report["tool_pages"]) == sorted(("models/index.html", "compare/index.html", "fit/index.html"))
    for weights in report["tool_pages"].values():
        assert weights["scripts_kb"] > 0 and weights["total_kb"] > weights["gzip_kb"] > 0
    assert "| fit/index.html |" in result.stdout
