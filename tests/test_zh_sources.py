"""Chinese labelled ``original`` is the source's own Chinese: every such text of the real
catalog is found in a card its record cites (the cards are kept in ``tests/fixtures/``).

Compared loosely: whitespace, link targets and the width of punctuation do not count, so a
quote typeset with full-width marks still matches its source. A Chinese text a contributor
wrote or copied from elsewhere is ``translated``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from generator.catalog import Catalog
from generator.pipeline import load
from generator.schema.records import Label, Text

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

#: Originals from a cited source that is not kept in tests/fixtures/, and which source that is.
UNCHECKED = {
    ("license", "baichuan-7b", "use_restrictions[0]"): "the Baichuan-7B GitHub README's 协议 section",
    ("license", "baichuan-7b", "name"): "the Baichuan-7B GitHub README's 协议 section",
}

_WIDTH = str.maketrans("，。；：！？（）“”‘’、《》", ",.;:!?()\"\"'',<>")


def _normal(text: str) -> str:
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's target
    text = re.sub(r"[`*_\[\]<>]", "", text)  # Markdown marks
    return re.sub(r"\s+", "", text.translate(_WIDTH))


@cache
def cards() -> dict[str, str]:
    """Each kept card's text (normalised), by the URL of the page it is a copy of."""
    out: dict[str, str] = {}
    for folder, column in (("cards", "card of"), ("seeds", "source URL")):
        with (FIXTURES / folder / "SOURCES.tsv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                url = row[column].strip()
                if url.startswith("https://"):
                    text = (FIXTURES / folder / row["file"]).read_text(encoding="utf-8", errors="replace")
                    out[url.rstrip("/")] = out.get(url.rstrip("/"), "") + _normal(text)
    return out


def _originals(value: Any, loc: str, urls: tuple[str, ...]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(field, Chinese, URLs that may hold it) for every text labelled original; a score's own
    source counts for its note."""
    if isinstance(value, (Text, Label)):
        if value.get("zh") and value.source("zh") == "original":
            yield loc, value.get("zh") or "", urls
    elif isinstance(value, BaseModel):
        own = getattr(value, "source", None)
        if own is not None and hasattr(own, "url"):
            urls = (*urls, own.url)
        for name in type(value).model_fields:
            yield from _originals(getattr(value, name), f"{loc}.{name}".lstrip("."), urls)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _originals(item, f"{loc}[{i}]", urls)


def found_in(chinese: str, text: str) -> bool:
    """Whether ``chinese`` is in ``text`` (normalised): every run of four or more Chinese
    characters within a line, or the whole of a shorter text."""
    runs = [run for line in chinese.split() for run in re.findall(r"[\u4e00-\u9fff]{4,}", _normal(line))]
    return all(run in text for run in runs) if runs else _normal(chinese) in text


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    loaded, _ = load(REPO / "catalog")
    return loaded


def test_the_comparison_ignores_only_form() -> None:
    card = _normal("**平均准确率：63.82** （优于当前所有7B模型, 包括 [ChatGLM3](https://x.y)）")
    assert found_in("平均准确率：63.82（优于当前所有7B模型，包括 ChatGLM3）", card)
    assert not found_in("平均准确率：63.82（优于当前所有模型）", card)
    assert not found_in("社会科学", _normal("社会学准确率"))


def test_original_chinese_is_in_a_cited_card(catalog: Catalog) -> None:
    kept = cards()
    wrong, unchecked = [], set()
    for kind, records in catalog.records.items():
        for rid, record in sorted(records.items()):
            cited = tuple(s.url for s in record.data.sources)
            for field, chinese, urls in _originals(record.data, "", cited):
                texts = "".join(kept[u] for u in sorted({u.rstrip("/") for u in urls}) if u in kept)
                if (kind, rid, field) in UNCHECKED or not texts:
                    unchecked.add((kind, rid, field))
                elif not found_in(chinese, texts):
                    wrong.append(f"{kind} {rid} {field}: {chinese[:60]!r} is not in {sorted(set(urls))}")
    assert wrong == []
    assert unchecked == set(UNCHECKED), "say where these originals come from, or label them translated"
