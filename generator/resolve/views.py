"""Facts that span records, computed once for the pages: lineage, files, users, rankings.

Everything here is a pure function of the catalog, sorted so that output is deterministic.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.catalog import Catalog
from generator.schema.records import Score


@dataclass(frozen=True)
class Edge:
    """``child`` derives from ``parent`` by ``relation``."""

    child: str
    parent: str
    relation: str


@dataclass(frozen=True)
class FileRow:
    """One quantized file (or branch) with the repository it belongs to."""

    repo_id: str
    repo: Any
    file: Any


@dataclass(frozen=True)
class Setting:
    """The conditions a score was taken under; scores are ranked only within one setting."""

    shots: int | None
    split: str | None
    setting: str | None

    @staticmethod
    def of(score: Score) -> Setting:
        return Setting(score.shots, score.split, score.setting)

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.shots is None, self.shots or 0, self.split or "", self.setting or "")


@dataclass(frozen=True)
class Ranked:
    model_id: str
    score: Score


@dataclass
class Views:
    """Derived facts over one catalog."""

    catalog: Catalog
    _children: dict[str, list[Edge]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        children: dict[str, list[Edge]] = defaultdict(list)
        for model_id, model in self.catalog.models.items():
            for base in model.base_models:
                children[base.id].append(Edge(model_id, base.id, base.relation))
        self._children = {k: sorted(v, key=lambda e: e.child) for k, v in children.items()}

    # --- lineage ------------------------------------------------------------------------

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

    def children(self, model_id: str) -> list[Edge]:
        return self._children.get(model_id, [])

    # --- files ----------------------------------------------------------------------------

    @cached_property
    def _repos_by_model(self) -> dict[str, list[str]]:
        by_model: dict[str, list[str]] = defaultdict(list)
        for repo_id, repo in self.catalog.quants.items():
            by_model[repo.model].append(repo_id)
        return by_model

    def repos_of(self, model_id: str) -> list[str]:
        """Ids of the quant repositories of ``model_id``."""
        return sorted(self._repos_by_model.get(model_id, []))

    def files_of(self, model_id: str) -> list[FileRow]:
        """Every file of every quant repository of ``model_id``, smallest first (unknown size last)."""
        rows = [
            FileRow(repo_id, self.catalog.quants[repo_id], f)
            for repo_id in self.repos_of(model_id)
            for f in self.catalog.quants[repo_id].files
        ]
        return sorted(rows, key=_file_key)

    def all_files(self) -> list[FileRow]:
        rows = [FileRow(rid, repo, f) for rid, repo in self.catalog.quants.items() for f in repo.files]
        return sorted(rows, key=_file_key)

    def formats_of(self, model_id: str) -> list[str]:
        return sorted({self.catalog.quants[r].format for r in self.repos_of(model_id)})

    # --- licenses -------------------------------------------------------------------------

    def inherited_licenses(self, model_id: str) -> list[tuple[str, str]]:
        """(license id, model it comes from) for ancestors whose license differs from this one's."""
        own = self.catalog.models[model_id].license
        out: dict[str, str] = {}
        for edge in self.ancestors(model_id):
            parent = self.catalog.models.get(edge.parent)
            if parent is not None and parent.license and parent.license != own and parent.license not in out:
                out[parent.license] = edge.parent
        return sorted(out.items())

    def license_of_repo(self, repo_id: str) -> str | None:
        repo = self.catalog.quants[repo_id]
        if repo.license:
            return repo.license
        model = self.catalog.models.get(repo.model)
        return model.license if model else None

    def under_license(self, license_id: str) -> dict[str, list[str]]:
        """Records that use ``license_id``, by kind."""
        c = self.catalog
        return {
            "model": [m for m, r in c.models.items() if r.license == license_id],
            "quant": [q for q, r in c.quants.items() if r.license == license_id],
            "dataset": [d for d, r in c.datasets.items() if r.license == license_id],
        }

    # --- datasets, prompt formats -----------------------------------------------------------

    def trained_on(self, dataset_id: str) -> list[str]:
        return [m for m, r in self.catalog.models.items() if dataset_id in r.datasets]

    def calibrated_on(self, dataset_id: str) -> list[FileRow]:
        return [row for row in self.all_files() if getattr(row.file, "calibration_dataset", None) == dataset_id]

    def using_prompt(self, format_id: str) -> dict[str, list[str]]:
        c = self.catalog
        return {
            "model": [m for m, r in c.models.items() if r.prompt_format == format_id],
            "quant": [q for q, r in c.quants.items() if r.prompt_format == format_id],
        }

    def prompt_of(self, model_id: str) -> str | None:
        """The model's prompt format, else one stated by a quant repository of it."""
        model = self.catalog.models[model_id]
        if model.prompt_format:
            return model.prompt_format
        stated = sorted({self.catalog.quants[r].prompt_format for r in self.repos_of(model_id)} - {None})
        return stated[0] if stated else None

    # --- scores ---------------------------------------------------------------------------

    def leaderboard(self, benchmark_id: str) -> list[tuple[Setting, list[Ranked]]]:
        """Scores on a benchmark grouped by setting, each group ranked best first."""
        bench = self.catalog.benchmarks[benchmark_id]
        groups: dict[Setting, list[Ranked]] = defaultdict(list)
        for model_id, model in self.catalog.models.items():
            for score in model.scores:
                if score.benchmark == benchmark_id:
                    groups[Setting.of(score)].append(Ranked(model_id, score))
        sign = -1 if bench.higher_is_better else 1
        return [
            (setting, sorted(rows, key=lambda r: (sign * r.score.value, r.model_id)))
            for setting, rows in sorted(groups.items(), key=lambda kv: kv[0].sort_key())
        ]

    def score_columns(self) -> list[tuple[str, Setting]]:
        """(benchmark, setting) pairs that have at least one score, in a stable order."""
        pairs = {
            (s.benchmark, Setting.of(s))
            for m in self.catalog.models.values()
            for s in m.scores
            if s.benchmark in self.catalog.benchmarks
        }
        return sorted(pairs, key=lambda p: (p[0], p[1].sort_key()))

    def score_at(self, model_id: str, benchmark_id: str, setting: Setting) -> Score | None:
        for score in self.catalog.models[model_id].scores:
            if score.benchmark == benchmark_id and Setting.of(score) == setting:
                return score
        return None


def _file_key(row: FileRow) -> tuple[bool, int, str, str]:
    size = getattr(row.file, "size", None)
    name = getattr(row.file, "name", None) or getattr(row.file, "branch", "")
    return (size is None, size or 0, row.repo_id, name)


def coverage(catalog: Catalog) -> list[tuple[str, str, str, str]]:
    """(kind, id, field, status) for every bilingual text; status is original, translated or missing."""
    from pydantic import BaseModel

    from generator.diagnostics import format_loc
    from generator.schema.records import Text

    rows: list[tuple[str, str, str, str]] = []

    def walk(kind: str, rid: str, value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, Text):
            status = "missing" if not value.zh else (value.zh_source or "original")
            rows.append((kind, rid, format_loc(loc), status))
        elif isinstance(value, BaseModel):  # hasattr(instance, "model_fields") warns (pydantic 2.11)
            for name in type(value).model_fields:
                walk(kind, rid, getattr(value, name), (*loc, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(kind, rid, item, (*loc, i))

    for kind, records in catalog.records.items():
        for rid in sorted(records):
            walk(kind, rid, records[rid].data, ())
    return rows
