"""The language table (``generator/languages.py``): a language added there, with a strings
file and translations in records, gets its pages, its UI and its schema fields, and nothing
else needs to change. The third language exists only in this test (in a fresh process,
since the record classes are made from the table at import).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import languages
from generator.pipeline import load

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"

JA_STRINGS = """\
site.title: モデルアトラス
model.facts: 基本情報
mark.fallback: EN
mark.fallback_title: 日本語はまだありません
mark.translated: 訳
mark.translated_title: 貢献者による翻訳
language.ja: 日本語
translations.original: "原文の{language}"
"""

SCRIPT = """\
import json, sys
from pathlib import Path
from generator import languages
languages.add(languages.Language("ja", "日本語", "Japanese", strings=Path(sys.argv[3])))
from generator import pipeline
from generator.schema import jsonschema
from generator.schema.kinds import BY_NAME
problems = pipeline.generate(Path(sys.argv[1]), Path(sys.argv[2]))
import yaml
from generator.site import build
switcher = yaml.safe_load(build.language_config("ja", "docs/ja", "site/ja"))["extra"]["languages"]
print(json.dumps({
    "alternate": [[a["name"], a["lang"], a["link"], a["home"]] for a in switcher],
    "errors": [p.text() for p in problems if p.severity == "error"],
    "text_fields": sorted(jsonschema.schema_for(BY_NAME["model"])["$defs"]["Text"]["properties"]),
}))
"""


@pytest.fixture(scope="module")
def with_japanese(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    work = tmp_path_factory.mktemp("ja")
    catalog = work / "catalog"
    shutil.copytree(MINI, catalog)
    record = catalog / "models" / "open" / "Chat-7B.yaml"
    text = record.read_text(encoding="utf-8")
    summary = "summary:\n  en: "
    assert summary in text
    start = text.index(summary)
    end = text.index("\n", start + len(summary))
    record.write_text(text[:end] + "\n  ja: 日本語の概要です。\n  ja_source: translated" + text[end:], encoding="utf-8")
    (work / "ja.yaml").write_text(JA_STRINGS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(catalog), str(work / "docs"), str(work / "ja.yaml")],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    return work / "docs", json.loads(result.stdout)


def test_every_page_is_written_in_the_third_language(with_japanese: tuple[Path, dict[str, object]]) -> None:
    docs, report = with_japanese
    assert report["errors"] == []
    trees = {lang: {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")} for lang in ("en", "zh", "ja")}
    assert trees["en"] and trees["ja"] == trees["en"] == trees["zh"]


def test_third_language_pages_use_its_strings_and_text(with_japanese: tuple[Path, dict[str, object]]) -> None:
    docs, _ = with_japanese
    home = (docs / "ja" / "index.md").read_text(encoding="utf-8")
    assert home.startswith("---\n") and "\n---\n# モデルアトラス\n" in home  # after the front matter (the nav's title)
    model = (docs / "ja" / "models" / "open" / "Chat-7B.md").read_text(encoding="utf-8")
    assert "## 基本情報" in model
    assert "日本語の概要です。" in model and ">訳</span>" in model
    assert "## Lineage" in model  # a string the ja table lacks falls back to English
    other = (docs / "ja" / "models" / "acme" / "Base-7B.md").read_text(encoding="utf-8")
    assert 'title="日本語はまだありません">EN</span>' in other  # English record text, marked


def test_coverage_counts_each_translation_language(with_japanese: tuple[Path, dict[str, object]]) -> None:
    docs, _ = with_japanese
    page = (docs / "ja" / "translations.md").read_text(encoding="utf-8")
    assert "原文の中文" in page and "原文の日本語" in page
    english = (docs / "en" / "translations.md").read_text(encoding="utf-8")
    assert "Missing Chinese text" in english and "Missing 日本語 text" in english


def test_schema_gains_the_language_fields(with_japanese: tuple[Path, dict[str, object]]) -> None:
    _, report = with_japanese
    assert report["text_fields"] == ["en", "ja", "ja_source", "zh", "zh_source"]
    assert report["alternate"] == [["English", "en", "../", ""], ["中文", "zh", "../zh/", "zh/"], ["日本語", "ja", "", "ja/"]]


def test_without_the_entry_the_translation_is_an_unknown_field(tmp_path: Path) -> None:
    assert "ja" not in languages.codes()
    catalog = tmp_path / "catalog"
    shutil.copytree(MINI, catalog)
    record = catalog / "licenses" / "open-license.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("summary:\n  en: ", "summary:\n  ja: x\n  en: ", 1), encoding="utf-8")
    _, problems = load(catalog)
    assert [(p.field, p.message.split(";")[0]) for p in problems] == [("summary.ja", "unknown field 'ja'")]


def test_the_table_has_one_default_and_unique_codes() -> None:
    assert sum(lang.default for lang in languages.all()) == 1
    assert len(set(languages.codes())) == len(languages.codes())
    with pytest.raises(ValueError, match="already"):
        languages.add(languages.Language("zh", "中文", "Chinese"))
