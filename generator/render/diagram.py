"""Lineage diagrams drawn by the generator as inline SVG: no diagram library in the browser.

A simple layered layout: the model's ancestors above it (one row per step up), the models
derived from it below, its quantized repositories in the row under it (one arrow for them
all). Within a row, boxes are ordered by where their neighbours stand (one barycentre pass
each way), then centred; a row wider than a page wraps onto more lines.
Labels are escaped text; the SVG holds only boxes, text and paths (the sanitiser allows
nothing else), and its size comes from the viewBox, so it scales to the screen.
"""

from __future__ import annotations

import html
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from generator.memo import ByIdentity
from generator.resolve.lineage import Graph

FONT = 12  # px, the label size the widths are estimated for
ROW = 72  # px from one row's top to the next
BOX_H = 30
GAP = 20  # px between boxes of a row
PAD = 12  # px of box padding either side of the label
MAX_LABEL = 34  # characters shown in a box; the full name is the box's tooltip
MAX_WIDTH = 600  # px of one line of boxes; a longer row wraps
LABEL_FONT = 10  # px, a relation label's size (.atlas-relation in the site's CSS)
LABEL_LINE = 12  # px between two relation labels stacked to keep them apart


def _width(text: str, font: float = FONT) -> float:
    """The label's width in px at ``font`` px: wide (CJK) characters count double."""
    return sum(font * (1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6) for ch in text)


