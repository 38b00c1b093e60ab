"""The policy the generator applies to every built page (``generator.site.policy``): the
article through the sanitiser, and checks on the whole page that fail the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.site import build, policy

PAGE = """<!doctype html><html><head><title>{title}</title>
<script src="../assets/javascripts/bundle.js"></script></head><body>
<article class="md-content__inner md-typeset">{article}</article>
<footer><a href="https://github.com/">repo</a></footer></body></html>"""


#: Markup each check refuses, and the words its complaint holds.
BREAKING = [
    ('<a href="//evil.example/x">x</a>', "protocol-relative"),
    ('<a href=" java&#x09;script:alert(1)">x</a>', "javascript: address is refused"),
    ('<img src="https://evil.example/x.png">', "https: address is refused"),
    ('<img srcset="a.png 1x, //evil.example/b.png 2x">', "protocol-relative"),
    ('<link rel="stylesheet" href="https://fonts.example/x.css">', "https: address is refused"),
    ('<div onclick="steal()">x</div>', "event handler: onclick"),
    ('<base href="https://evil.example/">', "<base> element"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "refresh"),
    ('<div style="background: url(https://evil.example/x)">x</div>', "style that loads"),
]


@pytest.mark.parametrize(("markup", "problem"), BREAKING)
def test_markup_outside_the_article_that_breaks_the_policy_is_named(markup: str, problem: str) -> None:
    page = PAGE.format(title="Fine", article="<p>x</p>").replace("<footer>", markup + "<footer>")
    found = list(policy.check(page))
    assert found and any(problem in f for f in found), found


def test_a_title_with_markup_is_refused() -> None:
    assert [p for p in policy.check(PAGE.format(title="A <script>", article="")) if "<title>" in p]
    assert list(policy.check(PAGE.format(title="A &lt;script&gt; &amp; B", article=""))) == []


def test_links_to_other_sites_and_inside_the_site_are_fine() -> None:
    article = '<p><a href="https://huggingface.co/x">x</a> <a href="../models/a.html#facts">a</a> <a href="#top">t</a></p>'
    assert list(policy.check(PAGE.format(title="T", article=article))) == []


def test_the_article_is_sanitised_and_the_rest_of_the_page_kept() -> None:
    article = '<p>ok</p><script>alert(1)</script><img src="x.png"><p onclick="x()">y</p>'
    page = PAGE.format(title="T", article=article)
    cleaned = policy.clean_article(page)
    assert "<script>alert" not in cleaned and "<img" not in cleaned and "onclick" not in cleaned
    assert '<script src="../assets/javascripts/bundle.js"></script>' in cleaned  # the theme's own
    assert policy.clean_article(cleaned) == cleaned


def test_enforce_rewrites_pages_and_reports_violations(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE.format(title="A", article="<p>x</p><script>bad()</script>"), encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE.format(title="B <i>", article=""), encoding="utf-8")
    found = policy.enforce(tmp_path)
    assert [v.path for v in found] == ["b.html"]
    assert "bad()" not in (tmp_path / "a.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_page_that_breaks_the_policy_fails_the_build_and_keeps_the_last_site(tmp_path: Path) -> None:
    from tests.conftest import project_copy

    repo = Path(__file__).resolve().parents[1]
    # A project whose theme settings regress: a stylesheet from another host on every page.
    base = project_copy(tmp_path, repo / "tests/fixtures/mini/catalog").read_text(encoding="utf-8")
    build.build(tmp_path / "mkdocs.yml", tmp_path / "site")
    before = (tmp_path / "site" / "index.html").read_bytes()
    (tmp_path / "mkdocs.yml").write_text(base.replace("extra_css:\n", "extra_css:\n  - https://evil.example/x.css\n"), encoding="utf-8")
    with pytest.raises(build.BuildError, match=r"(?s)break the site's policy.*https: address is refused"):
        build.build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs.yml", "overrides", "site"]  # nothing left behind


# --- the sanitiser's output needs no second look -------------------------------------------------
# The post-build pass reads the tags of only the rest of a page after cleaning its article
# (policy.check(article_cleaned=True)): whatever markup an article holds, what the sanitiser
# keeps of it breaks no check that skipping the article's tags would miss.

_TAGS = st.sampled_from([
    "a", "p", "div", "span", "img", "script", "style", "base", "meta", "link", "iframe", "svg", "title",
    "table", "td", "th", "form", "object", "embed", "video", "input", "button", "math", "use", "image", "A", "ScRiPt",
])
_ATTRIBUTE_NAMES = st.sampled_from([
    "href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href", "background", "cite", "manifest",
    "style", "onclick", "onerror", "OnLoad", "http-equiv", "content", "rel", "class", "id", "title", "colspan",
    "data-sort-first", "viewBox", "d",
])
_VALUES = st.sampled_from([
    "https://evil.example/x", "//evil.example/x", "/\\evil.example", " java\tscript:alert(1)", "javascript:x",
    "data:text/html,x", "../models/a.html", "#top", "refresh", "0;url=https://evil.example/", "alert(1)",
    "background:url(https://evil.example/x)", "text-align: right", "x.png 1x, //evil.example/b.png 2x",
    "atlas-num md-nav", "__config", "&#x6a;avascript:x", "https:evil", "stylesheet", "ascending",
]) | st.text(max_size=20)


@st.composite
def _markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        tag = draw(_TAGS)
        attributes = "".join(
            f' {name}="{value.replace(chr(34), "&quot;")}"'
            for name, value in draw(st.lists(st.tuples(_ATTRIBUTE_NAMES, _VALUES), max_size=4))
        )
        inner = draw(st.one_of(st.text(max_size=15), st.just("</title><script>x()</script>"), st.just("<!-- c -->")))
        parts.append(f"<{tag}{attributes}>{inner}</{tag}>" if draw(st.booleans()) else f"<{tag}{attributes}>{inner}")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_markup())
@example("<svg><title><svg>")  # an SVG title holding an element: kept, and still reported
def test_what_the_sanitiser_keeps_of_any_article_breaks_no_check(article: str) -> None:
    cleaned = policy.clean_article(PAGE.format(title="T", article=article))
    found = list(policy.check(cleaned))
    assert [f for f in found if not f.startswith("the <title> holds markup")] == []
    assert list(policy.check(cleaned, article_cleaned=True)) == found


# Every construct a check refuses is tried, not only those the strategy happens to draw.
for _markup_breaking, _ in BREAKING:
    test_what_the_sanitiser_keeps_of_any_article_breaks_no_check = example(_markup_breaking)(
        test_what_the_sanitiser_keeps_of_any_article_breaks_no_check
    )


def test_the_article_is_not_read_again_only_when_it_was_cleaned() -> None:
    page = PAGE.format(title="T", article='<p onclick="x()">y</p>')
    assert any("onclick" in p for p in policy.check(page))
    assert not any("onclick" in p for p in policy.check(page, article_cleaned=True))
    assert any("onclick" in p for p in policy.check(policy.clean_article(page).replace("</footer>", '<i onclick="x()"></i></footer>'), article_cleaned=True))
