"""The page fixes of ``generator.site.html``: plain functions, tested without a build."""

from __future__ import annotations

import itertools

import pytest
from mkdocs.utils import get_relative_url

from generator.site import html

_PATHS = ["", ".", "zh/", "models/x/", "a/b/c.html", "zh/models/a/", "404.html", "../x/", "a/../b/", "x", "x/y"]


@pytest.mark.parametrize(("url", "page"), list(itertools.product(_PATHS, _PATHS)))
def test_relative_url_agrees_with_mkdocs(url: str, page: str) -> None:
    assert html.relative_url(url, page) == get_relative_url(url, page)


def test_titles_are_escaped_once() -> None:
    assert html.meta_title("A &amp; B") == "A &amp; B"
    assert html.meta_title("</title><script>") == "&lt;/title&gt;&lt;script&gt;"
