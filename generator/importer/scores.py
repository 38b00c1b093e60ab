"""Benchmark scores found in a card, from model-index metadata, tables and lines.

A score is taken only when it is unambiguous: a benchmark the catalog or the built-in list
knows, a value that is clearly this model's, and no other value for the same benchmark and
settings elsewhere in the card. Where two places give the same value, the entries merge
(keeping every setting either states); where they disagree, the structured model-index
wins over the body, and two body values that disagree are both left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from generator.importer import benchmarks, values
from generator.importer.notes import Notes
from generator.importer.resolve import Index

METADATA, BODY = 0, 1  # where a score came from; lower wins a disagreement


@dataclass(frozen=True)
class Found:
    benchmark: str  # catalog (or built-in) benchmark id
    value: float
    stated: str | None = None
    shots: int | None = None
    split: str | None = None
    setting: str | None = None
    breakdown: dict[str, float] = field(default_factory=dict)
    source_url: str | None = None  # None: the card itself
    source_kind: str = "self-reported"
    origin: int = BODY
    line: int = 0

    def settings(self) -> tuple[int | None, str | None, str | None]:
        return (self.shots, self.split, self.setting)


@dataclass
class Target:
    """The model whose scores are wanted: matched against row labels and column headers."""

    names: set[str]
    repo: str | None = None

    @classmethod
    def of(cls, repo: str | None, *names: str | None) -> Target:
        found = {values.squash(n) for n in names if n}
        if repo:
            found |= {values.squash(repo), values.squash(repo.split("/")[-1])}
        return cls({n for n in found if len(n) >= 3}, repo)

    def matches(self, label: str) -> bool:
        from generator.importer import markdown

        for _text, url in markdown.links(label):
            repo = values.repo_from_url(url)
            if repo is not None and self.repo is not None:
                return repo.lower() == self.repo.lower()
        word = values.squash(label)
        if word in self.names:
            return True
        # A footnote mark glued to the name by a flattened page: "baichuan-7B0", "Aquila-7B*".
        return len(word) > 3 and word[-1].isdigit() and not word[-2].isdigit() and word[:-1] in self.names


def value_of(raw: Any, bench: str, index: Index, notes: Notes, line: int) -> tuple[float, str | None] | None:
    """A score value on the benchmark's scale, and the text as stated when that differs."""
    stated = None
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip()
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%?", text)
        if not match:
            return None
        value = float(match.group(1))
        stated = text if text.endswith("%") else None
    scale = index.scale(bench)
    if scale == 100 and 0 < value < 1:
        text = str(raw) if not isinstance(raw, float) else repr(raw)
        percent = float(Decimal(text.rstrip("%").strip()) * 100)
        notes.warn(
            "scores below 1 on a 0-100 benchmark were read as fractions and multiplied by 100; "
            "'stated' keeps the card's numbers"
        )
        stated = stated or text
        value = percent
    if scale is not None and not 0 <= value <= scale:
        notes.warn(f"{bench}: {value:g} is outside 0 to {scale:g}; left out", line)
        return None
    return value, stated


# --- model-index ----------------------------------------------------------------------------

_SPLITS = {"validation": "val", "valid": "val", "val": "val", "test": "test", "dev": "dev", "train": "train"}
_PLAIN_METRICS = {"acc", "accuracy"}


def from_model_index(results: list[Any], index: Index, notes: Notes, line: int, repo: str | None) -> list[Found]:
    """Scores from huggingface_hub EvalResults (the card's ``model-index``)."""
    extra = index.extra_benchmarks()
    out = []
    for result in results:
        mention = None
        for text in (result.dataset_config, result.dataset_type, result.dataset_name):
            if text and (
                mention := benchmarks.mention(
                    str(text).replace("_", " ") if text == result.dataset_type else str(text), extra
                )
            ):
                break
        if mention is None:
            notes.warn(
                f"model-index: {result.dataset_name!r} ({result.dataset_type}) is not a known benchmark; left out", line
            )
            continue
        bench = index.benchmark(mention.key)
        read = value_of(result.metric_value, bench, index, notes, line)
        if read is None:
            notes.warn(
                f"model-index: {result.dataset_name!r} value {result.metric_value!r} is not a number; left out", line
            )
            continue
        shots = (result.dataset_args or {}).get("num_few_shot")
        shots = shots if isinstance(shots, int) and not isinstance(shots, bool) else mention.shots
        metric = str(result.metric_type or "").strip().lower()
        setting = mention.setting if metric in _PLAIN_METRICS or not metric else metric
        source_kind, source_url = "self-reported", None
        if result.source_url and "leaderboard" in f"{result.source_name} {result.source_url}".lower():
            source_kind, source_url = "leaderboard", result.source_url
        out.append(
            Found(
                bench,
                read[0],
                read[1],
                shots,
                _SPLITS.get(str(result.dataset_split or "").lower(), mention.split),
                setting,
                {},
                source_url,
                source_kind,
                METADATA,
                line,
            )
        )
    return out


# --- merging --------------------------------------------------------------------------------


def _compatible(a: Found, b: Found) -> bool:
    """Same benchmark, and no setting stated differently ("MC" and "mc2" are one setting, told more or less)."""
    if a.benchmark != b.benchmark or (a.shots is not None and b.shots is not None and a.shots != b.shots):
        return False
    if a.split and b.split and a.split != b.split:
        return False
    if not a.setting or not b.setting or a.setting == b.setting:
        return True
    short, long = sorted((a.setting, b.setting), key=len)
    return long.startswith(short) and not any(c.isdigit() for c in short)  # "mc" ~ "mc2"; "pass@1" !~ "pass@10"


def _same_value(a: Found, b: Found) -> bool:
    return abs(a.value - b.value) < 1e-6


def _merged(a: Found, b: Found) -> Found:
    first, second = (a, b) if a.origin <= b.origin else (b, a)
    settings = sorted(filter(None, (first.setting, second.setting)), key=len)
    return replace(
        first,
        shots=first.shots if first.shots is not None else second.shots,
        split=first.split or second.split,
        setting=settings[-1] if settings else None,
        stated=first.stated or second.stated,
        breakdown={**second.breakdown, **first.breakdown},
    )


def merge(found: list[Found], notes: Notes) -> list[Found]:
    """One entry per benchmark and settings: repeats merged, disagreements resolved or dropped."""
    out: list[Found] = []
    dropped: list[Found] = []
    for score in found:
        if any(_compatible(score, d) and not _same_value(score, d) and d.origin == score.origin for d in dropped):
            continue
        for i, kept in enumerate(out):
            if not _compatible(score, kept):
                continue
            if _same_value(score, kept):
                out[i] = _merged(kept, score)
                break
            if kept.origin != score.origin:
                win, lose = (kept, score) if kept.origin < score.origin else (score, kept)
                notes.warn(
                    f"{win.benchmark}: the card also gives {lose.value:g} (line {lose.line}); the draft "
                    f"keeps the metadata's {win.value:g}",
                    lose.line,
                )
                out[i] = win
                break
            if kept.settings() != score.settings():
                continue  # e.g. 0-shot and 5-shot given in different places: both stay
            notes.warn(
                f"{kept.benchmark}: the card gives both {kept.value:g} (line {kept.line}) and "
                f"{score.value:g}; left out as ambiguous",
                score.line,
            )
            dropped += [kept, score]
            del out[i]
            break
        else:
            out.append(score)
    return out
