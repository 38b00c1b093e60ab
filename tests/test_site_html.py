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


def test_language_links_become_page_relative() -> None:
    page = '<a href="/zh/" hreflang="zh">中文</a> <a href="/" hreflang="en">English</a>'
    assert html.relative_language_links(page, "models/CausalLM/7B/") == (
        '<a href="../../../zh/" hreflang="zh">中文</a> <a href="../../.." hreflang="en">English</a>'
    )


def test_other_links_are_left_alone() -> None:
    page = '<a href="//host/x" hreflang="zh">x</a> <a href="zh/" hreflang="zh">y</a> <a href="/zh/">z</a>'
    assert html.relative_language_links(page, "a/") == page


def test_404_language_links_point_at_each_home() -> None:
    page = '<a href="../quants/x.zh/" hreflang="zh">中文</a><a href="../quants/x/" hreflang="en">EN</a>'
    assert html.home_language_links(page, "en") == '<a href="/zh/" hreflang="zh">中文</a><a href="/" hreflang="en">EN</a>'
