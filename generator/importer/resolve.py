"""What the catalog already holds, so a draft refers to existing records by their ids.

A benchmark the card calls "BBH" is the catalog's ``big-bench-hard`` if that is how the
catalog names it; a prompt template equal to an existing format's is that format, whatever
the card calls it; a model id differing only by case is the catalog's spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.importer import benchmarks, values
from generator.schema.kinds import KINDS


class Index:
    """The ids (and a few facts) of the records in a catalog folder; empty when there is none."""

    def __init__(self, root: Path | None = None) -> None:
        self.known: dict[str, set[str]] = {k.name: set() for k in KINDS}
        self.data: dict[str, dict[str, Any]] = {k.name: {} for k in KINDS}
        if root is not None and root.is_dir():
            from generator.pipeline import load

            catalog, _ = load(root)
            self.known = {kind: set(ids) for kind, ids in catalog.known.items()}
            self.data = {
                kind: {rid: rec.data for rid, rec in records.items()} for kind, records in catalog.records.items()
            }

    # --- ids ----------------------------------------------------------------------------

    def exists(self, kind: str, record_id: str) -> bool:
        return record_id in self.known[kind]

    def canonical(self, kind: str, record_id: str) -> str:
        """The catalog's spelling of an id that differs only by case, else the id itself."""
        if record_id in self.known[kind]:
            return record_id
        same = [k for k in self.known[kind] if k.lower() == record_id.lower()]
        return same[0] if len(same) == 1 else record_id

    # --- benchmarks ---------------------------------------------------------------------

    def extra_benchmarks(self) -> dict[str, str]:
        """Squashed ids and names of catalog benchmarks, for names the built-in list lacks."""
        out: dict[str, str] = {}
        for bid in self.known["benchmark"]:
            out.setdefault(values.squash(bid), bid)
        for bid, bench in self.data["benchmark"].items():
            out.setdefault(values.squash(bench.name), bid)
        return out

    def benchmark(self, key: str) -> str:
        """The catalog id of a benchmark known by ``key`` (a built-in id or a catalog id)."""
        if key in self.known["benchmark"]:
            return key
        known = benchmarks.BY_ID.get(key)
        if known is None:
            return key
        names = {values.squash(n) for n in (*known.aliases, known.id, known.name)}
        found = sorted(bid for bid in self.known["benchmark"] if values.squash(bid) in names)
        found += sorted(
            bid
            for bid, bench in self.data["benchmark"].items()
            if values.squash(bench.name) in names and bid not in found
        )
        return found[0] if found else key

    def category(self, bench_id: str, label: str) -> str | None:
        bench = self.data["benchmark"].get(bench_id)
        builtin = benchmarks.category(bench_id, label) or self._builtin_category(bench_id, label)
        if bench is None:
            return builtin
        ids = {c.id for c in bench.categories}
        if builtin in ids:
            return builtin
        word = values.squash(label)
        for cat in bench.categories:
            if word in (values.squash(cat.id), values.squash(cat.name.en)):
                return cat.id
        return None

    def _builtin_category(self, bench_id: str, label: str) -> str | None:
        for known in benchmarks.KNOWN:
            if self.benchmark(known.id) == bench_id:
                return benchmarks.category(known.id, label)
        return None

    def scale(self, bench_id: str) -> float | None:
        bench = self.data["benchmark"].get(bench_id)
        if bench is not None:
            return bench.range.max
        for known in benchmarks.KNOWN:
            if self.benchmark(known.id) == bench_id:
                return known.scale
        return None

    # --- licenses -----------------------------------------------------------------------

    def license_with_url(self, url: str) -> str | None:
        """The catalog license whose page (``url``) is ``url``, when exactly one is."""
        wanted = url.rstrip("/")
        same = sorted(lid for lid, lic in self.data["license"].items() if str(lic.url).rstrip("/") == wanted)
        return same[0] if len(same) == 1 else None

    # --- prompt formats -----------------------------------------------------------------

    def prompt_format_with(self, template: str) -> str | None:
        """The catalog's prompt format whose template equals ``template`` but for white space."""
        words = "".join(template.split())
        same = sorted(pid for pid, fmt in self.data["prompt-format"].items() if "".join(fmt.template.split()) == words)
        return same[0] if same else None

    def template_of(self, format_id: str) -> str | None:
        fmt = self.data["prompt-format"].get(format_id)
        return fmt.template if fmt is not None else None


def missing(index: Index, refs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (kind, id) references that have no record, each once, in the order given."""
    out: list[tuple[str, str]] = []
    for kind, rid in refs:
        if not index.exists(kind, rid) and (kind, rid) not in out:
            out.append((kind, rid))
    return out
