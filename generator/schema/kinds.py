"""The record kinds: where each lives under catalog/, how its id is read from the path.

The id is the path: ``catalog/models/CausalLM/7B.yaml`` is the model ``CausalLM/7B``.
A file never repeats its own id, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import TypeAdapter

from generator.schema import quants
from generator.schema import records as schema


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str  # singular, used in messages and schema file names
    folder: str  # folder under catalog/
    depths: tuple[int, ...]  # allowed numbers of path parts below the folder
    type: Any  # the pydantic model (or discriminated union) of the kind
    check_id: Any  # callable raising ValueError for a bad id

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.type)

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    def schema_ref(self, depth: int) -> str:
        """The ``$schema`` path a record at ``depth`` parts below the folder must reference."""
        return "../" * depth + f"schema/{self.schema_file}"

    def schema_line(self, depth: int) -> str:
        """The first line of a record at ``depth``: editors read its schema from it."""
        return f"# yaml-language-server: $schema={self.schema_ref(depth)}"


KINDS: tuple[Kind, ...] = (
    Kind("model", "models", (2,), schema.Model, schema.check_repo_id),
    Kind("quant", "quants", (2,), quants.Quant, schema.check_repo_id),
    Kind("dataset", "datasets", (1, 2), schema.Dataset, schema.check_dataset_id),
    Kind("license", "licenses", (1,), schema.License, schema.check_slug),
    Kind("benchmark", "benchmarks", (1,), schema.Benchmark, schema.check_slug),
    Kind("prompt-format", "prompt-formats", (1,), schema.PromptFormat, schema.check_slug),
)
BY_FOLDER = {k.folder: k for k in KINDS}
BY_NAME = {k.name: k for k in KINDS}
