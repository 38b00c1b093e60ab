"""The record kinds and their rules: one pydantic model per kind, strict, a sentence per rule.

Every model forbids unknown fields; every field carries a description that editors show
(the JSON Schema under ``catalog/schema/`` is generated from these classes). Rules that
need other records (dangling references, cycles, score ranges) live in ``references.py``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    create_model,
    model_validator,
)

from generator import languages
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
    WithJsonSchema({"type": "string", "pattern": units.SIZE_PATTERN, "description": "A size as people write it: '4.77 GB' (GB = 10^9 bytes) or '512 MiB'."}, mode="validation"),
    # As published (the JSON export): a whole number of bytes.
    WithJsonSchema({"type": "integer", "exclusiveMinimum": 0, "description": "A size in bytes."}, mode="serialization"),
]
Count = Annotated[
    int,
    BeforeValidator(_count),
    Field(gt=0),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": units.COUNT_PATTERN}, {"type": "integer", "exclusiveMinimum": 0}], "description": "A parameter count: '7B', '1.1B' or an exact integer."}, mode="validation"),
    WithJsonSchema({"type": "integer", "exclusiveMinimum": 0, "description": "A parameter count, exact or as the source rounds it (7B: 7000000000)."}, mode="serialization"),
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


class _TextBase(Strict):
    """What every record text has, whatever the languages: see ``Text``."""

    def get(self, code: str) -> str | None:
        """The text in language ``code``, if the record has it."""
        value = getattr(self, code, None)
        return value if isinstance(value, str) else None

    def source(self, code: str) -> str | None:
        """Where the text in ``code`` comes from: 'original' or 'translated' (None: not said)."""
        return getattr(self, f"{code}_source", None) if code != languages.default().code else None

    @model_validator(mode="after")
    def _source_needs_text(self) -> _TextBase:
        for lang in languages.translations():
            if self.source(lang.code) is not None and self.get(lang.code) is None:
                code = lang.code
                raise ValueError(f"{code}_source is set but there is no {code} text; remove {code}_source or add {code}")
        return self


def _text_model() -> type[_TextBase]:
    """The record text class: the default language's text, and each translation with its source."""
    default = languages.default()
    fields: dict[str, Any] = {default.code: (Paragraphs, Field(description=f"The {default.english} text (Markdown)."))}
    for lang in languages.translations():
        hint = f", {lang.hint}" if lang.hint else ""
        fields[lang.code] = (Paragraphs | None, Field(None, description=f"The {lang.english} text (Markdown){hint}."))
        fields[f"{lang.code}_source"] = (
            Literal["original", "translated"] | None,
            Field(None, description=f"Where the {lang.english} comes from: 'original' (the source's own {lang.english}) or 'translated' (by a contributor)."),
        )
    names = [lang.english for lang in languages.translations()]
    versions = f"its {' and '.join(names)} version{'s' if len(names) > 1 else ''}"
    doc = f"Text in {default.english} with {versions}. Markdown is allowed; raw HTML is shown as text."
    return create_model("Text", __base__=_TextBase, __doc__=doc, __module__=__name__, **fields)


#: Record text: Markdown in the default language, with a translation (and its source) per
#: language of ``generator.languages``.
Text = _text_model()


def _label_model() -> type[_TextBase]:
    """The name class: one line in the default language, and each translation with its source."""
    default = languages.default()
    fields: dict[str, Any] = {default.code: (SingleLine, Field(description=f"The name in {default.english}."))}
    for lang in languages.translations():
        fields[lang.code] = (SingleLine | None, Field(None, description=f"The name in {lang.english}."))
        fields[f"{lang.code}_source"] = (
            Literal["original", "translated"] | None,
            Field(None, description=f"Where the {lang.english} name comes from: 'original' (the source's own) or 'translated' (by a contributor)."),
        )
    doc = f"A one-line name in {default.english} with its forms in other languages; shown literally, never as Markdown."
    return create_model("Label", __base__=_TextBase, __doc__=doc, __module__=__name__, **fields)


#: A short name with translations (a license's name, a metric, a score's setting, a source's
#: title): ``{en: Model card, zh: 模型卡, zh_source: translated}``.
Label = _label_model()

#: Where a name's value goes in an error's location: one branch per form, named so that
#: the reader can leave these steps out of the field path it shows (``read.records``).
NAMED_TAG = "Named:"


def _named_form(value: Any) -> str:
    return f"{NAMED_TAG}label" if isinstance(value, (dict, _TextBase)) else f"{NAMED_TAG}text"


#: A name as the source writes it, or with its forms in other languages (``Label``); a
#: mapping is read as a ``Label``, anything else as text, so an error names one form only.
Named = Annotated[
    Union[Annotated[SingleLine, Tag(f"{NAMED_TAG}text")], Annotated[Label, Tag(f"{NAMED_TAG}label")]],  # noqa: UP007
    Discriminator(_named_form),
]


@cache
def named_fields(cls: type[BaseModel]) -> frozenset[str]:
    """The fields of ``cls`` that may hold a name with translations (``Named``: a ``Label``)."""

    def takes_label(annotation: Any) -> bool:
        return annotation is Label or any(takes_label(arg) for arg in get_args(annotation))

    return frozenset(name for name, info in cls.model_fields.items() if takes_label(info.annotation))


def english(value: Any) -> Any:
    """The default-language form of a name that may carry translations; any other value as
    it is (so a field of any type can be compared through it).

    >>> english("Model card"), english(None), english(5)
    ('Model card', None, 5)
    """
    return value.get(languages.default().code) if isinstance(value, _TextBase) else value


class Source(Strict):
    """A page the record's facts come from."""

    url: Url
    title: Named | None = Field(None, description="What the page is, e.g. 'Model card' (or {en: Model card, zh: 模型卡, zh_source: translated}).")


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
    setting: Named | None = Field(None, description="Other settings that change the number: 'cot', 'direct', 'pass@1', ... (with its Chinese form: {en: cot, zh: 思维链（CoT）, zh_source: translated}).")
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

    name: Named = Field(description="The license's name (with its forms in other languages: {en: ..., zh: ..., zh_source: ...}).")
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
    metric: Named = Field(description="What the value measures, e.g. 'accuracy (%)' (or {en: accuracy (%), zh: 准确率（%）, zh_source: translated}).")
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
