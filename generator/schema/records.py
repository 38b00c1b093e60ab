"""The record kinds and their rules: one pydantic model per kind, strict, a sentence per rule.

Every model forbids unknown fields; every field carries a description that editors show
(the JSON Schema under ``catalog/schema/`` is generated from these classes). Rules that
need other records (dangling references, cycles, score ranges) live in ``references.py``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, Union
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from generator.schema import characters, units

# --- identifiers --------------------------------------------------------------------------

#: Hugging Face repo names: letters, digits, '-', '_', '.', no '--' or '..', at most 96.
_REPO_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?"
REPO_ID = re.compile(rf"^{_REPO_PART}/{_REPO_PART}$")
DATASET_ID = re.compile(rf"^(?:{_REPO_PART}/)?{_REPO_PART}$")
#: Short ids of licenses, benchmarks and prompt formats: lower case, digits, '.', '-', '+'.
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9.+-]{0,62}[a-z0-9+])?$")


def check_repo_id(value: str) -> str:
    if not REPO_ID.match(value) or "--" in value or ".." in value:
        raise ValueError(
            f"{value!r} is not a Hugging Face repo id: expected 'org/name' of letters, digits, "
            "'-', '_' and '.', without '--' or '..'"
        )
    return value


def check_dataset_id(value: str) -> str:
    if not DATASET_ID.match(value) or "--" in value or ".." in value:
        raise ValueError(f"{value!r} is not a dataset id: expected 'org/name' or 'name' as on Hugging Face")
    return value


def check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(f"{value!r} is not an id: expected lower-case letters, digits, '.', '-' or '+'")
    return value


ModelId = Annotated[str, AfterValidator(check_repo_id), Field(description="A model id: the Hugging Face repo id 'org/name'.")]
DatasetId = Annotated[str, AfterValidator(check_dataset_id), Field(description="A dataset id as on Hugging Face: 'org/name' or 'name'.")]
LicenseId = Annotated[str, AfterValidator(check_slug), Field(description="A license id: a file name under catalog/licenses/.")]
BenchmarkId = Annotated[str, AfterValidator(check_slug), Field(description="A benchmark id: a file name under catalog/benchmarks/.")]
PromptFormatId = Annotated[str, AfterValidator(check_slug), Field(description="A prompt-format id: a file name under catalog/prompt-formats/.")]

# --- values -------------------------------------------------------------------------------

#: Controls, format characters (bidi, zero-width), separators, private use and unassigned
#: code points are refused by category (``characters``); templates keep tabs and line breaks.
check_visible = characters.check_verbatim


def check_url(value: str) -> str:
    characters.check_link(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ValueError(f"link {value!r} must start with https:// (or http://); other schemes are refused")
    if not parts.netloc or parts.netloc.startswith("@"):
        raise ValueError(f"link {value!r} has no host name")
    return value


Url = Annotated[
    str,
    AfterValidator(check_url),
    Field(max_length=2000, description="An http(s) link.", json_schema_extra={"format": "uri", "pattern": "^https?://"}),
]

SingleLine = Annotated[
    str, StringConstraints(min_length=1, max_length=300, pattern=r"^[^\n\r]*\S[^\n\r]*$"), AfterValidator(characters.check_one_line)
]
Paragraphs = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


def _size(value: object) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A bare number has no unit; the JSON Schema also asks for text. ValueError, not
        # TypeError: pydantic turns only ValueError into a validation error.
        raise ValueError(f"size {value} has no unit: write it as text such as '4.77 GB'")
    return units.parse_size(value) if isinstance(value, str) else value


def _count(value: object) -> object:
    return units.parse_count(value) if isinstance(value, str) else value


Size = Annotated[
    int,
    BeforeValidator(_size),
    Field(gt=0),
    WithJsonSchema({"type": "string", "pattern": units.SIZE_PATTERN, "description": "A size as people write it: '4.77 GB' (GB = 10^9 bytes) or '512 MiB'."}),
]
Count = Annotated[
    int,
    BeforeValidator(_count),
    Field(gt=0),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": units.COUNT_PATTERN}, {"type": "integer", "exclusiveMinimum": 0}], "description": "A parameter count: '7B', '1.1B' or an exact integer."}),
]
LanguageCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
    Field(description="An ISO 639 language code such as 'en' or 'zh'; quote 'no' (Norwegian)."),
]


class Strict(BaseModel):
    """Base of every record part: unknown fields are errors, values are never coerced."""

    # No .nan or .inf: they compare wrongly, and JSON (the api/ export) cannot hold them.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class Text(Strict):
    """Text in English with its Chinese version. Markdown is allowed; raw HTML is shown as text."""

    en: Paragraphs = Field(description="The English text (Markdown).")
    zh: Paragraphs | None = Field(None, description="The Chinese text (Markdown), on one line per paragraph: never hard-wrap Chinese.")
    zh_source: Literal["original", "translated"] | None = Field(
        None, description="Where the Chinese comes from: 'original' (the source's own Chinese) or 'translated' (by a contributor)."
    )

    @model_validator(mode="after")
    def _source_needs_text(self) -> Text:
        if self.zh_source is not None and self.zh is None:
            raise ValueError("zh_source is set but there is no zh text; remove zh_source or add zh")
        return self


class Source(Strict):
    """A page the record's facts come from."""

    url: Url
    title: SingleLine | None = Field(None, description="What the page is, e.g. 'Model card'.")