def _shown(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _ranks(graph: Graph) -> dict[int, int]:
    """Each node's row: 0 for the model, +n for n steps up its bases, -n down its derived
    models; repositories one row below the model."""
    up: dict[int, list[int]] = defaultdict(list)  # node -> nodes it derives from
    down: dict[int, list[int]] = defaultdict(list)
    for arrow in graph.arrows:
        if graph.nodes[arrow.source].kind == "model":
            up[arrow.source].append(arrow.target)
            down[arrow.target].append(arrow.source)
    rank = {0: 0}
    for links, step in ((up, 1), (down, -1)):  # the longest path up, then down, from the model
        frontier = [0]
        while frontier:
            nxt = []
            for node in frontier:
                for other in links[node]:
                    want = rank[node] + step
                    if other != 0 and (other not in rank or (rank[other] - want) * step < 0):
                        rank[other] = want
                        nxt.append(other)
            frontier = nxt
    for i, node in enumerate(graph.nodes):
        if node.kind == "quant":
            rank[i] = -1
        rank.setdefault(i, 0)
    return rank


def _centre(node: int, x: dict[int, float], near: list[int], rank: dict[int, int]) -> float:
    """Where a box's neighbours in other rows stand on average (its own place if none)."""
    others = [x[j] for j in near if rank[j] != rank[node]]
    return sum(others) / len(others) if others else x[node]


def _free_spot(x: float, y: float, width: float, placed: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Where a relation label centred at (x, y) goes without covering one already placed: the
    same place, else a line above or below it, alternately (two arrows from one model to two
    bases side by side would put their labels on each other). Records the spot in ``placed``."""
    for shift in (0, -LABEL_LINE, LABEL_LINE, -2 * LABEL_LINE, 2 * LABEL_LINE):
        spot = y + shift
        if all(abs(spot - py) >= LABEL_LINE or abs(x - px) >= (width + pw) / 2 + 4 for px, py, pw in placed):
            placed.append((x, spot, width))
            return x, spot
    placed.append((x, y, width))
    return x, y


@dataclass(frozen=True)
class _Layout:
    """Where a graph's boxes go, and the boxes drawn: the same in every language."""

    x: dict[int, float]  # box centres, from the middle of the drawing
    line_of: dict[int, int]  # the line (of boxes) each box is on
    width: float
    height: float
    boxes: str  # the boxes' SVG


def _layout(graph: Graph) -> _Layout:
    rank = _ranks(graph)
    rows: dict[int, list[int]] = defaultdict(list)
    for i in range(len(graph.nodes)):
        rows[rank[i]].append(i)
    neighbours: dict[int, list[int]] = defaultdict(list)
    for arrow in graph.arrows:
        neighbours[arrow.source].append(arrow.target)
        neighbours[arrow.target].append(arrow.source)

    labels = [_shown(n.label) + (f" · {n.format}" if n.kind == "quant" and n.format else "") for n in graph.nodes]
    widths = [_width(label) + 2 * PAD for label in labels]
    order = sorted(rows, reverse=True)  # top row first: the oldest ancestors
    x: dict[int, float] = {}

    def place(row: list[int]) -> None:
        total = sum(widths[i] for i in row) + GAP * (len(row) - 1)
        left = -total / 2
        for i in row:
            x[i] = left + widths[i] / 2
            left += widths[i] + GAP

    for r in order:
        place(rows[r])
    for sweep in (order, list(reversed(order))):  # order each row by its neighbours' places
        for r in sweep:
            rows[r].sort(key=lambda i: (_centre(i, x, neighbours[i], rank), i))
            place(rows[r])

    # Wrap each row into lines that fit a page (a phone scales the drawing down): a line
    # is at most MAX_WIDTH wide, its boxes centred.
    lines: list[list[int]] = []
    line_of: dict[int, int] = {}
    for r in order:
        current: list[int] = []
        for i in rows[r]:
            if current and sum(widths[j] + GAP for j in current) + widths[i] > MAX_WIDTH:
                lines.append(current)
                current = []
            current.append(i)
        lines.append(current)
    for k, line in enumerate(lines):
        place(line)
        for i in line:
            line_of[i] = k

    span = max(max(x[i] + widths[i] / 2 for i in x), -min(x[i] - widths[i] / 2 for i in x))
    width = 2 * span + 2 * GAP
    height = len(lines) * ROW - (ROW - BOX_H) + 2 * GAP
    boxes = []
    for i, node in enumerate(graph.nodes):
        kind = "atlas-here" if i == 0 else f"atlas-{node.kind}"
        cx, y = x[i] + width / 2, GAP + line_of[i] * ROW
        boxes.append(
            f'<g class="atlas-node {kind}"><title>{html.escape(node.label)}</title>'
            f'<rect x="{cx - widths[i] / 2:.1f}" y="{y:.1f}" width="{widths[i]:.1f}" height="{BOX_H}" rx="6"></rect>'
            f'<text x="{cx:.1f}" y="{y + BOX_H / 2 + FONT * 0.35:.1f}">{html.escape(labels[i])}</text></g>'
        )
    return _Layout(x, line_of, width, height, "".join(boxes))


#: The last graph laid out, with its layout: a page's diagram is drawn in every language
#: one after the other, and only the relation labels differ.
_LAST: ByIdentity[Graph, _Layout] = ByIdentity(_layout)


def _layout_of(graph: Graph) -> _Layout:
    return _LAST.map([graph])[0]


def lineage_svg(graph: Graph, relation: Callable[[str], str], title: str) -> Markup:
    """The diagram of ``graph``; ``relation`` names a relation in the page's language."""
    layout = _layout_of(graph)
    x, line_of, width = dict(layout.x), dict(layout.line_of), layout.width

    def top(i: int) -> float:
        return GAP + line_of[i] * ROW

    def cx(i: int) -> float:
        return x[i] + width / 2

    out = [
        f'<svg class="atlas-lineage" viewBox="0 0 {width:.0f} {layout.height:.0f}" width="{width:.0f}" height="{layout.height:.0f}" '
        f'role="img" aria-label="{html.escape(title)}">'
    ]
    quants = [i for i, n in enumerate(graph.nodes) if n.kind == "quant"]
    arrows = [(a.source, a.target, a.relation) for a in graph.arrows if graph.nodes[a.source].kind == "model"]
    if quants:  # one arrow from the repositories (they may wrap onto several lines) to the model
        first = [i for i in quants if line_of[i] == min(line_of[j] for j in quants)]
        arrows.append((-1, 0, "quantized"))
        x[-1] = sum(x[i] for i in first) / len(first)
        line_of[-1] = line_of[first[0]]
    placed: list[tuple[float, float, float]] = []  # the relation labels drawn: (x, y, width)
    for s, t, relation_name in arrows:  # from the derived box's top to its base's bottom
        x1, y1 = cx(s), top(s)
        x2, y2 = cx(t), top(t) + BOX_H
        mid = (y1 + y2) / 2
        words = relation(relation_name)
        label_x, label_y = _free_spot((x1 + x2) / 2, mid + 4, _width(words, LABEL_FONT), placed)
        out.append(
            f'<path class="atlas-edge" d="M{x1:.1f} {y1:.1f}C{x1:.1f} {mid:.1f} {x2:.1f} {mid:.1f} {x2:.1f} {y2 + 5:.1f}"></path>'
            f'<path class="atlas-head" d="M{x2:.1f} {y2:.1f}l-4 7h8z"></path>'
            f'<text class="atlas-relation" x="{label_x:.1f}" y="{label_y:.1f}">{html.escape(words)}</text>'
        )
    out.append(layout.boxes)
    out.append("</svg>")
    return Markup("".join(out))
