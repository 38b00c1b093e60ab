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
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated

import markdown
import pytest
from pydantic import TypeAdapter, ValidationError

from generator.render import text
from generator.schema import characters
from generator.schema import records as schema
from generator.site import sanitize


def _html(source: str) -> str:
    return markdown.markdown(str(source), extensions=["attr_list", "tables", "pymdownx.superfences"])


def _site_html(source: str) -> str:
    """``source`` as the site's Markdown renders it (the extensions of mkdocs.yml), sanitised."""
    import pymdownx.slugs
    import pymdownx.superfences

    configs = {
        "toc": {"permalink": True, "slugify": pymdownx.slugs.slugify(case="lower")},
        "pymdownx.superfences": {
            "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": pymdownx.superfences.fence_code_format}]
        },
    }
    extensions = ["admonition", "attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences"]
    return sanitize.clean(markdown.markdown(str(source), extensions=extensions, extension_configs=configs))


#: Ways around text filters that the first round of defences let through (issue 12, class 1).
BYPASSES = {
    "carriage-return": "para\r{: .mermaid #__config }",
    "carriage-return-definition": "para\r\r[r]: //evil.example/g\r\r[x][r]",
    "carriage-return-fence": 'x\r```mermaid\rgraph LR\rA["<img src=//evil.example/h.png>"]\r```',
    "stx-in-fence": '``\x02`mermaid\ngraph LR\nA["<img src=//evil.example/a.png>"]\n```',
    "separator-lines": '\u2028```mermaid\u2028graph LR\u2028A["<img src=//evil.example/b.png>"]\u2028```',
    "escaped-backslash": "x \\\\`a`{: .mermaid } `b`",
    "definition-in-list": "- [r]: //evil.example/c\n- [list][r]",
    "definition-in-item": "1. [r]: //evil.example/c\n\n    [item][r]",
    "backslash-before-escape": "[x\\](//evil.example/d)",
    "protocol-relative": "[x](//evil.example/e) [y](/\\evil.example/f)",
    "admonition-class": '!!! mermaid annotate "t"\n    graph LR',
    "fence-classes": "```{.python .annotate .mermaid}\nx\n```",
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
@pytest.mark.parametrize("mode", ["block", "inline"])
def test_no_way_around_the_text_rules(name: str, mode: str) -> None:
    """No diagram, no class a script acts on, no id, no link off the site, whatever the route."""
    html = _site_html(getattr(text, mode)(BYPASSES[name]))
    assert not re.search(r'class="[^"]*\b(mermaid|annotate|md-[\w-]*)\b', html), html
    assert not re.search(r'id="__', html), html
    assert "evil.example" not in "".join(re.findall(r'href="([^"]*)"', html)), html
    assert "<img" not in html


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("diagram class off a <pre>", '<p class="mermaid">graph LR</p><div class="admonition mermaid">x</div>'),
        ("diagram with markup", '<pre class="mermaid"><code>graph LR\n  A["&lt;img src=//e.example/x&gt;"]</code></pre>'),
        ("diagram with a directive", '<pre class="mermaid"><code>%%{init: {"securityLevel": "loose"}}%%\ngraph LR</code></pre>'),
        ("diagram with a click", '<pre class="mermaid"><code>graph LR\n  n0["a"]\nclick n0 call alert()</code></pre>'),
        ("script classes", '<ol class="annotate"><li>x</li></ol><div class="tabbed-set md-typeset">y</div>'),
    ],
)
def test_the_sanitiser_keeps_only_the_generators_diagrams_and_harmless_classes(name: str, source: str) -> None:
    html = sanitize.clean(source)
    assert not re.search(r'class="[^"]*\b(mermaid|annotate|tabbed-set|md-typeset)\b', html), (name, html)


def test_the_generators_diagram_is_kept_and_nothing_else_that_draws() -> None:
    from generator.render.diagram import lineage_svg
    from generator.resolve.lineage import Arrow, Graph, Node

    graph = Graph(
        (Node("a/b", "n0", "A & <B>", "model"), Node("c/d", "n1", "C", "model"), Node("e/f", "q1", "e/f", "quant", "GGUF")),
        (Arrow(0, 1, "finetune", (1,)), Arrow(2, 0, "quantized", (2,))),
    )
    diagram = str(lineage_svg(graph, lambda r: r, "A & <B>"))
    assert sanitize.clean(diagram) == diagram
    hostile = (
        '<svg viewBox="0 0 9 9" onload="alert(1)" style="x"><image href="https://evil.example/x.png"></image>'
        '<a href="javascript:alert(1)"><text>x</text></a><use href="#x"></use><foreignObject><p>y</p></foreignObject>'
        '<rect x="1" fill="url(https://evil.example/f)"></rect></svg>'
    )
    cleaned = sanitize.clean(hostile)
    assert not any(bad in cleaned for bad in ("onload", "style", "image", "javascript", "use", "foreignObject", "fill", "evil"))


@pytest.mark.parametrize(
    "href",
    ["//evil.example/", "/\\evil.example/", " //evil.example/", "/\t/evil.example/", "java\nscript:alert(1)",
     "https:evil.example", "data:text/html,x", "file:///etc/passwd"],
)
def test_the_sanitiser_keeps_no_link_off_the_site(href: str) -> None:
    html = sanitize.clean(f'<a href="{href}">x</a><a href="../models/">ok</a><a href="https://e.org/">ok</a>')
    assert html.count("href=") == 2, html


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
    assert not re.search(r"class=\"[^\"]*mermaid", html), html  # shown, as code or text, never drawn
    assert "<img" not in html


