"""The importer's parsers one at a time: tables, flattened pages, values, benchmark names,
prompt templates, score lines and the merging of scores found in several places."""

from __future__ import annotations

import pytest

from generator.importer import (
    benchmarks,
    bilingual,
    markdown,
    prompt,
    score_lines,
    score_tables,
    scores,
    sections,
    tables,
    values,
)
from generator.importer.notes import Notes
from generator.importer.resolve import Index


def blocks(text: str) -> list[markdown.Block]:
    lines = text.split("\n")
    return markdown.parse(lines, list(range(1, len(lines) + 1)))


# --- tables -----------------------------------------------------------------------------------


def test_split_row_keeps_escaped_pipes_and_tolerates_missing_outer_pipes() -> None:
    assert tables.split_row("| a | b \\| c | d |") == ["a", "b | c", "d"]
    assert tables.split_row("a | b | c") == ["a", "b", "c"]
    assert tables.split_row("| a | b") == ["a", "b"]


def test_ragged_rows_and_repeated_separators() -> None:
    notes = Notes()
    lines = ["|Bench|A|B|", "|---|---:|:-:|", "|x|1|2|", "|-----------------|", "|y|3|", "|z|4|5|6|"]
    table = tables.parse_table(lines, list(range(10, 16)), notes)
    assert table is not None
    assert table.rows == [["x", "1", "2"], ["y", "3", ""], ["z", "4", "5"]]
    assert table.row_lines == [12, 14, 15]
    assert [n.line for n in notes] == [15]  # the cut cell "6" is named


def test_a_run_without_separator_is_not_a_table() -> None:
    assert tables.parse_table(["a | b", "c | d"], [1, 2]) is None


def test_tables_inside_code_fences_and_headings_as_context() -> None:
    found = tables.find_tables(
        blocks("## Results\nWe ran 5-shot tests.\n```\n|Task|Value|\n|---|---|\n|mmlu|0.5|\n```\n")
    )
    assert len(found) == 1
    assert (found[0].heading, found[0].before, found[0].rows) == ("Results", "We ran 5-shot tests.", [["mmlu", "0.5"]])


def test_web_copy_without_blank_lines_splits_prose_from_table() -> None:
    parsed = blocks("Here is the table:\n| A | B |\n|---|---|\n| 1 | 2 |\nAfter the table.")
    assert [b.kind for b in parsed] == ["para", "table", "para"]


def test_character_references_are_decoded_as_markdown_reads_them() -> None:
    # CommonMark: a reference ends with ';' (names from HTML5's table), else it is text.
    text = "AT&T &copy 2023 &copy; &amp;lt; &#65;&#x42; &notit; &Nope; <b>bold</b>"
    assert markdown.plain(text) == "AT&T &copy 2023 © &lt; AB &notit; &Nope; bold"


def test_cell_numbers() -> None:
    assert tables.number("**36.24**") == 36.24
    assert tables.number("85.?4") is None
    assert tables.number("-") is None
    assert tables.link("[main](https://huggingface.co/x/y/tree/main)") == (
        "main",
        "https://huggingface.co/x/y/tree/main",
    )


# --- flattened pages --------------------------------------------------------------------------


def test_reflow_recovers_headings_code_and_tables() -> None:
    line = "intro ## Heading text | H1 | H2 | |---|---| | a | 1 | | b | 2 | after ``` code here ``` ### Next"
    out = markdown.reflow(line)
    assert "## Heading text" in out
    assert "| H1 | H2 |" in out and "| a | 1 |" in out and "| b | 2 |" in out
    assert out[out.index("| b | 2 |") + 2] == "after"
    assert out[out.index("```") : out.index("```") + 3] == ["```", "code here", "```"]
    assert "### Next" in out


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("4.77 GB", "4.77 GB"),
        ("8.54GB", "8.54 GB"),
        ("512 mib", "512 MiB"),
        ("**3.90 GB**", "3.90 GB"),
        ("big", None),
        ("", None),
    ],
)
def test_size(cell: str, expected: str | None) -> None:
    assert values.size(cell) == expected


