"""The lineage diagram (``generator.render.diagram``): what a reader must be able to read."""

from __future__ import annotations

import re

from generator.render.diagram import LABEL_LINE, _width, lineage_svg
from generator.resolve.lineage import Arrow, Graph, Node

NAMES = {"finetune": "fine-tune of", "distill": "distilled from", "merge": "merged from"}


def _labels(svg: str) -> list[tuple[float, float, str]]:
    return [(float(x), float(y), text) for x, y, text in re.findall(r'<text class="atlas-relation" x="([\d.]+)" y="([\d.]+)">([^<]*)</text>', svg)]


def test_relation_labels_of_arrows_to_bases_side_by_side_do_not_cover_each_other() -> None:
    # A model with three bases of short names, side by side: the arrows' midpoints are close.
    nodes = (Node("m", "n0", "Child 7B", "model"), *(Node(f"b{i}", f"n{i + 1}", f"B{i}", "model") for i in range(3)))
    arrows = tuple(Arrow(0, i + 1, relation) for i, relation in enumerate(NAMES))
    svg = str(lineage_svg(Graph(nodes, arrows), NAMES.__getitem__, "Child 7B"))
    labels = _labels(svg)
    assert sorted(text for _, _, text in labels) == sorted(NAMES.values())
    for i, (x1, y1, a) in enumerate(labels):
        for x2, y2, b in labels[i + 1 :]:
            apart_x = abs(x1 - x2) >= (_width(a, 10) + _width(b, 10)) / 2
            apart_y = abs(y1 - y2) >= LABEL_LINE
            assert apart_x or apart_y, f"{a!r} at ({x1}, {y1}) covers {b!r} at ({x2}, {y2})"
