"""Quantized-file repositories: one record class per file layout, and the registry of formats.

A format is one entry of ``FORMATS``: its name, the record class that holds its files, the
field that names an entry uniquely (a file name or a branch), the repository-name suffixes
that announce it, the columns its page shows, and where its files run (RAM, VRAM). The schema's union, the validator, the
scaffold, the importer and the pages all read this table, so adding a format is a class
here, an entry, and its UI strings (``quant.intro_<name>``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import Field, field_validator

from generator.schema.records import (
    DatasetId,
    LicenseId,
    ModelId,
    Named,
    PromptFormatId,
    SingleLine,
    Size,
    Sources,
    Strict,
    Text,
    Url,
)


class Client(Strict):
    """A program or library known to load the files."""

    client: SingleLine
    min_version: SingleLine | None = Field(None, description="The oldest version known to work, as the source writes it (quote it: '0.4.2').")
    url: Url | None = None
    note: Text | None = None


class GgufFile(Strict):
    """One file of a GGUF or GGML repository."""

    name: SingleLine = Field(description="File name, e.g. 'model.Q4_K_M.gguf'.")
    url: Url | None = None
    method: SingleLine = Field(description="Quantization method, e.g. 'Q4_K_M'.")
    bits: int = Field(ge=1, le=32, description="Bits per weight as the source states it.")
    size: Size | None = None
    ram_required: Size | None = Field(None, description="Maximum RAM needed, when the source states it.")
    use_case: Named | None = Field(
        None,
        description="What the source recommends the file for, e.g. 'medium, balanced quality' "
        "(or {en: ..., zh: ..., zh_source: translated}, shown on Chinese pages).",
    )
    note: Text | None = None


class BranchFile(Strict):
    """One branch of a GPTQ or AWQ repository: one set of quantization parameters."""

    branch: SingleLine = Field(description="Git branch holding the files, e.g. 'main'.")
    url: Url | None = None
    file: SingleLine | None = Field(None, description="File name, when the source gives one.")
    bits: int = Field(ge=1, le=32)
    group_size: int | Literal["none"] | None = Field(None, description="Group size, or 'none' for no grouping.")
    act_order: bool | None = Field(None, description="Act order (desc_act).")
    damp_percent: float | None = Field(None, ge=0, le=1, description="Damp % as a fraction, e.g. 0.01.")
    calibration_dataset: DatasetId | None = Field(None, description="Id of the dataset used for calibration.")
    seq_len: int | None = Field(None, gt=0, description="Sequence length used for calibration.")
    size: Size | None = None
    exllama: bool | None = Field(None, description="Whether ExLlama can load it.")
    description: Named | None = Field(
        None, description="The source's one-line description of the branch (or {en: ..., zh: ..., zh_source: translated})."
    )
    note: Text | None = None

    @field_validator("group_size", mode="before")
    @classmethod
    def _group_size(cls, value: object) -> object:
        # Checked before the int-or-'none' union, which would report one error per member.
        ok = value is None or value == "none" or (type(value) is int and value > 0)
        if not ok:
            shown = repr(value) if isinstance(value, str) else str(value).lower()
            raise ValueError(
                f"group_size {shown} is not a group size: write a whole number such as 128, "
                "or 'none' for no grouping"
            )
        return value


class ContextSize(Strict):
    """Memory needed at one context length, as the source states it."""

    context: int = Field(gt=0, le=100_000_000, description="Context length in tokens, e.g. 4096.")
    size: Size = Field(description="Memory needed at that context, e.g. '8.4 GB'.")


class Exl2Branch(Strict):
    """One branch of an EXL2 repository (ExLlamaV2): one average bits-per-weight setting."""

    branch: SingleLine = Field(description="Git branch holding the files, e.g. '4.0bpw' or '6_5'.")
    url: Url | None = None
    bits: float = Field(ge=1, le=16, description="Average bits per weight (bpw), e.g. 4.65.")
    head_bits: int | None = Field(None, ge=1, le=16, description="Bits of the output layer (lm_head), e.g. 6 or 8.")
    calibration_dataset: DatasetId | None = Field(None, description="Id of the dataset used for calibration.")
    calibration_length: int | None = Field(None, gt=0, description="Tokens per calibration row (exllamav2's -l).")
    size: Size | None = None
    vram: list[ContextSize] = Field(default_factory=list, description="GPU memory needed at a context length, as the source states it.")
    description: Named | None = Field(
        None, description="The source's one-line description of the branch (or {en: ..., zh: ..., zh_source: translated})."
    )
    note: Text | None = None


class MlxWeights(Strict):
    """The weights of an MLX repository (Apple MLX): one quantization per branch, normally 'main'."""

    branch: SingleLine = Field(description="Git branch holding the weights, normally 'main'.")
    url: Url | None = None
    bits: int = Field(ge=1, le=32, description="Bits per weight: 4 or 8 when quantized, 16 for bf16/fp16 weights.")
    group_size: int | None = Field(None, gt=0, description="Group size of the quantization (mlx-lm's --q-group-size), e.g. 64.")
    size: Size | None = None
    note: Text | None = None


class _QuantBase(Strict):
    model: ModelId = Field(description="Id of the model these files quantize.")
    quantized_by: SingleLine = Field(description="Who made the files.")
    url: Url
    license: LicenseId | None = Field(None, description="License id, only when it differs from the model's.")
    license_notes: Text | None = None
    prompt_format: PromptFormatId | None = None
    compatibility: list[Client] = Field(default_factory=list, description="Clients and libraries known to load the files.")
    notes: Text | None = None
    sources: Sources


class GgufRepo(_QuantBase):
    """A repository of GGUF (or older GGML) files, one file per quantization method."""

    format: Literal["gguf", "ggml"]
    files: list[GgufFile] = Field(default_factory=list)


class BranchRepo(_QuantBase):
    """A repository of GPTQ or AWQ files, one branch per parameter set."""

    format: Literal["gptq", "awq"]
    files: list[BranchFile] = Field(default_factory=list)


class PlainRepo(_QuantBase):
    """A repository of unquantized weights converted to another precision (fp16)."""

    format: Literal["fp16"]
    files: list[GgufFile] = Field(default_factory=list)





class Exl2Repo(_QuantBase):
    """A repository of EXL2 files (ExLlamaV2), one branch per bits-per-weight setting."""

    format: Literal["exl2"]
    files: list[Exl2Branch] = Field(default_factory=list)


class MlxRepo(_QuantBase):
    """A repository of weights converted for Apple's MLX (mlx-lm)."""

    format: Literal["mlx"]
    files: list[MlxWeights] = Field(default_factory=list)

