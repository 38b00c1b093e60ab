"""Record text becomes safe Markdown: HTML shown as text, only http(s) links, tables intact."""

import pytest

from generator.render import text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", "&#91;x](javascript:alert(1))"),
        ("[x]( <data:text/html,hi>)", "&#91;x]( &lt;data:text/html,hi&gt;)"),
        ("[x](<https://example.org>)", "&#91;x](&lt;https://example.org&gt;)"),
        ("![pixel](https://tracker.example/p.png)", "!&#91;pixel](https://tracker.example/p.png)"),
        ("[ok](https://example.org)", "[ok](https://example.org)"),
        ("[anchor](#scores)", "[anchor](#scores)"),
        ("[r]: javascript:alert(1)", "&#91;r]: javascript:alert(1)"),
        ("- [r]: //evil.example/x\n- [x][r]", "- &#91;r]: //evil.example/x\n- &#91;x]&#91;r]"),
        ("[x\\](//evil.example/y)", "&#91;x\\](//evil.example/y)"),
        ("a `b` c", "a <code>b</code> c"),
        ("a `<|im_end|>` b", "a <code>&#60;&#124;im&#95;end&#124;&#62;</code> b"),
        ("``a ` b``", "<code>a &#96; b</code>"),
        ("one ` two", "one &#96; two"),
        ("x \\\\`a`{: .mermaid } `b`", "x \\\\<code>a</code>&#123;: .mermaid } <code>b</code>"),
        ("x \\`a` b", "x &#96;a&#96; b"),
        ("\\[x](https://e.org) \\\\\\{: #id}", "&#91;x](https://e.org) \\\\&#123;: #id}"),
        ("```\n[x](y) <b>\n```", "```\n[x](y) <b>\n```"),
        ("```mermaid\ngraph\n```", "```text\ngraph\n```"),
        ("~~~ {.python .mermaid}\ngraph\n~~~", "~~~text\ngraph\n~~~"),
        ("```\nnot closed [x](y)", "&#96;&#96;&#96;\nnot closed &#91;x](y)"),
        ("~~~\nnot closed", "&#126;~~\nnot closed"),
        ("+ + + + + x", "+ + + &#43; &#43; x"),
        ("para\r{: .mermaid }", "para\n&#123;: .mermaid }"),
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


def test_a_code_span_is_written_as_html_whose_text_is_entities() -> None:
    # Markdown has nothing left to read in it, and shows the same characters.
    assert str(text.block("Stop at `<|im_end|>` <b>now</b>")) == (
        "Stop at <code>&#60;&#124;im&#95;end&#124;&#62;</code> &lt;b&gt;now&lt;/b&gt;"
    )


def test_a_code_span_never_spans_a_blank_line() -> None:
    # Two paragraphs: the backticks are not a code span, so the HTML between them is escaped.
    assert "&lt;script&gt;" in str(text.block("`a\n\n<script>x</script>`"))


def test_runs_of_spaces_inside_a_line_are_one_space_and_line_breaks_stay() -> None:
    # A reader sees one space either way; the builder's attribute-list patterns are
    # quadratic in such runs (a heading of 20,000 tabs took seconds).
    assert text.block("# a\t\t\t\tb     c") == "# a b c"
    assert text.block("hard   \nbreak") == "hard  \nbreak"
    assert text.block("    indented code\n\n  - item") == "indented code\n\n  - item"
