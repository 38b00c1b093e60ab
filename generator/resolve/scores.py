"""Scores grouped by benchmark and setting: a score is compared only within its setting."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from generator.catalog import Catalog
from generator.schema.records import Benchmark, Label, Score, english

#: How many benchmark columns the models index shows (the compare page shows all).
HEADLINE_BENCHMARKS = 6


@dataclass(frozen=True)
class Setting:
    """The conditions a score was taken under; scores are ranked only within one setting."""

    shots: int | None
    split: str | None
    setting: str | None  # as the source writes it: scores are grouped by this
    #: The setting with its forms in other languages, when the record gives them (shown, not compared).
    label: str | Label | None = field(default=None, compare=False, hash=False)

    @staticmethod
    def of(score: Score) -> Setting:
        return Setting(score.shots, score.split, english(score.setting), score.setting)

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.shots is None, self.shots or 0, self.split or "", self.setting or "")


def best_first(benchmark: Benchmark) -> Literal["ascending", "descending"]:
    """The order that puts a benchmark's best score first: a table sorts so on the first click."""
    return "descending" if benchmark.higher_is_better else "ascending"


@dataclass(frozen=True)
class Ranked:
    model_id: str
    score: Score


class Scores:
    """Every score of one catalog, by benchmark and setting."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._at: dict[tuple[str, str, Setting], Score] = {}
        self._by_benchmark: dict[str, list[Ranked]] = defaultdict(list)
        for model_id, model in catalog.models.items():
            for score in model.scores:
                self._at.setdefault((model_id, score.benchmark, Setting.of(score)), score)
                self._by_benchmark[score.benchmark].append(Ranked(model_id, score))

    def count(self, benchmark_id: str) -> int:
        """How many scores the catalog has on a benchmark."""
        return len(self._by_benchmark.get(benchmark_id, ()))

    def leaderboard(self, benchmark_id: str) -> list[tuple[Setting, list[Ranked]]]:
        """Scores on a benchmark grouped by setting, each group ranked best first."""
        bench = self.catalog.benchmarks[benchmark_id]
        groups: dict[Setting, list[Ranked]] = defaultdict(list)
        for ranked in self._by_benchmark.get(benchmark_id, []):
            groups[Setting.of(ranked.score)].append(ranked)
        sign = -1 if bench.higher_is_better else 1
        return [
            (setting, sorted(rows, key=lambda r: (sign * r.score.value, r.model_id)))
            for setting, rows in sorted(groups.items(), key=lambda kv: kv[0].sort_key())
        ]

    def columns(self) -> list[tuple[str, Setting]]:
        """(benchmark, setting) pairs that have at least one score, in a stable order."""
        pairs = {(b, s) for (_, b, s) in self._at if b in self.catalog.benchmarks}
        return sorted(pairs, key=lambda p: (p[0], p[1].sort_key()))

    def at(self, model_id: str, benchmark_id: str, setting: Setting) -> Score | None:
        return self._at.get((model_id, benchmark_id, setting))

    def headline(self) -> list[tuple[str, Setting]]:
        """For the models index: per benchmark, its most-reported setting; most-scored benchmarks first."""
        return list(self._headline)

    @cached_property
    def _headline(self) -> tuple[tuple[str, Setting], ...]:
        counts: dict[tuple[str, Setting], int] = defaultdict(int)
        for _model, bench, setting in self._at:
            if bench in self.catalog.benchmarks:
                counts[(bench, setting)] += 1
        best: dict[str, tuple[int, Setting]] = {}
        for (bench, setting), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1].sort_key())):
            if bench not in best or n > best[bench][0]:
                best[bench] = (n, setting)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:HEADLINE_BENCHMARKS]
        return tuple((bench, setting) for bench, (_, setting) in ranked)
