"""What every page builder shares: the catalog, the derived facts, and links between pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property, partial
from typing import Any, TypeVar

from generator.catalog import Catalog
from generator.memo import Kept
from generator.resolve.cells import Lit, Name, Ref, Value
from generator.resolve.coverage import Covered, coverage
from generator.resolve.files import FileRow, Files
from generator.resolve.licenses import Licenses
from generator.resolve.lineage import Lineage
from generator.resolve.scores import Scores
from generator.schema.kinds import BY_NAME, KINDS, Kind
from generator.schema.records import named_fields

T = TypeVar("T")


#: Kinds whose ``name`` may carry translations (``schema.records.Named``).
_NAMED = {
    kind.name
    for kind in KINDS
    if isinstance(kind.type, type) and "name" in named_fields(kind.type)
}


def record_path(kind: str, record_id: str) -> str:
    """The docs path of a record's page, e.g. ``models/CausalLM/7B.md``."""
    return f"{BY_NAME[kind].folder}/{record_id}.md"


class Context:
    """One catalog and everything derived from it, computed once for all pages."""

    def __init__(self, catalog: Catalog, kept: Kept | None = None) -> None:
        self.catalog = catalog
        #: Rows of the listings kept from a warm generator's last run (none in a full run).
        self.kept = kept if kept is not None else Kept(keep=False)
        self.lineage = Lineage(catalog)
        self.files = Files(catalog)
        self.scores = Scores(catalog)
        self.licenses = Licenses(catalog, self.lineage)
        self._shared: dict[str, Any] = {}
        self._refs: dict[tuple[str, str, str | None], Ref] = {}

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return KINDS

    def shared(self, key: str, make: Callable[[], T]) -> T:
        """A value several pages hold (a data file two tool pages read), made once."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]  # type: ignore[no-any-return]

    def file_rows(self, purpose: str, make: Callable[[FileRow], T], repos: Mapping[str, object] | None = None) -> list[T]:
        """``make(row)`` for every quantized file, in the order of ``Files.all`` (smallest
        first); of the repositories ``repos`` names only, when given, each with what else its
        rows depend on. A warm generator keeps each repository's rows as a whole (``kept``)."""

        def keyed(repo_id: str) -> list[tuple[Any, T]]:
            return [(r.sort_key(), make(r)) for r in self.files.by_repo[repo_id]]

        chosen = repos if repos is not None else dict.fromkeys(self.files.by_repo)
        pairs = [pair for repo_id, extra in chosen.items() for pair in self.kept.row(purpose, "quant", repo_id, partial(keyed, repo_id), extra)]
        pairs.sort(key=lambda pair: pair[0])
        return [row for _, row in pairs]

    @cached_property
    def coverage(self) -> list[Covered]:
        return coverage(self.catalog)

    @cached_property
    def _trained_on(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for model_id, model in self.catalog.models.items():
            for dataset in dict.fromkeys(model.datasets):
                out.setdefault(dataset, []).append(model_id)
        return out

    def trained_on(self, dataset_id: str) -> list[str]:
        """The models trained on ``dataset_id``, in id order."""
        return self._trained_on.get(dataset_id, [])

    def ref(self, kind: str, record_id: str, label: str | None = None) -> Ref:
        """A link to a record's page, labelled with ``label``, else the record's name (in the
        page's language where it has forms in other languages), else its id.

        One object per link: pages link the same records over and over (a model page links
        some thirty), and render keeps each link's HTML by value, where finding the very
        object it holds skips comparing the two field by field."""
        key = (kind, record_id, label)
        try:
            return self._refs[key]
        except KeyError:
            pass
        record = self.catalog.records[kind].get(record_id)
        if record is None:
            made = Ref(None, record_id)
        else:
            made = Ref(record_path(kind, record_id), label or self.name(kind, record.data) or record_id)
        self._refs[key] = made
        return made

    def name(self, kind: str, data: object) -> str | Name | None:
        """A record's name: a plain string for proper names (models, datasets), a ``Name``
        where the kind's name may have forms in other languages (licenses)."""
        name = getattr(data, "name", None)
        return Name(name) if name is not None and kind in _NAMED else name

    def ref_or_dash(self, kind: str, record_id: str | None, label: str | None = None) -> Value:
        return self.ref(kind, record_id, label) if record_id else Lit(None)

    def prompt_of(self, model_id: str) -> str | None:
        """The model's prompt format, else one stated by a quant repository of it."""
        model = self.catalog.models[model_id]
        if model.prompt_format:
            return model.prompt_format
        stated = sorted({self.catalog.quants[r].prompt_format for r in self.files.repos_of(model_id)} - {None})
        return stated[0] if stated else None