# --- the registry ---------------------------------------------------------------------------

#: How a column shows its field (``generator.resolve`` turns each into a page value).
Show = Literal["file", "branch", "text", "int", "num", "gb", "yesno", "group", "dataset", "described", "context_sizes"]


@dataclass(frozen=True)
class FileColumn:
    """A column of a format's files table: the entry field it shows, its header (a UI string
    key), how the value is shown, and its alignment."""

    field: str
    header: str
    show: Show
    align: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class QuantFormat:
    """One quantization format and everything that varies with it."""

    name: str  # the record's ``format`` value
    label: str  # as readers write it: 'GGUF'
    repo: type[Strict]  # the record class (its ``format`` literal includes ``name``)
    entry_key: str  # the entry field that names an entry uniquely within a repository
    suffixes: tuple[str, ...]  # repository-name endings that announce the format, lower case
    columns: tuple[FileColumn, ...]  # the files table on the repository's page
    # Where its files run, for the hardware-fit tool: "ram" (on the CPU, or in Apple's
    # unified memory) and/or "vram" (on a GPU). A format with both can split a model
    # between them, as llama.cpp does when it offloads some layers to the GPU.
    memory: tuple[Literal["ram", "vram"], ...]
    #: Hugging Face tags or library_name values that announce the format on a model card.
    card_tags: tuple[str, ...] = ()

    @property
    def entry(self) -> type[Strict]:
        """The class of one entry of ``files``."""
        return self.repo.model_fields["files"].annotation.__args__[0]  # type: ignore[union-attr,no-any-return]

    @property
    def intro_key(self) -> str:
        """The UI string introducing a repository of this format (``{model}`` marks the model)."""
        return f"quant.intro_{self.name}"