def test_links_to_ids() -> None:
    assert values.repo_from_url("https://huggingface.co/TheBloke/X-GGUF/blob/main/x.gguf") == "TheBloke/X-GGUF"
    assert values.repo_from_url("https://huggingface.co/datasets/wikitext") is None
    assert values.repo_from_url("https://github.com/a/b") is None
    assert values.dataset_from_url("https://huggingface.co/datasets/wikitext/viewer/wikitext-2-v1/test") == "wikitext"
    assert values.dataset_from_url("https://huggingface.co/datasets/Open-Orca/OpenOrca") == "Open-Orca/OpenOrca"
    assert values.repo_ref("https://huggingface.co/allenai/tulu-7b") == "allenai/tulu-7b"
    assert values.slug("Llama-2-Chat") == "llama-2-chat"
    assert values.squash("**CausalLM/7B-DPO-α**") == values.squash("CausalLM/7B-DPO-alpha")


@pytest.mark.parametrize(
    ("cell", "expected"), [("Yes", True), ("No", False), ("True", True), ("✗", False), ("maybe", None)]
)
def test_boolean(cell: str, expected: bool | None) -> None:
    assert values.boolean(cell) is expected


# --- benchmark names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key", "shots", "split", "setting"),
    [
        ("MMLU 0-shot", "mmlu", 0, None, None),
        ("ARC (25-s)", "arc-challenge", 25, None, None),
        ("AI2 Reasoning Challenge (25-Shot)", "arc-challenge", 25, None, None),
        ("C-Eval(Val)", "ceval", None, "val", None),
        ("CEval（验证集）：", "ceval", None, "val", None),
        ("GSM CoT", "gsm8k", None, None, "cot"),
        ("Codex-Eval Pass@1", "humaneval", None, None, "pass@1"),
        ("AlpacaFarm vs Davinci-003", "alpacafarm", None, None, "vs davinci-003"),
        ("TruthfulQA (MC) (0-s)", "truthfulqa", 0, None, "mc"),
        ("**BBH**", "bbh", None, None, None),
    ],
)
def test_mention(text: str, key: str, shots: int | None, split: str | None, setting: str | None) -> None:
    found = benchmarks.mention(text)
    assert found is not None
    assert (found.key, found.shots, found.split, found.setting) == (key, shots, split, setting)


@pytest.mark.parametrize(
    "text", ["Average", "Model", "Math & Code", "Commonsense Reasoning", "BigBench", "MMLU-Pro", "GPT4All"]
)
def test_not_a_benchmark(text: str) -> None:
    assert benchmarks.mention(text) is None


def test_shots_in_prose() -> None:
    assert benchmarks.shots_in("并对所有模型进行统一5-shot测试。") == 5
    assert benchmarks.shots_in("5-shot for MMLU, 0-shot for HumanEval") is None  # two counts: no default
    assert benchmarks.shots_in("few-shot") is None


# --- prompt templates -------------------------------------------------------------------------


def test_body_template_wins_when_only_white_space_differs() -> None:
    notes = Notes()
    found = prompt.find(
        "<|user|> {prompt} <|assistant|> ",
        blocks("## Prompt template: Tulu\n```\n<|user|>\n{prompt}\n<|assistant|>\n\n```\n"),
        1,
        notes,
    )
    assert found is not None
    assert (found.name, found.template) == ("Tulu", "<|user|>\n{prompt}\n<|assistant|>\n")
    assert len(notes) == 0


def test_front_matter_template_wins_when_words_differ() -> None:
    notes = Notes()
    found = prompt.find(
        "USER: {prompt} ASSISTANT:\n", blocks("## Prompt template: Vicuna\n```\nHuman: {prompt}\n```\n"), 1, notes
    )
    assert found is not None and found.template == "USER: {prompt} ASSISTANT:\n"
    assert "differ" in notes.items[0].message


def test_named_format_without_template_and_none_template() -> None:
    found = prompt.find(
        None,
        blocks("PROMPT FORMAT: [chatml](https://github.com/openai/openai-python/blob/main/chatml.md)\n"),
        0,
        Notes(),
    )
    assert found is not None and (found.name, found.template) == ("chatml", None)
    assert prompt.find(None, blocks("## Prompt template: None\n```\n{prompt}\n```\n"), 0, Notes()) is None


# --- score lines and merging ----------------------------------------------------------------


def test_section_with_two_headline_values_is_ambiguous() -> None:
    notes = Notes()
    found = score_lines.from_lines(blocks("## MMLU\nAVERAGE ACC: 60.1\n\nAverage acc: 61.0\n"), Index(), notes)
    assert found == []
    assert "ambiguous" in notes.items[0].message