Sources = Annotated[list[Source], Field(min_length=1, description="The pages this record's facts come from; at least one.")]


# --- model --------------------------------------------------------------------------------


class BaseModelRef(Strict):
    """A model this one derives from, and how."""

    id: ModelId
    relation: Literal["finetune", "quantized", "merge", "adapter", "distilled", "replica"] = Field(
        description="How this model derives from the base: finetune, quantized, merge, adapter, distilled or replica."
    )
    note: Text | None = Field(None, description="The source's own words on the relation, when it says more.")


class ScoreSource(Strict):
    """Who reported a score."""

    url: Url
    kind: Literal["self-reported", "paper", "leaderboard", "independent"] = Field(
        description="self-reported (the model's authors), paper, leaderboard, or independent (a third party)."
    )
    title: SingleLine | None = None


class Score(Strict):
    """One benchmark result, with the settings it was taken under."""

    benchmark: BenchmarkId
    value: float = Field(description="The headline value on the benchmark's own scale (see its range).")
    stated: SingleLine | None = Field(None, description="The value verbatim as the source printed it, when it differs (e.g. '0.5921' for 59.21).")
    shots: int | None = Field(None, ge=0, le=100, description="Number of in-context examples; 0 for zero-shot. Absent when the source does not say.")
    split: SingleLine | None = Field(None, description="The data split scored: val, test or dev. Absent when the source does not say.")
    setting: SingleLine | None = Field(None, description="Other settings that change the number: 'cot', 'direct', 'pass@1', ...")
    breakdown: dict[str, float] | None = Field(None, description="Values per category; keys are category ids of the benchmark.")
    source: ScoreSource
    note: Text | None = None


