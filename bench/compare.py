#!/usr/bin/env python3
"""`make bench`: the plain stack and the Model Atlas on the same number of models, in one run.

The plain stack (``../shared/bench/``: YAML -> Jinja -> Markdown pipe tables -> MkDocs
Material with mkdocs-static-i18n, two pages per model) is the yardstick: this machine is
shared and noisy, so only ratios measured in one run mean anything. Both sides are timed
as separate processes (wall and CPU, children included). Printed: pages, generate, build,
total, build cost per page, search index bytes per page per language, a model page's HTML,
the site's size, the Atlas's one-record edit (a warm generator, as a preview keeps one)
and the time from opening the home page from disk (file://) to the first search result,
in Chromium. Results also go to ``bench/results/compare-<N>.json``.

    python bench/compare.py --models 2000 [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "bench"
PLAIN_VENV = REPO / "bench" / ".venv-plain"
PLAIN_LOCK = REPO / "bench" / "plain-stack.lock"
if str(REPO) not in sys.path:  # run as a script: make the generator importable
    sys.path.insert(0, str(REPO))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``command``; its wall and CPU seconds (the process and everything it waited for)."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return {"wall_s": round(wall, 2), "cpu_s": round(_children_cpu() - cpu, 2)}


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.relative_to(site).parts]


# --- the plain stack --------------------------------------------------------------------------


def plain_venv() -> Path:
    """The plain stack's own virtual environment, from its hash-pinned lock."""
    python = PLAIN_VENV / "bin" / "python"
    stamp = PLAIN_VENV / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < PLAIN_LOCK.stat().st_mtime:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PLAIN_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--require-hashes",
             "--no-deps", "-r", str(PLAIN_LOCK)],
            check=True,
        )
        stamp.touch()
    return python


def plain(models: int, work: Path) -> dict[str, Any]:
    python = plain_venv()
    out = work / "plain"
    shutil.rmtree(out, ignore_errors=True)
    generate = _timed([str(python), str(SHARED / "plain_stack.py"), str(out), str(models), "--nav", "slim"], REPO)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = _timed([str(python), "-m", "mkdocs", "build", "--quiet"], out, env)
    site = out / "site"
    pages = _pages(site)
    index = sum(p.stat().st_size for p in site.rglob("search_index.json"))
    model_page = next(p for p in sorted(pages) if "models" in p.relative_to(site).parts or p.parent != site)
    return {
        "pages": len(pages),
        "languages": 2,
        "generate": generate,
        "build": build,
        "site_bytes": _size(site),
        "search_index_bytes": index,
        "model_page_bytes": model_page.stat().st_size,
        "site": str(site),
    }


# --- the Atlas ------------------------------------------------------------------------------