def test_merge_keeps_settings_from_both_and_prefers_metadata() -> None:
    notes = Notes()
    body = scores.Found("winogrande", 81.37, shots=5, line=9)
    meta = scores.Found("winogrande", 80.98, shots=5, split="val", origin=scores.METADATA, line=2)
    same = scores.Found("mmlu", 63.23, shots=5, breakdown={"stem": 50.0}, line=9)
    same_meta = scores.Found("mmlu", 63.23, shots=5, split="test", origin=scores.METADATA, line=2)
    merged = scores.merge([meta, same_meta, body, same], notes)
    assert [(s.benchmark, s.value, s.split, s.breakdown) for s in merged] == [
        ("winogrande", 80.98, "val", {}),
        ("mmlu", 63.23, "test", {"stem": 50.0}),
    ]
    assert "81.37" in notes.items[0].message


def test_merge_drops_two_disagreeing_body_values() -> None:
    notes = Notes()
    merged = scores.merge([scores.Found("gsm8k", 50.0, line=3), scores.Found("gsm8k", 52.0, line=8)], notes)
    assert merged == []
    assert "ambiguous" in notes.items[0].message


def test_target_matches_links_names_and_glued_footnotes() -> None:
    target = scores.Target.of("baichuan-inc/baichuan-7B", None)
    assert target.matches("**baichuan-7B**")
    assert target.matches("baichuan-7B0")  # a superscript flattened onto the name
    assert target.matches("[x](https://huggingface.co/baichuan-inc/baichuan-7B)")
    assert not target.matches("[baichuan-7B](https://huggingface.co/other/baichuan-7B)")
    assert not target.matches("baichuan-13B")


def test_settings_told_more_or_less_merge_but_pass_at_k_do_not() -> None:
    notes = Notes()
    mc = scores.Found("truthfulqa", 64.63, shots=0, setting="mc", line=9)
    mc2 = scores.Found("truthfulqa", 64.63, shots=0, setting="mc2", origin=scores.METADATA, line=2)
    assert [(s.setting, s.origin) for s in scores.merge([mc2, mc], notes)] == [("mc2", scores.METADATA)]
    at1 = scores.Found("humaneval", 17.5, setting="pass@1", origin=scores.METADATA)
    at10 = scores.Found("humaneval", 27.8, setting="pass@10")
    assert len(scores.merge([at1, at10], notes)) == 2
    assert len(notes) == 0


# --- HTML tables --------------------------------------------------------------------------------


def test_html_table_spans_header_rows_and_caption() -> None:
    html = (
        "Results:\n<table>\n<tr><th colspan='3'>Zero-shot results</th></tr>\n"
        "<tr><th rowspan=2>Model</th><th colspan=2>MMLU</th></tr>\n<tr><th>val</th><th>test</th></tr>\n"
        "<tr><td><b>X-7B</b></td><td>60.1</td><td>59.<!-- c -->8</td></tr>\n</table>\nAfter.\n"
    )
    parsed = blocks(html)
    assert [b.kind for b in parsed] == ["para", "html", "para"]
    (table,) = tables.find_tables(parsed)
    assert table.caption == "Zero-shot results"
    assert table.header == ["Model", "MMLU val", "MMLU test"]
    assert table.rows == [["X-7B", "60.1", "59.8"]]
    assert table.row_lines == [6]


def test_html_table_scores_and_a_caption_that_is_no_benchmark() -> None:
    html = "<table><tr><th>Model</th><th>MMLU</th><th>GSM8K</th></tr><tr><td>X-7B</td><td>60.1</td><td>40</td></tr></table>"
    target = scores.Target.of("org/X-7B")
    found = score_tables.from_tables(tables.find_tables(blocks(html)), target, Index(), Notes())
    assert [(f.benchmark, f.value) for f in found] == [("mmlu", 60.1), ("gsm8k", 40.0)]
    captioned = html.replace("<table>", "<table><tr><th colspan=3>Tool use</th></tr>")
    assert score_tables.from_tables(tables.find_tables(blocks(captioned)), target, Index(), Notes()) == []


