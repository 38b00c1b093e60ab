"""``python -m generator linkcheck SITE``: every internal link and anchor of a built site resolves."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.site import linkcheck

#: A tiny site: pages with ids, a folder page, an image, and links of every shape.
GOOD = {
    "index.html": """<!doctype html><html><head><link rel="stylesheet" href="assets/site.css">
<script src="./assets/app.js"></script></head><body id="top-of-page">
<a href="models/">models</a> <a href="models/index.html#list">list</a> <a href="#intro">intro</a>
<h2 id="intro">Intro</h2> <a href="https://example.org/missing">outside</a> <a href="HTTP://example.org/">caps</a>
<a href="#">top</a>
<a href="models/caf%C3%A9.html#r%C3%A9sum%C3%A9">encoded</a> <a href="models?tab=1">query</a>
<img srcset="assets/a.png 1x, assets/a.png 2x" src="assets/a.png"> <a name="old-anchor"></a>
<a href="/models/#list">root-relative</a> <a href="index.html#old-anchor">named</a>
</body></html>""",
    "models/index.html": '<h1 id="list">Models</h1><a href="../index.html#intro">home</a><a href="..">up</a>',
    "models/café.html": '<h1 id="résumé">Café</h1><a href="../assets/site.css">css</a>',
    "assets/site.css": "body{}",
    "assets/app.js": "",
    "assets/a.png": "",
}


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_sound_site_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _site(tmp_path / "site", GOOD)
    result = linkcheck.check(site)
    assert result.broken == []
    assert result.pages == 3
    # External http(s) links are not counted; the rest are.
    assert result.links == 16
    assert main(["linkcheck", str(site)]) == 0
    assert capsys.readouterr().out == "checked 16 links on 3 pages: all resolve\n"


def test_links_the_site_never_writes_are_reported(tmp_path: Path) -> None:
    """Protocol-relative links lead to another host (a file:// share offline); other schemes
    can only come from record text the sanitiser let through. Read as a browser reads them."""
    page = """<a href="//evil.example/x">a</a> <a href="/\\evil.example/">b</a>
<a href=" \t//evil.example/">c</a> <img src="data:image/png;base64,AAAA"> <a href="mailto:a@example.org">d</a>
<a href="java	script:alert(1)">e</a> <a href="https:evil.example">f</a> <a href="https://ok.example/">ok</a>
"""
    site = _site(tmp_path / "site", {**GOOD, "foreign.html": page})
    found = [(b.line, b.target, b.reason.split(":")[0]) for b in linkcheck.check(site).broken]
    assert found == [
        (1, "//evil.example/x", "protocol-relative"),
        (1, "/\\evil.example/", "protocol-relative"),
        (2, "//evil.example/", "protocol-relative"),
        (2, "data:image/png;base64,AAAA", "not an http(s) link"),
        (2, "mailto:a@example.org", "not an http(s) link"),
        (3, "https:evil.example", "not an http(s) link"),
        (3, "java\tscript:alert(1)", "not an http(s) link"),
    ]


def test_every_break_is_reported_with_page_line_and_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken_page = """<p id="here">x</p>
<a href="gone.html">missing page</a>
<a href="models/#nope">missing anchor</a> <a href="#nowhere">missing local anchor</a>
<img src="assets/missing.png"> <a href="../../etc/passwd">outside</a>
<a href="gone.html">the same target twice is reported once</a> <a href="models/index.html#List">case matters</a>
<img srcset="assets/a.png 1x, assets/b.png 2x">
"""
    site = _site(tmp_path / "site", {**GOOD, "broken.html": broken_page})
    result = linkcheck.check(site)
    assert [b.text() for b in result.broken] == [
        "broken.html:2: broken link 'gone.html': no file gone.html",
        "broken.html:3: broken link '#nowhere': no id 'nowhere' in broken.html",
        "broken.html:3: broken link 'models/#nope': no id 'nope' in models/index.html",
        "broken.html:4: broken link '../../etc/passwd': points outside the site folder",
        "broken.html:4: broken link 'assets/missing.png': no file assets/missing.png",
        "broken.html:5: broken link 'models/index.html#List': no id 'List' in models/index.html",
        "broken.html:6: broken link 'assets/b.png': no file assets/b.png",
    ]
    assert main(["linkcheck", str(site)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "broken.html:2: broken link 'gone.html': no file gone.html"
    assert out[-1].endswith("7 broken")


def test_a_folder_without_index_is_broken(tmp_path: Path) -> None:
    site = _site(tmp_path / "site", {"index.html": '<a href="empty/">e</a>', "empty/readme.txt": ""})
    assert [b.reason for b in linkcheck.check(site).broken] == ["no file empty/index.html"]


def test_not_a_built_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["linkcheck", str(tmp_path)]) == 2
    assert "build the site first" in capsys.readouterr().err


@pytest.mark.build
def test_the_real_built_site_has_no_broken_link(built_site: Path) -> None:
    result = linkcheck.check(built_site)
    assert result.pages > 10 and result.links > 100  # it really looked
    assert [b.text() for b in result.broken] == []


@pytest.mark.build
def test_the_offline_export_has_no_broken_link(offline_site: Path) -> None:
    # Offline pages link to folders' index.html files directly; every one must be there.
    result = linkcheck.check(offline_site)
    assert result.pages > 10 and result.links > 100
    assert [b.text() for b in result.broken] == []
