"""Quantized files across repositories, in one row shape whatever the format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.catalog import Catalog
from generator.memo import ByIdentity
from generator.schema.quants import BY_FORMAT
from generator.schema.records import Label, Text


@dataclass(frozen=True)
class FileRow:
    """One quantized file (GGUF) or branch (GPTQ, AWQ) with the repository it belongs to.

    The fields that tables across formats show are attributes, None where a format does not
    have them; ``fields`` holds every field of the entry, for its own format's table.
    """

    repo_id: str
    model_id: str
    format: str
    label: str  # the format as readers write it: 'GGUF'
    entry: str  # what names the entry in its repository: the file name, or the branch
    file: str | None  # a branch's file name, when the source gives one
    url: str | None
    method: str | None
    bits: float
    size: int | None
    ram_required: int | None
    group_size: int | str | None
    act_order: bool | None
    damp_percent: float | None
    calibration_dataset: str | None
    seq_len: int | None
    exllama: bool | None
    description: str | Label | None  # a GGUF file's use case, a branch's description
    note: Text | None
    fields: Mapping[str, Any]

    def sort_key(self) -> tuple[bool, int, str, str]:
        """Smallest first, unknown size last."""
        return (self.size is None, self.size or 0, self.repo_id, self.entry)


def row(repo_id: str, repo: Any, entry: Any) -> FileRow:
    fmt = BY_FORMAT[repo.format]
    fields = {name: getattr(entry, name) for name in type(entry).model_fields}

    def get(name: str) -> Any:
        return fields.get(name)

    return FileRow(
        repo_id=repo_id,
        model_id=repo.model,
        format=repo.format,
        label=fmt.label,
        entry=fields[fmt.entry_key],
        file=get("file"),
        url=get("url"),
        method=get("method"),
        bits=entry.bits,
        size=get("size"),
        ram_required=get("ram_required"),
        group_size=get("group_size"),
        act_order=get("act_order"),
        damp_percent=get("damp_percent"),
        calibration_dataset=get("calibration_dataset"),
        seq_len=get("seq_len"),
        exllama=get("exllama"),
        description=get("use_case") if get("use_case") is not None else get("description"),
        note=get("note"),
        fields=fields,
    )


def _rows(entry: tuple[str, Any]) -> list[FileRow]:
    repo_id, repo = entry
    return [row(repo_id, repo, f) for f in repo.files]


#: A repository's rows, made once per record object (a warm run keeps unchanged records).
_ROWS: ByIdentity[tuple[str, Any], list[FileRow]] = ByIdentity(_rows, key=lambda entry: entry[1])


class Files:
    """Every quantized file of one catalog, by repository and by model."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.by_repo = dict(zip(catalog.quants, _ROWS.map(catalog.quants.items()), strict=True))
        repos: dict[str, list[str]] = defaultdict(list)
        for repo_id, repo in catalog.quants.items():
            repos[repo.model].append(repo_id)
        self._repos = {model: sorted(ids) for model, ids in repos.items()}

    def repos_of(self, model_id: str) -> list[str]:
        """Ids of the quant repositories of ``model_id``."""
        return self._repos.get(model_id, [])

    def of_model(self, model_id: str) -> list[FileRow]:
        """Every file of every quant repository of ``model_id``, smallest first."""
        return sorted((r for rid in self.repos_of(model_id) for r in self.by_repo[rid]), key=FileRow.sort_key)

    def all(self) -> list[FileRow]:
        return sorted((r for rows in self.by_repo.values() for r in rows), key=FileRow.sort_key)

    def formats_of(self, model_id: str) -> list[str]:
        return sorted({self.catalog.quants[r].format for r in self.repos_of(model_id)})

    def calibrated_on(self, dataset_id: str) -> list[FileRow]:
        return self._calibrated.get(dataset_id, [])

    @cached_property
    def _calibrated(self) -> dict[str, list[FileRow]]:
        out: dict[str, list[FileRow]] = {}
        for r in self.all():
            if r.calibration_dataset:
                out.setdefault(r.calibration_dataset, []).append(r)
        return out
