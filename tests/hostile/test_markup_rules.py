"""The rules hostile input taught us, one fast test each (the built-site tests prove them end to end).

- attr_list: record text cannot give an element an id, class or other attribute.
- Diagrams: a mermaid fence in record text is shown as code, never drawn.
- Sanitiser: content ids starting '__' and classes starting 'md-' (the theme's) are dropped.
- Titles: a page title reaches <title> escaped, so '</title>' cannot close it.
- One-line fields, links and prompt templates refuse control and invisible characters.
"""

from __future__ import annotations

import html
import re
from types import SimpleNamespace

import markdown
import pytest
from pydantic import TypeAdapter, ValidationError

from generator.render import text
from generator.schema import records as schema
from generator.site import sanitize


def _html(source: str) -> str:
    return markdown.markdown(str(source), extensions=["attr_list", "tables", "pymdownx.superfences"])


@pytest.mark.parametrize(
    "source",
    [
        "take over\n{: #__config }",
        "[x](https://ok.example/){: .md-header }",
        "# Heading {: #__drawer }",
        "cell {: colspan=9 }",
        "para\n{:.md-dialog}",
    ],
)
def test_record_text_cannot_set_attributes(source: str) -> None:
    html = _html(text.block(source))
    assert not re.search(r"<[a-z0-9]+\s[^>]*(id|class|colspan)=", html), html
    assert "{" in html.replace("&#123;", "{")  # the brace is still shown


def test_braces_that_set_nothing_stay_as_written() -> None:
    assert text.block("{{ 7*7 }} and {x.y}") == "{{ 7*7 }} and {x.y}"


@pytest.mark.parametrize("fence", ["```mermaid", "~~~ mermaid", "```{.mermaid}", "  ```Mermaid", "> ```mermaid"])
def test_diagram_fences_in_record_text_are_code(fence: str) -> None:
    html = _html(text.block(f"{fence}\ngraph LR\nA[\"<img src=x>\"] --> B\n```"))
    assert "mermaid" not in html


def test_sanitiser_drops_theme_ids_and_classes() -> None:
    html = sanitize.clean('<h2 id="__config">x</h2><p class="md-header note">y</p><h2 id="facts">z</h2>')
    assert 'id="__config"' not in html and "md-header" not in html
    assert 'class="note"' in html and 'id="facts"' in html


def test_a_record_page_names_its_title_in_front_matter_as_plain_text() -> None:
    import yaml

    from generator.render.pages import _front_matter

    hostile = "</title><script>alert(1)</script> & \"x\""
    head = _front_matter(SimpleNamespace(title=hostile))
    assert head.startswith("---\n") and not set("<>") & set(head)  # escaped: nothing reads as markup
    assert html.unescape(yaml.safe_load(head.split("---")[1])["title"]) == hostile  # it shows the same text


_HIDDEN = ["Evil\u202eexe.txt", "Zero\u200bwidth", "\u2066isolate\u2069", "bell\x07", "esc\x1b[31m"]


@pytest.mark.parametrize("value", _HIDDEN)
def test_one_line_fields_refuse_invisible_and_control_characters(value: str) -> None:
    message = r"contains (an invisible|a control) character.*U\+[0-9A-F]{4} at position \d+"
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(schema.SingleLine).validate_python(value)
    with pytest.raises(ValidationError, match="contains"):
        TypeAdapter(schema.Url).validate_python(f"https://example.org/{value}")


def test_prose_keeps_invisible_characters_for_the_renderer_to_strip() -> None:
    assert TypeAdapter(schema.Text).validate_python({"en": "a\u202eb"}).en == "a\u202eb"
    assert text.block("a\u202eb") == "ab"
