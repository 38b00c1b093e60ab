"""Rendering a page leaves no reference cycles of its own: what it made is freed as soon as
the page is written, not by Python's cycle collector, whose passes over a full run's young
objects cost a tenth of the rendering time at 2,000 models when every page left some."""

from __future__ import annotations

import gc
from pathlib import Path

from generator.pipeline import load
from generator.render import pages
from generator.resolve import pages as page_data

REPO = Path(__file__).resolve().parents[1]


def test_rendering_the_pages_leaves_no_template_or_formatter_in_a_cycle() -> None:
    """A template that imports a macro ``with context`` makes, on every page, a module whose
    macros and context refer to each other; the context holds the page's globals (its
    formatters and their closures): about forty objects a page for the collector."""
    catalog, problems = load(REPO / "tests/fixtures/mini/catalog")
    assert not [p for p in problems if p.severity == "error"]
    planned = page_data.plan(catalog)
    assert {"model", "quant", "license", "dataset", "benchmark", "prompt-format"} <= {p.template for p in planned}
    renderer = pages.Renderer()
    list(pages.render_all(planned, renderer))  # templates compiled, caches filled
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        list(pages.render_all(planned, renderer))
        gc.collect()
        left = sorted({type(o).__name__ for o in gc.garbage} & {"Context", "Macro", "EvalContext", "Formatter", "CellFormatter", "TemplateModule"})
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert left == [], f"rendering left these in reference cycles: {left}"
