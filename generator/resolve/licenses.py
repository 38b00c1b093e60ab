"""License terms along the lineage: what a model inherits from the models it derives from."""

from __future__ import annotations

from generator.catalog import Catalog
from generator.resolve.lineage import Lineage


class Licenses:
    """Which license applies where, for one catalog."""

    def __init__(self, catalog: Catalog, lineage: Lineage) -> None:
        self.catalog = catalog
        self.lineage = lineage
        self._inherited: dict[str, list[tuple[str, str]]] = {}

    def _inherit(self, model_id: str) -> list[tuple[str, str]]:
        own = self.catalog.models[model_id].license
        out: dict[str, str] = {}
        for edge in self.lineage.ancestors(model_id):
            parent = self.catalog.models.get(edge.parent)
            if parent is not None and parent.license and parent.license != own and parent.license not in out:
                out[parent.license] = edge.parent
        return sorted(out.items())

    def inherited(self, model_id: str) -> list[tuple[str, str]]:
        """(license id, model it comes from) for ancestors whose license differs from this one's."""
        found = self._inherited.get(model_id)
        if found is None:
            found = self._inherited[model_id] = self._inherit(model_id)
        return found

    def heirs(self, license_id: str) -> list[str]:
        """Models that inherit ``license_id`` from an ancestor."""
        return [m for m in self.catalog.models if any(lic == license_id for lic, _ in self.inherited(m))]

    def of_repo(self, repo_id: str) -> str | None:
        """A quant repository's license: its own, else its model's."""
        repo = self.catalog.quants[repo_id]
        if repo.license:
            return repo.license
        model = self.catalog.models.get(repo.model)
        return model.license if model else None

    def users(self, license_id: str) -> dict[str, list[str]]:
        """Records that use ``license_id``, by kind."""
        c = self.catalog
        return {
            "model": [m for m, r in c.models.items() if r.license == license_id],
            "quant": [q for q, r in c.quants.items() if r.license == license_id],
            "dataset": [d for d, r in c.datasets.items() if r.license == license_id],
        }