def test_html_table_hostile_sizes_are_capped() -> None:
    cell = "<td colspan=99999 rowspan=99999>x</td>"
    html = "<table>" + "<tr>" + cell * 500 + "</tr>" + "<tr><td>1</td></tr>" * 3000 + "</table>"
    (table,) = tables.find_tables(blocks(html))
    assert len(table.header) <= 100 and len(table.rows) <= 2000
    unclosed = "<table><tr><td>a<td>b" + "<table>" * 10_000
    assert tables.find_tables(blocks(unclosed)) == []
    # Unclosed constructs that make html.parser rescan the rest of the text at every "<".
    for junk in ("<!--", "</", "<?", "<td", "<![CDATA["):
        (table,) = tables.find_tables(blocks("<table><tr><th>A</th><th>B</th></tr><tr><td>1<td>2" + junk * 60_000))
        assert table.rows[0][0] == "1"


# --- bilingual paragraphs -----------------------------------------------------------------------


def _english(parsed: list[markdown.Block], start: str) -> markdown.Block:
    return next(b for b in parsed if b.kind == "para" and b.text.startswith(start))


def test_chinese_pairs_only_when_both_languages_have_as_many_paragraphs() -> None:
    paired = blocks("## 介绍\n\n这是第一段中文介绍。\n\nThis is the first English paragraph.\n")
    chinese = bilingual.counterpart(paired, _english(paired, "This is"))
    assert chinese is not None and chinese.text == "这是第一段中文介绍。"
    # Two English paragraphs, one Chinese: which one it translates is unknown, so none.
    uneven = blocks("## 介绍\n\n这是中文。\n\nFirst English paragraph here.\n\nSecond one here.\n")
    assert bilingual.counterpart(uneven, _english(uneven, "First")) is None


def test_mirrored_halves_pair_by_heading_position_and_level() -> None:
    text = (
        "# Model\n\n## Introduction\n\nAn English introduction of the model.\n\n"
        "## License\n\nApache 2.0 for the code.\n\n"
        "## 简介\n\n模型的中文简介。\n\n## 许可\n\n代码使用 Apache 2.0 协议。\n"
    )
    parsed = blocks(text)
    assert bilingual.counterpart(parsed, _english(parsed, "Apache")).text == "代码使用 Apache 2.0 协议。"
    # A Chinese half whose headings do not mirror the English ones (levels differ): no pairing.
    shifted = blocks(text.replace("## 许可", "### 许可"))
    assert bilingual.counterpart(shifted, _english(shifted, "Apache")) is None


def test_bilingual_pairing_stays_linear_on_many_sections() -> None:
    # Chinese headings over English paragraphs: no Chinese half starts anywhere, and each
    # candidate start must not rescan the rest of the card.
    many = "".join(f"## 第{n}节\n\nEnglish text number {n}.\n\n" for n in range(20_000))
    many += "## End\n\nAn English paragraph at last.\n"
    parsed = blocks(many)
    assert bilingual.counterpart(parsed, _english(parsed, "An English")) is None


def test_english_sentences_do_not_end_at_abbreviations() -> None:
    parsed = blocks("# M\n\nQwen (abbr. Tongyi Qianwen) is a model by a lab. It reads, e.g. text and code. Third.\n")
    assert sections.first_paragraph(parsed) == (
        "Qwen (abbr. Tongyi Qianwen) is a model by a lab. It reads, e.g. text and code."
    )


def test_autolinks_keep_their_address_and_long_angle_runs_stay_linear() -> None:
    assert markdown.plain("contact <team@example.org> or <https://example.org/x>") == (
        "contact team@example.org or https://example.org/x"
    )
    hostile = "<" + "a" * 200_000 + " <b@" * 20_000 + "<" * 50_000
    assert "a" * 1000 in markdown.plain(hostile)


# --- GPTQ files in prose ---------------------------------------------------------------------


def test_prose_quant_patterns_stay_linear_on_long_hostile_lines() -> None:
    from generator.importer import prose_quant

    hostile = blocks(
        "## Provided files\n"
        + "a" * 100_000
        + " --groupsize "
        + "9" * 50_000
        + " llama.py "
        + "x" * 100_000
        + " `main` "
        + "-" * 100_000
        + ".safetensors\n"
        + "Int4 quantized model of "
        + "Q" * 100_000
        + "\n"
    )
    notes = Notes()
    assert prose_quant.files(hostile, 1, notes) == []  # no file name of sane length: nothing drafted
    assert prose_quant.int_model(hostile, "org/Q-Int4") == (None, None)
