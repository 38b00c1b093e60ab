"""Benchmark names as cards write them, and the settings written next to them.

``mention("MMLU 5-shot")`` reads a table header or a heading: which benchmark (by the
aliases below), how many shots, which split, and any other setting ("CoT", "Pass@1").
Only names listed here, or already in the catalog, count as benchmarks: a column called
"Average" or "Commonsense Reasoning" is not one, and is left out rather than guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from generator.importer import markdown, values


@dataclass(frozen=True)
class Known:
    id: str
    name: str
    aliases: tuple[str, ...]
    scale: float = 100.0  # the highest value: 100 for percentages
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)


_MMLU_CATEGORIES = {
    "stem": ("stem",),
    "humanities": ("humanities",),
    "social": ("social", "social sciences", "social science"),
    "other": ("other", "others"),
}

KNOWN: tuple[Known, ...] = (
    Known("mmlu", "MMLU", ("mmlu", "cais/mmlu", "hendrycks test"), categories=_MMLU_CATEGORIES),
    Known(
        "ceval",
        "C-Eval",
        ("c-eval", "ceval", "ceval-exam"),
        categories={**_MMLU_CATEGORIES, "hard": ("hard", "avg(hard)", "avg hard", "average hard")},
    ),
    Known(
        "cmmlu",
        "CMMLU",
        ("cmmlu",),
        categories={**_MMLU_CATEGORIES, "china-specific": ("china specific", "china-specific")},
    ),
    Known("gsm8k", "GSM8K", ("gsm8k", "gsm", "gsm-8k")),
    Known("math", "MATH", ("math", "competition math")),
    Known("mt-bench", "MT-Bench", ("mt-bench", "mt bench", "mtbench", "mt-behch"), scale=10.0),
    Known(
        "arc-challenge",
        "ARC-Challenge",
        (
            "arc",
            "arc-challenge",
            "arc challenge",
            "arc_challenge",
            "arc-c",
            "arc c",
            "ai2 reasoning challenge",
            "ai2_arc",
        ),
    ),
    Known("arc-easy", "ARC-Easy", ("arc-easy", "arc easy", "arc_easy")),
    Known("hellaswag", "HellaSwag", ("hellaswag",)),
    Known("truthfulqa", "TruthfulQA", ("truthfulqa", "truthful_qa", "truthful qa", "truthfulqa_mc")),
    Known("winogrande", "WinoGrande", ("winogrande",)),
    Known("humaneval", "HumanEval", ("humaneval", "openai_humaneval", "human eval", "codex-eval", "codex eval")),
    Known("mbpp", "MBPP", ("mbpp",)),
    Known("bbh", "BIG-Bench Hard", ("bbh", "big-bench hard", "bigbench hard", "big bench hard")),
    Known("agieval", "AGIEval", ("agieval", "agi eval", "agi-eval")),
    Known("gaokao", "GAOKAO-Bench", ("gaokao", "gaokaobench", "gaokao-bench")),
    Known("tydiqa", "TyDi QA", ("tydiqa", "tydi qa", "tydi-qa")),
    Known("alpacafarm", "AlpacaFarm", ("alpacafarm", "alpaca farm", "alpaca-farm")),
    Known("alpacaeval", "AlpacaEval", ("alpacaeval", "alpaca eval", "alpaca-eval")),
    Known("piqa", "PIQA", ("piqa",)),
    Known("boolq", "BoolQ", ("boolq",)),
    Known("openbookqa", "OpenBookQA", ("openbookqa",)),
    Known("race", "RACE", ("race",)),
    Known("commonsenseqa", "CommonsenseQA", ("commonsenseqa", "commonsense qa")),
    Known("drop", "DROP", ("drop",)),
)
BY_ID = {k.id: k for k in KNOWN}
_BY_ALIAS = {values.squash(a): k for k in KNOWN for a in (*k.aliases, k.id, k.name)}
_MAX_WORDS = 4

_TOKEN = re.compile(r"\([^()]*\)|[^\s()]+")
_SHOTS = re.compile(r"^\(?(\d+)\s*-?\s*(?:shots?|s)\)?$", re.IGNORECASE)
_ZERO = re.compile(r"^\(?(?:zero|0)[\s-]?shot\)?$", re.IGNORECASE)
_JOINERS = {"&", "and", "+", "/", "vs.", "with"}
_SPLITS = {
    "val": "val",
    "valid": "val",
    "validation": "val",
    "dev": "dev",
    "test": "test",
    "验证集": "val",
    "测试集": "test",
}


@dataclass(frozen=True)
class Mention:
    """A benchmark named in a card, with the settings written next to it."""

    key: str  # a known id (KNOWN) or, for catalog names, the catalog's id
    name: str  # the name as the card writes it
    shots: int | None = None
    split: str | None = None
    setting: str | None = None


def mention(text: str, extra: dict[str, str] | None = None) -> Mention | None:
    """The benchmark at the start of ``text`` and its settings, or None when none is known.

    ``extra`` maps squashed names of catalog benchmarks to their ids (they count as known).
    """
    plain = markdown.plain(text).replace("：", ":").replace("（", "(").replace("）", ")").strip().rstrip(":").strip()
    plain = re.sub(r"([A-Za-z0-9])\(", r"\1 (", plain)  # "C-Eval(Val)" -> "C-Eval (Val)"
    tokens = _TOKEN.findall(plain)
    if len(tokens) <= 6 and any(t.lower() in _JOINERS for t in tokens):
        return None  # "Math & Code": a composite of several benchmarks, not one of them
    for width in range(min(_MAX_WORDS, len(tokens)), 0, -1):
        if any(t.startswith("(") for t in tokens[:width]):
            continue  # "(MC)", "(验证集)": settings, never part of the name
        head = values.squash(" ".join(tokens[:width]))
        key = (extra or {}).get(head) or (_BY_ALIAS[head].id if head in _BY_ALIAS else None)
        if key:
            return _settings(key, " ".join(tokens[:width]), tokens[width:])
    return None


def _settings(key: str, name: str, rest: list[str]) -> Mention | None:
    shots = split = None
    setting: list[str] = []
    for token in rest:
        bare = token.strip("()").strip()
        low = bare.lower()
        shot = _SHOTS.match(token)
        if shot:
            shots = int(shot.group(1))
        elif _ZERO.match(token):
            shots = 0
        elif low in _SPLITS:
            split = _SPLITS[low]
        elif low in ("-", "–", ":", "acc", "accuracy", "score", "few-shot"):
            continue
        elif bare:
            setting.append(low)
    if len(setting) > 3 or len(" ".join(setting)) > 30:  # a heading running on into prose: no setting
        setting = []
    return Mention(key, name, shots, split, " ".join(setting) or None)


def shots_in(text: str) -> int | None:
    """The one shot count a sentence states ("the final 5-shot results"), else None."""
    found = {int(m.group(1)) for m in re.finditer(r"(?<![A-Za-z0-9.])(\d+)\s*-\s*shot", text, re.IGNORECASE)}
    if re.search(r"\bzero[\s-]shot\b|零样本", text, re.IGNORECASE):
        found.add(0)
    return found.pop() if len(found) == 1 else None


def category(key: str, label: str, extra: dict[str, str] | None = None) -> str | None:
    """The category id a column or line label names for benchmark ``key``, else None."""
    word = values.squash(label)
    if extra and word in extra:
        return extra[word]
    known = BY_ID.get(key)
    if known is None:
        return None
    return _category_words(known.id).get(word)


@functools.cache
def _category_words(key: str) -> dict[str, str]:
    return {values.squash(n): cid for cid, names in BY_ID[key].categories.items() for n in (*names, cid)}


def is_average(label: str) -> bool:
    """ "Average", "AVERAGE ACC", "Avg.", "平均": the headline value (but not "Avg(Hard)")."""
    low = markdown.plain(label).lower().strip()
    return bool(re.match(r"^(?:average|avg\b|mean\b|平均)", low)) and "hard" not in low