class Model(Strict):
    """A language model repository (catalog/models/<org>/<name>.yaml)."""

    name: SingleLine = Field(description="Display name, e.g. 'CausalLM 7B'.")
    creator: SingleLine = Field(description="Who made the model (organisation or person).")
    url: Url = Field(description="The model's page, normally on Hugging Face.")
    license: LicenseId | None = Field(None, description="License id; absent when the source does not state one.")
    license_notes: Text | None = Field(None, description="What the source says beyond the license id: dual licensing, inherited terms.")
    base_models: list[BaseModelRef] = Field(default_factory=list, description="Models this one derives from.")
    architecture: SingleLine | None = Field(None, description="Architecture family, e.g. 'llama'.")
    parameters: Count | None = Field(None, description="Parameter count: '7B' or an exact integer.")
    context_length: int | None = Field(None, gt=0, le=100_000_000, description="Context window in tokens.")
    languages: list[LanguageCode] = Field(default_factory=list, description="Languages the model is meant for.")
    datasets: list[DatasetId] = Field(default_factory=list, description="Ids of the datasets it was trained on.")
    prompt_format: PromptFormatId | None = Field(None, description="Id of its prompt format.")
    tags: list[SingleLine] = Field(default_factory=list, description="Hugging Face tags.")
    pipeline_tag: SingleLine | None = Field(None, description="Hugging Face pipeline tag, e.g. 'text-generation'.")
    summary: Text = Field(description="One or two sentences saying what the model is.")
    notes: Text | None = Field(None, description="Longer description.")
    cautions: list[Text] = Field(default_factory=list, description="Warnings the source gives to users.")
    scores: list[Score] = Field(default_factory=list, description="Benchmark results.")
    sources: Sources


# --- quantized files ----------------------------------------------------------------------


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
    use_case: SingleLine | None = None
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
    description: SingleLine | None = None
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


Quant = Annotated[Union[GgufRepo, BranchRepo, PlainRepo], Field(discriminator="format")]  # noqa: UP007
QUANT_FORMATS = ("gguf", "ggml", "gptq", "awq", "fp16")


# --- dataset, license, benchmark, prompt format -------------------------------------------


class Dataset(Strict):
    """A dataset used to train or calibrate models (catalog/datasets/[<org>/]<name>.yaml)."""

    name: SingleLine
    url: Url
    languages: list[LanguageCode] = Field(default_factory=list)
    license: LicenseId | None = None
    description: Text | None = None
    sources: Sources


class License(Strict):
    """A license and the terms readers ask about (catalog/licenses/<id>.yaml)."""

    name: SingleLine
    url: Url
    spdx: SingleLine | None = Field(None, description="SPDX identifier, when one exists.")
    commercial_use: Literal["allowed", "restricted", "forbidden", "unclear"] = Field(
        description="May the model be used commercially: allowed, restricted (with conditions), forbidden or unclear."
    )
    # Optional: a card may name a license whose text is not at hand; absent means "not stated".
    attribution: bool | None = Field(None, description="Must users credit the licensor? Absent when the sources do not say.")
    copyleft: bool | None = Field(None, description="Must derived works use the same license? Absent when the sources do not say.")
    use_restrictions: list[Text] = Field(default_factory=list, description="Uses the license forbids or conditions.")
    summary: Text
    sources: Sources


class Category(Strict):
    """A sub-score of a benchmark."""

    id: Annotated[str, AfterValidator(check_slug)]
    name: Text


class Range(Strict):
    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min >= self.max:
            raise ValueError(f"range min {self.min:g} must be below max {self.max:g}")
        return self


class Benchmark(Strict):
    """A benchmark and how to read its numbers (catalog/benchmarks/<id>.yaml)."""

    name: SingleLine
    url: Url
    metric: SingleLine = Field(description="What the value measures, e.g. 'accuracy'.")
    range: Range = Field(description="The lowest and highest possible values; scores outside are errors.")
    higher_is_better: bool
    categories: list[Category] = Field(default_factory=list, description="Sub-scores a breakdown may use.")
    description: Text
    sources: Sources
    # Repeated category ids are reported by references.py, at the repeated entry's line.


class PromptFormat(Strict):
    """A prompt template (catalog/prompt-formats/<id>.yaml)."""

    name: SingleLine
    template: Annotated[str, StringConstraints(min_length=1, max_length=10_000), AfterValidator(check_visible)] = Field(description="The template verbatim; {system_message} and {prompt} mark the slots.")
    stop: list[Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(check_visible)]] = Field(default_factory=list, description="Stop strings.")
    url: Url | None = None
    notes: Text | None = None
    sources: Sources
