"""The lineage of models: who derives from whom, and the graph a model page draws."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.catalog import Catalog


@dataclass(frozen=True)
class Edge:
    """``child`` derives from ``parent`` by ``relation``."""

    child: str
    parent: str
    relation: str


@dataclass(frozen=True)
class Node:
    """A box of a lineage graph: a model (``id`` its id) or a quantized repository."""

    id: str
    name: str  # unique within the graph: "n0", "n1", ... for models, "q1", ... for repositories
    label: str
    kind: str  # "model" or "quant"
    format: str | None = None  # a quantized repository's format, as readers write it: 'GGUF'


@dataclass(frozen=True)
class Arrow:
    """An arrow of a lineage graph, from the derived box to its base (indexes into ``nodes``)."""

    source: int
    target: int
    relation: str
    declares: tuple[int, ...] = ()  # nodes first drawn with this arrow (a diagram declares a box once)


@dataclass(frozen=True)
class Graph:
    """A model's lineage ready to draw: the model is ``nodes[0]``; ancestors and descendants
    follow in breadth-first order, then its quantized repositories."""

    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]


class Lineage:
    """Base-model edges of one catalog, indexed both ways."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        children: dict[str, list[Edge]] = defaultdict(list)
        for model_id, model in catalog.models.items():
            for base in model.base_models:
                children[base.id].append(Edge(model_id, base.id, base.relation))
        self._children = {k: sorted(v, key=lambda e: e.child) for k, v in children.items()}

    def ancestors(self, model_id: str) -> list[Edge]:
        """Every edge up the chain from ``model_id``, breadth first, each edge once."""
        out: list[Edge] = []
        seen: set[tuple[str, str]] = set()
        frontier = [model_id]
        while frontier:
            nxt = []
            for child in frontier:
                model = self.catalog.models.get(child)
                if model is None:
                    continue
                for base in model.base_models:
                    if (child, base.id) not in seen:
                        seen.add((child, base.id))
                        out.append(Edge(child, base.id, base.relation))
                        nxt.append(base.id)
            frontier = nxt
        return out

    def descendants(self, model_id: str) -> list[Edge]:
        """Every edge down from ``model_id``: finetunes, replicas, merges... of it and theirs."""
        out: list[Edge] = []
        seen: set[tuple[str, str]] = set()
        frontier = [model_id]
        while frontier:
            nxt = []
            for parent in frontier:
                for edge in self._children.get(parent, []):
                    if (edge.child, edge.parent) not in seen:
                        seen.add((edge.child, edge.parent))
                        out.append(edge)
                        nxt.append(edge.child)
            frontier = nxt
        return out

    def graph(self, model_id: str, repos: list[tuple[str, str]]) -> Graph:
        """The graph of ``model_id``: its ancestors and descendants, and ``repos`` as
        (repository id, format) boxes quantized from it."""
        models = self.catalog.models
        index = {model_id: 0}
        nodes = [Node(model_id, "n0", models[model_id].name, "model")]
        arrows = []
        for edge in self.ancestors(model_id) + self.descendants(model_id):
            declares = []
            for node in (edge.child, edge.parent):
                if node not in index:
                    index[node] = len(nodes)
                    declares.append(len(nodes))
                    nodes.append(Node(node, f"n{len(nodes)}", models[node].name if node in models else node, "model"))
            arrows.append(Arrow(index[edge.child], index[edge.parent], edge.relation, tuple(declares)))
        for i, (repo_id, fmt) in enumerate(repos, start=1):
            nodes.append(Node(repo_id, f"q{i}", repo_id, "quant", fmt))
            arrows.append(Arrow(len(nodes) - 1, 0, "quantized", (len(nodes) - 1,)))
        return Graph(tuple(nodes), tuple(arrows))