def test_sanitiser_drops_theme_ids_and_classes() -> None:
    html = sanitize.clean('<h2 id="__config">x</h2><p class="md-header note">y</p><h2 id="facts">z</h2>')
    assert 'id="__config"' not in html and "md-header" not in html
    assert 'class="note"' in html and 'id="facts"' in html


def test_the_themes_skip_target_is_the_one_reserved_id_kept() -> None:
    """Zensical's template puts the "Skip to content" target inside the article: kept, on a
    link and with exactly its id and tabindex; no other reserved id or tabindex."""
    skip = '<a id="__skip" tabindex="-1"></a>'
    assert sanitize.clean(skip) == '<a id="__skip" tabindex="-1" rel="noopener noreferrer"></a>'
    for other in ('<p id="__skip" tabindex="-1">x</p>', '<a id="__config" tabindex="0">x</a>', '<a tabindex="5" href="#x">x</a>'):
        cleaned = sanitize.clean(other)
        assert "__" not in cleaned and "tabindex" not in cleaned, cleaned


def test_a_record_page_names_its_title_in_front_matter_as_plain_text() -> None:
    import yaml

    from generator.render.pages import _front_matter

    hostile = "</title><script>alert(1)</script> & \"x\""
    head = _front_matter(SimpleNamespace(title=hostile))
    assert head.startswith("---\n") and not set("<>") & set(head)  # escaped: nothing reads as markup
    assert html.unescape(yaml.safe_load(head.split("---")[1])["title"]) == hostile  # it shows the same text


_HIDDEN = ["Evil\u202eexe.txt", "Zero\u200bwidth", "\u2066isolate\u2069", "bell\x07", "esc\x1b[31m"]
#: One code point of each refused category that a list of bidi and zero-width marks missed:
#: C1 controls (NEL, CSI), format characters (soft hyphen, Arabic letter mark, Mongolian vowel
#: separator, an interlinear annotation, a tag character), separators, private use, unassigned.
_BY_CATEGORY = {
    "\x85": "Cc", "\x9b": "Cc", "\xad": "Cf", "\u061c": "Cf", "\u180e": "Cf", "\ufff9": "Cf",
    "\U000e0041": "Cf", "\u2028": "Zl", "\u2029": "Zp", "\ue000": "Co", "\U000f0000": "Co", "\u0378": "Cn",
}


@pytest.mark.parametrize("value", _HIDDEN)
def test_one_line_fields_refuse_invisible_and_control_characters(value: str) -> None:
    message = r"contains (an invisible format|a control) character, U\+[0-9A-F]{4}[A-Z -]* at position \d+"
    with pytest.raises(ValidationError, match=message):
        TypeAdapter(schema.SingleLine).validate_python(value)
    with pytest.raises(ValidationError, match="contains"):
        TypeAdapter(schema.Url).validate_python(f"https://example.org/{value}")


def _template() -> TypeAdapter[str]:
    info = schema.PromptFormat.model_fields["template"]
    return TypeAdapter(Annotated[str, *info.metadata])


@pytest.mark.parametrize(("char", "category"), sorted(_BY_CATEGORY.items()))
def test_shown_as_written_fields_refuse_by_category(char: str, category: str) -> None:
    """Names, links, templates and stop strings refuse by Unicode category, naming the code point."""
    assert unicodedata.category(char) == category
    code = f"U+{ord(char):04X}"
    words = characters.REFUSED[category]
    for adapter, value in [
        (TypeAdapter(schema.SingleLine), f"name{char}x"),
        (TypeAdapter(schema.Url), f"https://example.org/a{char}b"),
        (_template(), f"{{prompt}}{char}"),
    ]:
        with pytest.raises(ValidationError) as caught:
            adapter.validate_python(value, strict=True)
        message = caught.value.errors()[0]["msg"]
        assert code in message and ("contains a space" in message or words in message), message


def test_one_line_fields_refuse_tabs_but_templates_keep_layout() -> None:
    with pytest.raises(ValidationError, match="a control character, U\\+0009 at position 2"):
        TypeAdapter(schema.SingleLine).validate_python("a\tb")
    template = _template()
    assert template.validate_python("User:\t{prompt}\r\nAssistant:") == "User:\t{prompt}\r\nAssistant:"


def test_prose_keeps_invisible_characters_for_the_renderer_to_strip() -> None:
    assert TypeAdapter(schema.Text).validate_python({"en": "a\u202eb"}).en == "a\u202eb"
    assert text.block("a\u202eb") == "ab"


def test_every_class_the_templates_write_is_one_the_sanitiser_keeps() -> None:
    """A class added to a template (or the code rendering pages) must be added to
    sanitize.CLASSES, if no script acts on it; otherwise the sanitiser drops it."""
    from generator.render import pages

    written: set[str] = set()
    sources = [*pages._TEMPLATES.rglob("*"), *Path(pages.__file__).parent.glob("*.py")]
    for path in sources:
        if path.is_file():
            for attribute in re.findall(r'class="([^"{]*)"', path.read_text(encoding="utf-8")):
                written |= set(attribute.split())
    assert written, "no class found in the templates: has the markup moved?"
    assert {c for c in written if not sanitize._allowed_class(c)} == set()
