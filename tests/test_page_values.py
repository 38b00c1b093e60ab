"""How page values are shown in each language: names in their Chinese form or marked as
untranslated, marks at the end of a table cell (never between a value and its label),
punctuation by language, vocabulary words through the UI strings, names that break only
at '-' and '_', and links to the data published once for every language."""

from __future__ import annotations

from markupsafe import Markup

from generator.render import strings
from generator.render.cells import CellFormatter, Formatter, TextFormatter
from generator.resolve import cells as c
from generator.resolve.scores import Setting
from generator.schema.records import Label, Text

MARK = strings.translate("zh", "mark.fallback")
TRANSLATED = strings.translate("zh", "mark.translated")
LICENSE = Label(en="Llama 2 Community License Agreement", zh="Llama 2 社区许可协议", zh_source="translated")


def cell(value: c.Value, lang: str = "zh", path: str = "models/a/b.md") -> str:
    return str(CellFormatter(lang, path)(value))


def test_a_name_shows_its_chinese_form_or_is_marked() -> None:
    assert cell(c.Name(LICENSE), "en") == "Llama 2 Community License Agreement"
    assert cell(c.Name(LICENSE)) == "Llama 2 社区许可协议"
    assert cell(c.Name("Apache License 2.0")).startswith("Apache License 2.0 <span class=\"atlas-mark atlas-fallback\"")
    assert MARK in cell(c.Name("Apache License 2.0")) and MARK not in cell(c.Name("Apache License 2.0"), "en")


def test_a_mark_sits_at_the_end_of_its_cell_not_inside_a_value() -> None:
    social = Text(en="Social science", zh="社会科学", zh_source="translated")
    breakdown = c.Breakdown(((c.Txt(social, inline=True), c.Num(72.41)), (c.Lit("STEM"), c.Num(56.83))))
    shown = cell(breakdown)
    # Each category with its result (and the '·' after it) on one line: a narrow column
    # breaks between categories only.
    assert shown.startswith('<span class="atlas-keep">社会科学\u00a072.41\u00a0·</span> <span class="atlas-keep">STEM\u00a056.83</span> <span')
    assert shown.count(f">{TRANSLATED}</span>") == 1
    # A linked name: the mark goes beside the link, outside it.
    link = cell(c.Ref("licenses/x.md", c.Name("Apache License 2.0")))
    assert link.startswith('<a href="../../licenses/x.html">Apache License 2.0</a> <span')


def test_punctuation_follows_the_language() -> None:
    joined = c.Join((c.Lit("a"), c.Key("punct.open"), c.Lit("b"), c.Key("punct.close")))
    assert cell(joined, "en") == "a (b)" and cell(joined) == "a（b）"
    assert cell(c.listed(["en", "zh"]), "en") == "en, zh" and cell(c.listed(["en", "zh"])) == "en、zh"
    assert cell(c.listed([])) == "—"


def test_settings_and_vocabulary_in_chinese() -> None:
    setting = Setting(5, "val", "cot", Label(en="cot", zh="思维链（CoT）", zh_source="translated"))
    assert cell(c.SettingLabel(setting), "en") == "5-shot · val split · cot"
    assert cell(c.SettingLabel(setting)) == "5-shot · 验证集 · 思维链（CoT）"
    unknown = cell(c.SettingLabel(Setting(None, "holdout", None)))
    assert unknown.startswith("holdout 划分") and MARK in unknown
    assert cell(c.Term("pipeline", "text-generation")) == "文本生成"
    assert cell(c.Term("pipeline", "fill-mask")).startswith("fill-mask <span") and cell(c.Term("pipeline", None)) == "—"


def test_names_break_only_after_a_dash_or_underscore() -> None:
    assert cell(c.Code("gptq-4bit-32g-actorder_True")) == "<code>gptq-<wbr>4bit-<wbr>32g-<wbr>actorder_<wbr>True</code>"
    assert cell(c.Code("gptq-8bit--1g")) == "<code>gptq-<wbr>8bit--1g</code>"
    assert cell(c.Code("<b>")) == "<code>&lt;b&gt;</code>"


def test_an_address_shown_as_itself_breaks_after_separators_never_inside_an_entity() -> None:
    url = 'https://hf.co/a/B-7B_x.gguf?q=1&r="s"'
    shown = cell(c.Ext(url, url))
    assert shown == (
        '<a href="https://hf.co/a/B-7B_x.gguf?q=1&amp;r=&quot;s&quot;">'
        "https://<wbr>hf.<wbr>co/<wbr>a/<wbr>B-<wbr>7B_<wbr>x.<wbr>gguf?<wbr>q=<wbr>1&amp;r=&quot;s&quot;</a>"
    )
    assert cell(c.Ext("Model card", "https://hf.co/a-b")) == '<a href="https://hf.co/a-b">Model card</a>'