_FILE_COLUMNS = (
    FileColumn("name", "file.name", "file"),
    FileColumn("method", "file.method", "text"),
    FileColumn("bits", "file.bits", "int", "right"),
    FileColumn("size", "file.size", "gb", "right"),
    FileColumn("ram_required", "file.ram", "gb", "right"),
    FileColumn("use_case", "file.use_case", "described"),
)
_BRANCH_COLUMNS = (
    FileColumn("branch", "file.branch", "branch"),
    FileColumn("bits", "file.bits", "int", "right"),
    FileColumn("group_size", "file.group_size", "group", "right"),
    FileColumn("act_order", "file.act_order", "yesno"),
    FileColumn("damp_percent", "file.damp", "num", "right"),
    FileColumn("calibration_dataset", "file.calibration", "dataset"),
    FileColumn("seq_len", "file.seq_len", "int", "right"),
    FileColumn("size", "file.size", "gb", "right"),
    FileColumn("exllama", "file.exllama", "yesno"),
    FileColumn("description", "file.description", "described"),
)

_EXL2_COLUMNS = (
    FileColumn("branch", "file.branch", "branch"),
    FileColumn("bits", "file.bpw", "num", "right"),
    FileColumn("head_bits", "file.head_bits", "int", "right"),
    FileColumn("calibration_dataset", "file.calibration", "dataset"),
    FileColumn("calibration_length", "file.calibration_length", "int", "right"),
    FileColumn("size", "file.size", "gb", "right"),
    FileColumn("vram", "file.vram", "context_sizes"),
    FileColumn("description", "file.description", "described"),
)
_MLX_COLUMNS = (
    FileColumn("branch", "file.branch", "branch"),
    FileColumn("bits", "file.bits", "int", "right"),
    FileColumn("group_size", "file.group_size", "group", "right"),
    FileColumn("size", "file.size", "gb", "right"),
    FileColumn("note", "file.description", "described"),
)

FORMATS: tuple[QuantFormat, ...] = (
    QuantFormat("gguf", "GGUF", GgufRepo, "name", ("-gguf",), _FILE_COLUMNS, ("ram", "vram"), ("gguf",)),
    QuantFormat("ggml", "GGML", GgufRepo, "name", ("-ggml",), _FILE_COLUMNS, ("ram", "vram"), ("ggml",)),
    QuantFormat("gptq", "GPTQ", BranchRepo, "branch", ("-gptq",), _BRANCH_COLUMNS, ("vram",), ("gptq", "auto-gptq")),
    QuantFormat("awq", "AWQ", BranchRepo, "branch", ("-awq",), _BRANCH_COLUMNS, ("vram",), ("awq", "autoawq")),
    QuantFormat("fp16", "FP16", PlainRepo, "name", ("-fp16",), _FILE_COLUMNS, ("vram",)),
    QuantFormat("exl2", "EXL2", Exl2Repo, "branch", ("-exl2",), _EXL2_COLUMNS, ("vram",), ("exl2", "exllamav2")),
    QuantFormat("mlx", "MLX", MlxRepo, "branch", ("-mlx",), _MLX_COLUMNS, ("ram",), ("mlx",)),
)
BY_FORMAT: dict[str, QuantFormat] = {f.name: f for f in FORMATS}
QUANT_FORMATS: tuple[str, ...] = tuple(BY_FORMAT)

#: Any quant record: pydantic picks the class by ``format``.
Quant = Annotated[Union[tuple(dict.fromkeys(f.repo for f in FORMATS))], Field(discriminator="format")]  # type: ignore[misc]  # noqa: UP007


def format_of_tags(tags: list[str]) -> QuantFormat | None:
    """The format a card's tags or library_name announce (``library_name: mlx`` is MLX), if one does."""
    lowered = {str(tag).lower() for tag in tags}
    found = [fmt for fmt in FORMATS if lowered & set(fmt.card_tags)]
    return found[0] if len(found) == 1 else None


def format_of(record_id: str) -> QuantFormat | None:
    """The format a repository's name announces (``TheBloke/X-GGUF`` is GGUF), if any."""
    lowered = record_id.lower()
    for fmt in FORMATS:
        if lowered.endswith(fmt.suffixes):
            return fmt
    return None
