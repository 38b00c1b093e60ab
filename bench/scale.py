"""Scale benchmark: a synthetic catalog of N models, validated, generated and built, timed.

    python bench/scale.py                 # 2,000 models (what `make bench` runs)
    python bench/scale.py --models 300    # a quicker look
    python bench/scale.py --keep out/     # keep the catalog, docs/ and site/ for inspection

The catalog is synthesized in a temporary folder (nothing in the repository is touched):
models in lineages (fine-tunes of earlier models), each with scores on several benchmarks
and settings, one or two quantized repositories (GGUF files or GPTQ branches), licenses,
datasets and prompt formats, with Chinese text on part of the records so that Chinese pages
and the Chinese search index are exercised as on the real site. The same seed gives the same
catalog.

Each step runs in its own child process, so its wall and CPU time and peak RSS are its own:
``validate`` (load and check every record), ``generate`` (validate again, render en + zh
Markdown and the JSON export, write docs/) and ``build`` (``mkdocs build --strict``).
The weight of the readers' tool pages (explorer, compare, fit: each page's HTML and the
scripts only it loads, its data included) is measured on the built site. Results are
printed as Markdown tables and written to bench/results/scale-<N>.json (or ``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make the generator importable
    sys.path.insert(0, str(REPO))

_SCHEMA_LINE = "# yaml-language-server: $schema={up}schema/{kind}.schema.json\n"

LICENSES = [
    # id, name, commercial_use, attribution, copyleft
    ("apache-2.0", "Apache License 2.0", "allowed", True, False),
    ("mit", "MIT License", "allowed", True, False),
    ("gpl-3.0", "GNU General Public License v3.0", "allowed", True, True),
    ("llama2", "Llama 2 Community License", "restricted", True, False),
    ("cc-by-nc-4.0", "Creative Commons Attribution-NonCommercial 4.0", "forbidden", True, False),
    ("research-only", "Research-only terms", "unclear", False, False),
]
BENCHMARKS = [
    # id, name, max, categories, settings [(shots, split, setting)]
    ("mmlu", "MMLU", 100, ["stem", "humanities", "social", "other"], [(5, "test", None), (0, "test", None)]),
    ("ceval", "C-Eval", 100, ["stem", "social", "humanities", "other", "hard"], [(5, "val", None), (5, "test", None)]),
    ("gsm8k", "GSM8K", 100, [], [(8, "test", "cot"), (0, "test", None)]),
    ("mt-bench", "MT-Bench", 10, [], [(None, None, None)]),
    ("humaneval", "HumanEval", 100, [], [(0, None, "pass@1"), (0, None, "pass@10")]),
]
PROMPTS = {
    "chatml": (
        "ChatML",
        "<|im_start|>system\n{system_message}<|im_end|>\n<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n",
    ),
    "alpaca": ("Alpaca", "### Instruction:\n{prompt}\n\n### Response:\n"),
    "tulu": ("Tulu", "<|user|>\n{prompt}\n<|assistant|>\n"),
}
SIZES = ["1.1B", "3B", "7B", "13B", "34B", "70B"]
GGUF_METHODS = [
    ("Q2_K", 2, 0.42),
    ("Q3_K_M", 3, 0.49),
    ("Q4_K_M", 4, 0.61),
    ("Q5_K_M", 5, 0.71),
    ("Q6_K", 6, 0.82),
    ("Q8_0", 8, 1.06),
]
ZH_SUMMARY = "一个用于中英文对话、代码生成和数学推理的开放权重语言模型，基于{base}训练，参数量为{size}。"
ZH_CAUTION = "模型可能产生不准确或有偏见的内容，请在使用前自行评估。"


def _write(root: Path, folder: str, record_id: str, kind: str, data: dict[str, Any]) -> None:
    path = root / folder / f"{record_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    depth = record_id.count("/") + 1
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    path.write_text(_SCHEMA_LINE.format(up="../" * depth, kind=kind) + body, encoding="utf-8")


def _source(url: str) -> list[dict[str, str]]:
    return [{"url": url}]


def synthesize(root: Path, models: int, seed: int = 0) -> dict[str, int]:
    """Write a valid catalog of ``models`` models under ``root``; returns record counts by kind."""
    rng = random.Random(seed)
    counts = {"model": 0, "quant": 0, "dataset": 0, "license": 0, "benchmark": 0, "prompt-format": 0}

    for lid, name, commercial, attribution, copyleft in LICENSES:
        _write(
            root,
            "licenses",
            lid,
            "license",
            {
                "name": name,
                "url": f"https://example.org/licenses/{lid}",
                "commercial_use": commercial,
                "attribution": attribution,
                "copyleft": copyleft,
                "use_restrictions": [{"en": "No use to harm people or to break the law."}]
                if commercial != "allowed"
                else [],
                "summary": {"en": f"The {name}.", "zh": f"{name}许可证。", "zh_source": "translated"},
                "sources": _source(f"https://example.org/licenses/{lid}"),
            },
        )
        counts["license"] += 1
    for bid, name, top, categories, _ in BENCHMARKS:
        _write(
            root,
            "benchmarks",
            bid,
            "benchmark",
            {
                "name": name,
                "url": f"https://example.org/benchmarks/{bid}",
                "metric": "accuracy" if top == 100 else "score",
                "range": {"min": 0, "max": top},
                "higher_is_better": True,
                "categories": [{"id": c, "name": {"en": c.title()}} for c in categories],
                "description": {"en": f"{name}, a benchmark used to compare language models."},
                "sources": _source(f"https://example.org/benchmarks/{bid}"),
            },
        )
        counts["benchmark"] += 1
    for pid, (name, template) in PROMPTS.items():
        _write(
            root,
            "prompt-formats",
            pid,
            "prompt-format",
            {
                "name": name,
                "template": template,
                "sources": _source(f"https://example.org/prompts/{pid}"),
            },
        )
        counts["prompt-format"] += 1
    datasets = [f"corpus-org/corpus-{i:02d}" for i in range(12)] + ["wikitext"]
    for did in datasets:
        _write(
            root,
            "datasets",
            did,
            "dataset",
            {
                "name": did.split("/")[-1].replace("-", " ").title(),
                "url": f"https://huggingface.co/datasets/{did}",
                "languages": ["en", "zh"] if rng.random() < 0.5 else ["en"],
                "license": rng.choice(["apache-2.0", "mit", "cc-by-nc-4.0"]),
                "description": {"en": "Text collected for training and evaluating language models."},
                "sources": _source(f"https://huggingface.co/datasets/{did}"),
            },
        )
        counts["dataset"] += 1

    ids: list[str] = []
    for i in range(models):
        org = f"lab{i % max(1, models // 20):03d}"
        size = rng.choice(SIZES)
        model_id = f"{org}/Model-{size}-v{i}"
        bases = []
        if ids and rng.random() < 0.6:
            base = rng.choice(ids[-200:])
            bases.append(
                {"id": base, "relation": rng.choice(["finetune", "finetune", "merge", "distilled", "replica"])}
            )
        scores = []
        for bid, _, top, categories, settings in BENCHMARKS:
            if rng.random() < 0.3:
                continue
            for shots, split, setting in rng.sample(settings, k=rng.randint(1, len(settings))):
                score: dict[str, Any] = {"benchmark": bid, "value": round(rng.uniform(0.1, 0.9) * top, 2)}
                score.update(
                    {k: v for k, v in (("shots", shots), ("split", split), ("setting", setting)) if v is not None}
                )
                if categories and rng.random() < 0.5:
                    score["breakdown"] = {c: round(rng.uniform(0.1, 0.9) * top, 2) for c in categories}
                score["source"] = {
                    "url": f"https://huggingface.co/{model_id}",
                    "kind": rng.choice(["self-reported", "paper", "leaderboard"]),
                }
                scores.append(score)
        chinese = rng.random() < 0.5
        origin = bases[0]["id"] if bases else None
        summary = {"en": f"A {size} language model for chat, code and maths, trained from {origin or 'scratch'}."}
        if chinese:
            summary.update(zh=ZH_SUMMARY.format(base=origin or "自有语料", size=size), zh_source="original")
        _write(
            root,
            "models",
            model_id,
            "model",
            {
                "name": f"{org.title()} Model {size} v{i}",
                "creator": org,
                "url": f"https://huggingface.co/{model_id}",
                "license": rng.choice(LICENSES)[0],
                "base_models": bases,
                "architecture": rng.choice(["llama", "qwen", "mistral"]),
                "parameters": size,
                "context_length": rng.choice([2048, 4096, 8192, 32768]),
                "languages": ["en", "zh"] if chinese else ["en"],
                "datasets": sorted(rng.sample(datasets, k=rng.randint(0, 4))),
                "prompt_format": rng.choice(list(PROMPTS)),
                "tags": ["text-generation", size.lower()],
                "pipeline_tag": "text-generation",
                "summary": summary,
                "cautions": [
                    {
                        "en": "May produce inaccurate or biased output.",
                        **({"zh": ZH_CAUTION, "zh_source": "original"} if chinese else {}),
                    }
                ],
                "scores": scores,
                "sources": _source(f"https://huggingface.co/{model_id}"),
            },
        )
        ids.append(model_id)
        counts["model"] += 1

        billions = float(size[:-1])
        name = model_id.split("/")[1]
        if rng.random() < 0.7:
            files = [
                {
                    "name": f"{name.lower()}.{method}.gguf",
                    "method": method,
                    "bits": bits,
                    "size": f"{billions * factor:.2f} GB",
                    "ram_required": f"{billions * factor + 2.5:.2f} GB",
                }
                for method, bits, factor in GGUF_METHODS
                if rng.random() < 0.7
            ]
            _write(
                root,
                "quants",
                f"quanter/{name}-GGUF",
                "quant",
                {
                    "model": model_id,
                    "format": "gguf",
                    "quantized_by": "quanter",
                    "url": f"https://huggingface.co/quanter/{name}-GGUF",
                    "compatibility": [{"client": "llama.cpp", "min_version": "d0cee0d"}],
                    "files": files,
                    "sources": _source(f"https://huggingface.co/quanter/{name}-GGUF"),
                },
            )
            counts["quant"] += 1
        if rng.random() < 0.4:
            branches = [
                {
                    "branch": "main",
                    "bits": 4,
                    "group_size": 128,
                    "act_order": False,
                    "damp_percent": 0.01,
                    "calibration_dataset": "wikitext",
                    "seq_len": 2048,
                    "size": f"{billions * 0.56:.2f} GB",
                    "exllama": True,
                }
            ]
            for bits, group, act in [(4, 32, True), (4, 64, True), (8, "none", True)]:
                if rng.random() < 0.6:
                    branches.append(
                        {
                            "branch": f"gptq-{bits}bit-{'-1' if group == 'none' else group}g-actorder_{act}",
                            "bits": bits,
                            "group_size": group,
                            "act_order": act,
                            "size": f"{billions * bits * 0.15:.2f} GB",
                            "exllama": bits == 4,
                        }
                    )
            _write(
                root,
                "quants",
                f"quanter/{name}-GPTQ",
                "quant",
                {
                    "model": model_id,
                    "format": "gptq",
                    "quantized_by": "quanter",
                    "url": f"https://huggingface.co/quanter/{name}-GPTQ",
                    "files": branches,
                    "sources": _source(f"https://huggingface.co/quanter/{name}-GPTQ"),
                },
            )
            counts["quant"] += 1
    return counts


# --- the steps, each in its own process -----------------------------------------------------


def _step(name: str, catalog: Path, docs: Path, site: Path) -> dict[str, Any]:
    """Run one step in this process; its wall and CPU time, peak RSS (this process and its children)."""
    from generator import pipeline
    from generator.pipeline import load
    from generator.site import build

    def cpu_now() -> float:
        usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
        return sum(u.ru_utime + u.ru_stime for u in usage)

    cpu_start = cpu_now()
    start = time.perf_counter()
    if name == "validate":
        _, problems = load(catalog)
        errors = [p.text() for p in problems if p.severity == "error"]
    elif name == "generate":
        errors = [p.text() for p in pipeline.generate(catalog, docs) if p.severity == "error"]
    elif name == "build":
        build.mkdocs_build(REPO / "mkdocs.yml", site, docs=docs)
        errors = []
    else:
        raise ValueError(name)
    wall = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{name}: the synthetic catalog is invalid:\n" + "\n".join(errors[:20]))
    # ru_maxrss is in KiB on Linux; children's is the largest single child (mkdocs). CPU time
    # (user + system) is reported too: on a shared machine it varies less than wall time.
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    cpu = cpu_now() - cpu_start
    return {"step": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(peak / 1024, 1)}


def _run_step(name: str, catalog: Path, docs: Path, site: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--step",
        name,
        "--catalog",
        str(catalog),
        "--docs",
        str(docs),
        "--site",
        str(site),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(f"step {name} failed (exit {result.returncode}):\n{result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


#: The readers' tools: each page's weight is its HTML and the scripts it alone loads (its data
#: file and the tools' script); the theme's files are shared by every page.
TOOL_PAGES = ("models/index.html", "compare/index.html", "fit/index.html")
_TOOL_SCRIPT = re.compile(r'<script src="([^"]*(?:tools/[a-z-]+\.js|javascripts/tools\.js))"')


def tool_weights(site: Path) -> dict[str, dict[str, float]]:
    """Per tool page (English): KB of its HTML and its own scripts, as stored and gzipped."""
    out = {}
    for rel in TOOL_PAGES:
        page = site / rel
        html = page.read_bytes()
        parts = [html] + [(page.parent / src).read_bytes() for src in _TOOL_SCRIPT.findall(html.decode("utf-8"))]
        out[rel] = {
            "html_kb": round(len(html) / 1e3, 1),
            "scripts_kb": round(sum(len(p) for p in parts[1:]) / 1e3, 1),
            "total_kb": round(sum(len(p) for p in parts) / 1e3, 1),
            "gzip_kb": round(sum(len(gzip.compress(p, 6, mtime=0)) for p in parts) / 1e3, 1),
        }
    return out


def _tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run(models: int, seed: int, keep: Path | None) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="atlas-bench-")) if keep is None else keep.absolute()
    catalog, docs, site = work / "catalog", work / "docs", work / "site"
    try:
        if catalog.exists():
            shutil.rmtree(catalog)
        start = time.perf_counter()
        counts = synthesize(catalog, models, seed)
        synth_s = time.perf_counter() - start
        steps = [_run_step(name, catalog, docs, site) for name in ("validate", "generate", "build")]
        pages = sum(1 for p in site.rglob("*.html") if p.name != "404.html" and "assets" not in p.relative_to(site).parts)
        docs_files, docs_bytes = _tree_size(docs)
        site_files, site_bytes = _tree_size(site)
        indexes = [p for p in site.rglob("index.js") if p.parent.name == "search"]
        return {
            "models": models,
            "seed": seed,
            "records": counts,
            "records_total": sum(counts.values()),
            "synthesize_s": round(synth_s, 2),
            "steps": steps,
            "docs_files": docs_files,
            "docs_mb": round(docs_bytes / 1e6, 1),
            "pages": pages,
            "site_files": site_files,
            "site_mb": round(site_bytes / 1e6, 1),
            "search_index_mb": round(sum(p.stat().st_size for p in indexes) / 1e6, 2) if indexes else None,
            "tool_pages": tool_weights(site),
            "python": sys.version.split()[0],
        }
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def table(result: dict[str, Any]) -> str:
    rows = [
        "| step | wall (s) | CPU (s) | peak RSS (MB) | output |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    records = result["records"]
    outputs = {
        "validate": f"{result['records_total']:,} records ({records['model']:,} models, {records['quant']:,} quants)",
        "generate": f"{result['docs_files']:,} files, {result['docs_mb']} MB in docs/",
        "build": (
            f"{result['pages']:,} pages (en + zh), {result['site_files']:,} files, {result['site_mb']} MB in site/, "
            f"search index {result['search_index_mb']} MB"
        ),
    }
    for step in result["steps"]:
        numbers = f"{step['wall_s']:.2f} | {step['cpu_s']:.2f} | {step['peak_rss_mb']:.0f}"
        rows.append(f"| {step['step']} | {numbers} | {outputs[step['step']]} |")
    steps = result["steps"]
    wall, cpu = sum(s["wall_s"] for s in steps), sum(s["cpu_s"] for s in steps)
    rows.append(f"| total | {wall:.2f} | {cpu:.2f} | {max(s['peak_rss_mb'] for s in steps):.0f} | |")
    rows += ["", "| tool page | HTML (KB) | its scripts (KB) | total (KB) | gzipped (KB) |", "| --- | ---: | ---: | ---: | ---: |"]
    for page, w in result["tool_pages"].items():
        rows.append(f"| {page} | {w['html_kb']} | {w['scripts_kb']} | {w['total_kb']} | {w['gzip_kb']} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=2000, help="how many models to synthesize (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument(
        "--out", type=Path, help="where to write the results as JSON (default: bench/results/scale-<N>.json)"
    )
    parser.add_argument("--step", choices=("validate", "generate", "build"), help=argparse.SUPPRESS)
    parser.add_argument("--catalog", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--site", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(_step(args.step, args.catalog, args.docs, args.site)))
        return 0
    if args.models < 1:
        parser.error("--models must be at least 1")

    print(
        f"synthesizing {args.models:,} models (seed {args.seed}), then validate, generate, mkdocs build --strict ...",
        flush=True,
    )
    result = run(args.models, args.seed, args.keep)
    print(table(result))
    out = args.out or REPO / "bench" / "results" / f"scale-{args.models}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
