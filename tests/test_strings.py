"""UI string tables: both languages have the same keys, and templates use only known keys."""

import json
import re
from pathlib import Path

import pytest

from generator import builders, languages
from generator.render import strings

TEMPLATES = Path(strings.__file__).parent / "templates"


def test_tables_have_the_same_keys() -> None:
    en, zh = strings.table("en"), strings.table("zh")
    assert sorted(set(en) ^ set(zh)) == []


def test_every_builder_is_named_in_the_footer_of_every_language() -> None:
    # The footer says which builder built the site (generator.site.build.footer).
    for lang in languages.codes():
        assert "{builder}" in strings.table(lang)["footer.text"], lang
        assert [b for b in builders.BUILDERS if f"footer.builder.{b}" not in strings.table(lang)] == [], lang


def test_no_empty_strings() -> None:
    for lang in languages.codes():
        assert [k for k, v in strings.table(lang).items() if not v.strip()] == []


def test_templates_use_only_known_keys() -> None:
    known = set(strings.table("en"))
    unknown = []
    for template in sorted(TEMPLATES.glob("*.jinja")):
        source = template.read_text(encoding="utf-8")
        for key, dynamic in re.findall(r"\bh?t\('([a-z_.-]+)'(\s*~)?", source):
            found = any(k.startswith(key) for k in known) if dynamic else key in known
            if not found:
                unknown.append(f"{template.name}: {key}")
    assert unknown == []


def test_fallback_to_english_then_key() -> None:
    assert strings.translate("zh", "site.title") == "模型图谱"
    assert strings.translate("xx", "site.title") == "Model Atlas"
    assert strings.translate("zh", "no.such.key") == "no.such.key"


def test_table_sort_knows_every_languages_no_group_word() -> None:
    # tables.js sorts "none" group sizes with blanks; it must know each language's word.
    script = (Path(__file__).resolve().parents[1] / "overrides/assets/javascripts/tables.js").read_text("utf-8")
    words = json.loads("[" + re.search(r"var BLANK = \[(.*?)\];", script).group(1) + "]")
    for lang in languages.codes():
        assert strings.table(lang)["file.no_group"] in words, lang


def test_a_ui_string_written_as_html_may_not_hold_a_link() -> None:
    """Templates write some blocks as HTML (render.pages.ui_html): a UI string there keeps its
    spaces and Markdown emphasis, and one with a link is refused (only Markdown turns a docs
    path into a page's address)."""
    from generator.render.pages import ui_html

    assert ui_html("en", "punct.open") == " ("
    assert ui_html("en", "lineage.up") == "Derived from"
    with pytest.raises(ValueError, match="holds a link"):
        ui_html("en", "fit.all_files")