def atlas(models: int, work: Path) -> dict[str, Any]:
    from bench import scale
    from generator import languages
    from generator.site.build import site_root

    result = scale.run(models, 0, work / "atlas")
    steps = {s["step"]: s for s in result["steps"]}
    site = work / "atlas" / "site"
    pages = _pages(site)
    per_language = {code: [p for p in pages if p.relative_to(site).as_posix().startswith(site_root(code)) and
                           (site_root(code) or not any(p.relative_to(site).as_posix().startswith(site_root(c))
                                                       for c in languages.codes() if site_root(c)))] for code in languages.codes()}
    index = {code: sum(p.stat().st_size for p in (site / site_root(code)).glob("assets/search/*") if p.is_file())
             or sum(p.stat().st_size for p in (site / site_root(code) / "search").glob("*.json"))
             for code in languages.codes()}
    model_pages = sorted((site / "models").rglob("*.html"))
    model_pages = [p for p in model_pages if p.name != "index.html"]
    edit = _warm_edit(work / "atlas")
    return {
        "pages": len(pages),
        "languages": len(languages.codes()),
        "validate": steps["validate"],
        "generate": steps["generate"],
        "build": steps["build"],
        "site_bytes": _size(site),
        "search_index_bytes": sum(index.values()),
        "search_index_bytes_per_page": {code: round(index[code] / max(1, len(per_language[code]))) for code in index},
        "model_page_bytes": max(p.stat().st_size for p in model_pages),
        "model_page_bytes_median": sorted(p.stat().st_size for p in model_pages)[len(model_pages) // 2],
        "edit": edit,
        "tool_pages": result["tool_pages"],
        "site": str(site),
    }


_EDIT = """
import json, sys, time
sys.path.insert(0, sys.argv[3])
from pathlib import Path
from generator.incremental import Session
session = Session(Path(sys.argv[1]), Path(sys.argv[2]))
session.run()
record = sorted(Path(sys.argv[1], "models").rglob("*.yaml"))[len(list(Path(sys.argv[1], "models").rglob("*.yaml"))) // 2]
text = record.read_text(encoding="utf-8")
record.write_text(text.replace("name: ", "name: Edited ", 1), encoding="utf-8")
start, cpu = time.perf_counter(), time.process_time()
problems, report = session.run()
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
record.write_text(text, encoding="utf-8")
session.run()
print(json.dumps({"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "pages_rendered": report.pages_rendered,
                  "files_written": report.files_written, "record": record.name}))
"""


def _warm_edit(work: Path) -> dict[str, Any]:
    """One record edited in a warm generator: how long its run takes and what it rewrote."""
    docs = work / "edit-docs"
    result = subprocess.run([sys.executable, "-c", _EDIT, str(work / "catalog"), str(docs), str(REPO)],
                            capture_output=True, text=True, check=False, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(f"the warm edit failed:\n{result.stderr[-3000:]}")
    shutil.rmtree(docs, ignore_errors=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- search from disk -------------------------------------------------------------------------


def first_search_result(site: Path, query: str, kind: str) -> float:
    """Seconds from opening ``site``'s home page from disk to the first search result."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM_FLAGS

    inputs = {"atlas": ".atlas-search__input", "material": "input.md-search__input"}
    results = {"atlas": ".atlas-search__result", "material": ".md-search-result__item"}
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("Chromium is not installed (apt-get install chromium); or pass --no-search")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto((site / "index.html").as_uri())
        box = page.locator(inputs[kind]).first
        if not box.is_visible():
            page.locator("label[for=__search], .atlas-search__open").first.click()
        box.click()
        box.type(query)
        page.locator(results[kind]).first.wait_for(timeout=120_000)
        seconds = time.perf_counter() - start
        browser.close()
    return round(seconds, 2)


# --- the report -------------------------------------------------------------------------------


def _ratio(atlas_value: float, plain_value: float) -> str:
    return f"{atlas_value / plain_value:.2f}x" if plain_value else "-"


def table(plain_r: dict[str, Any], atlas_r: dict[str, Any]) -> str:
    p_total = {k: plain_r["generate"][k] + plain_r["build"][k] for k in ("wall_s", "cpu_s")}
    a_total = {k: atlas_r["generate"][k] + atlas_r["build"][k] for k in ("wall_s", "cpu_s")}
    p_page = plain_r["build"]["wall_s"] / plain_r["pages"] * 1000
    a_page = atlas_r["build"]["wall_s"] / atlas_r["pages"] * 1000
    p_index = plain_r["search_index_bytes"] / plain_r["pages"]
    a_index = max(atlas_r["search_index_bytes_per_page"].values())
    rows = [
        "| | plain stack | Model Atlas | ratio |",
        "| --- | ---: | ---: | ---: |",
        f"| pages (all languages) | {plain_r['pages']:,} | {atlas_r['pages']:,} | {_ratio(atlas_r['pages'], plain_r['pages'])} |",
        f"| generate, wall / CPU (s) | {plain_r['generate']['wall_s']} / {plain_r['generate']['cpu_s']} | "
        f"{atlas_r['generate']['wall_s']} / {atlas_r['generate']['cpu_s']} (validate alone {atlas_r['validate']['wall_s']}) | "
        f"{_ratio(atlas_r['generate']['wall_s'], plain_r['generate']['wall_s'])} |",
        f"| build, wall / CPU (s) | {plain_r['build']['wall_s']} / {plain_r['build']['cpu_s']} | "
        f"{atlas_r['build']['wall_s']} / {atlas_r['build']['cpu_s']} | {_ratio(atlas_r['build']['wall_s'], plain_r['build']['wall_s'])} |",
        f"| total wall (s) | {p_total['wall_s']:.1f} | {a_total['wall_s']:.1f} | {_ratio(a_total['wall_s'], p_total['wall_s'])} |",
        f"| total CPU (s) | {p_total['cpu_s']:.1f} | {a_total['cpu_s']:.1f} | {_ratio(a_total['cpu_s'], p_total['cpu_s'])} |",
        f"| build wall per page (ms) | {p_page:.1f} | {a_page:.1f} | {_ratio(a_page, p_page)} |",
        f"| search index per page per language (bytes) | {p_index:,.0f} (one index, both languages) | "
        + " / ".join(f"{code} {v:,}" for code, v in atlas_r["search_index_bytes_per_page"].items())
        + f" | {_ratio(a_index, p_index)} |",
        f"| a model page's HTML (KB) | {plain_r['model_page_bytes'] / 1e3:.1f} | {atlas_r['model_page_bytes'] / 1e3:.1f} max, "
        f"{atlas_r['model_page_bytes_median'] / 1e3:.1f} median | {_ratio(atlas_r['model_page_bytes'], plain_r['model_page_bytes'])} |",
        f"| site (MB) | {plain_r['site_bytes'] / 1e6:.1f} | {atlas_r['site_bytes'] / 1e6:.1f} | {_ratio(atlas_r['site_bytes'], plain_r['site_bytes'])} |",
        f"| one-record edit, warm (s) | - | {atlas_r['edit']['wall_s']} wall, {atlas_r['edit']['cpu_s']} CPU; "
        f"{atlas_r['edit']['pages_rendered']} pages rendered, {atlas_r['edit']['files_written']} files written | |",
    ]
    if "first_search_s" in plain_r:
        rows.append(
            f"| from disk: page load to first search result (s) | {plain_r['first_search_s']} | "
            + " / ".join(f"{code} {v}" for code, v in atlas_r["first_search_s"].items())
            + f" | {_ratio(max(atlas_r['first_search_s'].values()), plain_r['first_search_s'])} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument("--no-search", action="store_true", help="skip the search timing (no Chromium)")
    args = parser.parse_args(argv)
    if not (SHARED / "plain_stack.py").is_file():
        parser.error(f"the plain stack is not at {SHARED}: the benchmark needs ../shared/bench/ beside the clone")
    work = args.keep.absolute() if args.keep else Path(tempfile.mkdtemp(prefix="atlas-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"plain stack, {args.models:,} models ...", flush=True)
        plain_r = plain(args.models, work)
        print(f"Model Atlas, {args.models:,} models ...", flush=True)
        atlas_r = atlas(args.models, work)
        if not args.no_search:
            from generator import languages
            from generator.site.build import site_root

            plain_r["first_search_s"] = first_search_result(Path(plain_r["site"]), "Llama", "material")
            atlas_r["first_search_s"] = {
                code: first_search_result(Path(atlas_r["site"]) / site_root(code), "Model", "atlas") for code in languages.codes()
            }
        out = REPO / "bench" / "results" / f"compare-{args.models}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"plain": plain_r, "atlas": atlas_r}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print()
        print(table(plain_r, atlas_r))
        print(f"\n(results in {out.relative_to(REPO)})")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
