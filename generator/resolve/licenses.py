"""License terms along the lineage: what a model inherits from the models it derives from,
and the commercial-use verdict once the lineage is counted."""

from __future__ import annotations

from dataclasses import dataclass

from generator.catalog import Catalog
from generator.resolve.lineage import Lineage

#: Commercial-use terms, from the least to the most restrictive. A model's verdict is the
#: last of these that its own license or any ancestor's reaches. "unclear" (the terms do not
#: say, or no license is stated) ranks above "allowed" and below "restricted": a model is
#: allowed only when every license along its lineage allows commercial use, and a known
#: condition (restricted) or prohibition (forbidden) says more than a gap in the sources.
ORDER = ("allowed", "unclear", "restricted", "forbidden")


@dataclass(frozen=True)
class Verdict:
    """May a model be used commercially once its lineage is counted, and why.

    ``model_id`` is whose terms decide: the model itself when its own license is the most
    restrictive (it wins ties), else the nearest ancestor that reaches ``level``.
    ``license_id`` is that model's license, None when it states none (``level`` "unclear").
    """

    level: str
    model_id: str
    license_id: str | None
    own: bool


class Licenses:
    """Which license applies where, for one catalog."""

    def __init__(self, catalog: Catalog, lineage: Lineage) -> None:
        self.catalog = catalog
        self.lineage = lineage
        self._inherited: dict[str, list[tuple[str, str]]] = {}
        self._verdicts: dict[str, Verdict] = {}

    def _inherit(self, model_id: str) -> list[tuple[str, str]]:
        own = self.catalog.models[model_id].license
        out: dict[str, str] = {}
        for edge in self.lineage.ancestors(model_id):
            parent = self.catalog.models.get(edge.parent)
            if parent is not None and parent.license and parent.license != own and parent.license not in out:
                out[parent.license] = edge.parent
        return sorted(out.items())

    def _terms(self, model_id: str) -> str:
        """A model's own commercial-use terms: its license's, "unclear" without one."""
        model = self.catalog.models.get(model_id)
        lic = self.catalog.licenses.get(model.license) if model and model.license else None
        return lic.commercial_use if lic else "unclear"

    def _verdict(self, model_id: str) -> Verdict:
        chain = [model_id]
        for edge in self.lineage.ancestors(model_id):  # breadth first: nearest ancestors first
            if edge.parent not in chain and edge.parent in self.catalog.models:
                chain.append(edge.parent)
        decisive = max(chain, key=lambda m: (ORDER.index(self._terms(m)), -chain.index(m)))
        return Verdict(self._terms(decisive), decisive, self.catalog.models[decisive].license, decisive == model_id)

    def verdict(self, model_id: str) -> Verdict:
        """The commercial-use verdict of ``model_id`` along its lineage (see ``ORDER``).

        A fine-tune under a permissive license of a base under restricted terms is restricted,
        decided by the base.
        """
        found = self._verdicts.get(model_id)
        if found is None:
            found = self._verdicts[model_id] = self._verdict(model_id)
        return found

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