def test_data_published_once_is_linked_from_every_language() -> None:
    assert cell(c.Asset("api/models.csv", "api/models.csv"), "en", "index.md") == '<a href="api/models.csv">api/models.csv</a>'
    assert cell(c.Asset("api/models.csv", "x"), "zh", "index.md") == '<a href="../api/models.csv">x</a>'
    assert cell(c.Asset("api/models.csv", "x"), "zh", "models/a/b.md") == '<a href="../../../api/models.csv">x</a>'


def test_a_choice_by_language_falls_back_to_the_default() -> None:
    choice = c.Choice((("en", c.Lit("CONTRIBUTING.md")), ("zh", c.Lit("CONTRIBUTING.zh.md"))))
    assert cell(choice, "zh") == "CONTRIBUTING.zh.md" and cell(choice, "en") == "CONTRIBUTING.md"
    assert cell(c.Choice((("en", c.Lit("x")),)), "zh") == "x"


def test_markdown_values_mark_beside_links_too() -> None:
    shown = Formatter("zh", "models/a/b.md")(c.Ext(c.Name("A Paper"), "https://example.org/p"))
    assert isinstance(shown, Markup)
    assert str(shown).startswith("[A Paper](<https://example.org/p>) <span")


def test_a_files_source_description_shows_in_the_page_language() -> None:
    """A file's use case or a branch's description is the source's one line; a record may
    give its Chinese form ({en, zh, zh_source}), shown on Chinese pages unmarked, and the
    plain line stays marked as untranslated there."""
    from pathlib import Path

    from generator import pipeline

    catalog, problems = pipeline.load_valid(Path(__file__).parent / "fixtures" / "mini" / "catalog")
    assert catalog is not None, [p.text() for p in problems]
    files = pipeline.render(catalog)
    gptq_zh, gptq_en = files["zh/quants/packer/Chat-7B-GPTQ.md"], files["en/quants/packer/Chat-7B-GPTQ.md"]
    assert '<td class="atlas&#45;prose">4 位，不使用激活排序（act order），分组大小 128g。</td>' in gptq_zh
    assert "4&#45;bit, without Act Order" not in gptq_zh
    assert '<td class="atlas&#45;prose">4&#45;bit, without Act Order and group size 128g.</td>' in gptq_en
    gguf_zh = files["zh/quants/packer/Chat-7B-GGUF.md"]
    assert f'medium, balanced quality <span class="atlas&#45;mark atlas&#45;fallback" title="{strings.translate("zh", "mark.fallback_title")}">{MARK}</span>' in gguf_zh


def test_a_language_is_named_in_the_page_language_with_its_code() -> None:
    assert cell(c.Language("fr"), "en") == "French (fr)"
    assert cell(c.Language("fr"), "zh") == "法语（fr）"
    assert cell(c.languages_of(["en", "zh"]), "zh") == "英语（en）、中文（zh）"
    assert cell(c.Language("pt-BR"), "en").endswith(" (pt-BR)")
    assert cell(c.Language("qaa"), "en") == "qaa"  # a code CLDR does not name: the code alone
    assert str(Formatter("zh", "models/a/b.md")(c.Language("de"))) == "德语（de）"


def test_plain_text_says_what_a_cell_says_without_markup() -> None:
    """The search index and the tools' data show values through one plain-text formatter:
    the words of a table cell, marks and markup left out, on one line; a missing value is
    the formatter's blank (a dash in the tools, nothing in the search)."""
    words = TextFormatter("zh")
    assert words(c.languages_of(["en", "zh"])) == "英语（en）、中文（zh）"
    assert words(c.Name(LICENSE)) == "Llama 2 社区许可协议"
    assert words(c.Name("Apache License 2.0")) == "Apache License 2.0"  # no mark
    assert words(c.Ref("licenses/x.md", c.Name(LICENSE))) == "Llama 2 社区许可协议"
    assert words(c.Strong(c.Lit("a\u200bb \n c"))) == "ab c"  # invisible characters out, one line
    assert words(c.Join((c.Lit("STEM"), c.Num(56.83)), sep=c.Key("punct.comma"))) == "STEM，56.83"
    assert words(c.Join(())) == "—"
    assert words(c.SettingLabel(Setting(5, "val", None))) == str(Formatter("zh", "")(c.SettingLabel(Setting(5, "val", None))))
    assert [words(v) for v in (c.Lit(None), c.Num(None), c.Int(None), c.Gb(None), c.Count(None), c.Term("pipeline", None))] == ["—"] * 6
    assert TextFormatter("en", blank="")(c.Lit(None)) == ""
    assert words(c.Count(7_000_000_000)) == cell(c.Count(7_000_000_000)) == "7B"
    assert words(c.Gb(4_080_000_000)) == cell(c.Gb(4_080_000_000)) == "4.08"
