"""Record text becomes safe Markdown: HTML shown as text, only http(s) links, tables intact."""

import pytest

from generator.render import text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "[x\\](javascript:alert(1))"),
        ("[x]( <data:text/html,hi>)", "[x\\]( &lt;data:text/html,hi&gt;)"),
        ("[x](<https://example.org>)", "[x\\](&lt;https://example.org&gt;)"),
        ("![pixel](https://tracker.example/p.png)", "!\\[pixel](https://tracker.example/p.png)"),
        ("[ok](https://example.org)", "[ok](https://example.org)"),
        ("[anchor](#scores)", "[anchor](#scores)"),
        ("[r]: javascript:alert(1)", "\\[r]: javascript:alert(1)"),
        ("A\u202eB\u200bC", "ABC"),
        ("{{ 7*7 }}", "{{ 7*7 }}"),
    ],
)
def test_block(source: str, expected: str) -> None:
    assert text.block(source) == expected


def test_inline_keeps_one_table_cell() -> None:
    assert text.inline("a | b\nc") == "a \\| b c"


def test_literal_has_no_markdown_meaning() -> None:
    assert text.literal("**x** [l](u) <b>") == "\\*\\*x\\*\\* \\[l\\]\\(u\\) &lt;b&gt;"


def test_code_inline_survives_backticks_and_pipes() -> None:
    assert text.code_inline("a`b|c") == "``a`b\\|c``"
    assert text.code_inline("<|im_end|>", cell=False) == "`<|im_end|>`"


def test_code_block_keeps_the_text_exactly_and_shows_html_as_text() -> None:
    block = str(text.code_block("x ``` <b>y</b>\n\n"))
    assert block.endswith("<code>x ``` &lt;b&gt;y&lt;/b&gt;\n\n</code></pre></div>")
    assert "atlas-exact" in block  # the copy button copies it as it is (copy.js)


def test_external_refuses_other_schemes() -> None:
    assert text.external("x", "javascript:alert(1)") == "x"
    assert text.external("x", "https://e.org/a(b)") == "[x](<https://e.org/a%28b%29>)"


def test_html_inside_a_code_span_is_left_to_markdown() -> None:
    # Markdown escapes a code span's content itself; escaping it first would show "&lt;".
    assert str(text.block("Stop at `<|im_end|>` <b>now</b>")) == "Stop at `<|im_end|>` &lt;b&gt;now&lt;/b&gt;"


def test_a_code_span_never_spans_a_blank_line() -> None:
    # Two paragraphs: the backticks are not a code span, so the HTML between them is escaped.
    assert "&lt;script&gt;" in str(text.block("`a\n\n<script>x</script>`"))
