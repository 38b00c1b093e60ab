"""Paths: a record's file name is its id, and no name may escape the catalog, confuse a file
system, or take over a page of the site; nothing is ever written outside the output folder.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from generator import builders, pipeline, write
from generator.pipeline import load
from generator.read.discover import discover
from tests.factory import valid_base_model, valid_dataset, valid_license, write_catalog

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini" / "catalog"
_INDEX = "MkDocs builds a page named '{}' as its folder's index page; choose another id"


def _problems(root: Path) -> dict[str, str]:
    """Problems of a catalog as {shown path: message} (one per file here)."""
    _, problems = load(root)
    return {p.path: p.message for p in problems if p.severity == "error"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("rel", "text", "expected"),
    [
        ("models/org/..hidden.yaml", valid_base_model(), "which is not a Hugging Face repo id"),
        ("models/org/.hidden.yaml", valid_base_model(), "which is not a Hugging Face repo id"),
        ("models/org/a..b.yaml", valid_base_model(), "without '--' or '..'"),
        ("models/org/x/y.yaml", valid_base_model(), "a model record must be at catalog/models/<org>/<name>.yaml"),
        ("licenses/-rf.yaml", valid_license(), "which is not an id"),
        ("licenses/CON.yaml", valid_license(), "which is a reserved file name on Windows ('CON' names a device"),
        ("licenses/aux.yaml", valid_license(), "which is a reserved file name on Windows ('aux'"),
        ("models/lpt1/x.yaml", valid_base_model(), "which is a reserved file name on Windows ('lpt1'"),
        ("datasets/nul.tar.yaml", valid_dataset(), "which is a reserved file name on Windows ('nul.tar'"),
        ("licenses/index.yaml", valid_license(), f"is reserved: {_INDEX.format('index')}"),
        ("datasets/index.yaml", valid_dataset(), f"is reserved: {_INDEX.format('index')}"),
        ("models/org/Index.yaml", valid_base_model(), f"is reserved: {_INDEX.format('Index')}"),
        ("licenses/README.yaml", valid_license(), f"is reserved: {_INDEX.format('README')}"),
        ("datasets/wiki/readme.yaml", valid_dataset(depth=2), f"is reserved: {_INDEX.format('readme')}"),
        ("models/org/ReadMe.yaml", valid_base_model(), f"is reserved: {_INDEX.format('ReadMe')}"),
        ("models/org/caf\u00e9.yaml", valid_base_model(), "which is not a Hugging Face repo id"),
        ("models/org/cafe\u0301.yaml", valid_base_model(), "which is not a Hugging Face repo id"),
        ("models/org/x.yml", valid_base_model(), "records use the .yaml extension"),
        ("models/org/x.YAML", valid_base_model(), "only .yaml records belong under catalog/models/"),
        ("stray/x.yaml", valid_base_model(), "'stray' is not a record folder"),
    ],
)
def test_bad_names_are_refused_with_a_reason(tmp_path: Path, rel: str, text: str, expected: str) -> None:
    root = write_catalog(tmp_path, {rel: text})
    problems = _problems(root)
    shown = f"catalog/{rel}" if not rel.startswith("stray/") else "catalog/stray"
    assert shown in problems, problems
    assert expected in problems[shown], problems[shown]



@pytest.mark.parametrize("rel", ["models/open/Chat-7B.zh.yaml", "datasets/wiki.fr.yaml", "datasets/org/wiki.pt-BR.yaml"])
def test_a_name_ending_in_a_locale_is_an_id_like_any_other(tmp_path: Path, rel: str) -> None:
    """One tree per language: no builder reads 'x.zh.md' as the Chinese 'x.md' any more."""
    text = valid_dataset(depth=rel.count("/")) if rel.startswith("datasets/") else valid_base_model()
    assert f"catalog/{rel}" not in _problems(write_catalog(tmp_path, {rel: text}))
    assert builders.reserved(rel.split("/", 1)[1].removesuffix(".yaml")) is None


def test_a_license_named_index_would_have_replaced_the_licenses_index(tmp_path: Path) -> None:
    """Why 'index' is refused: its page path is the index page's."""
    from generator.resolve.pages import record_path

    assert record_path("license", "index") == "licenses/index.md"


def test_nfc_and_nfd_names_never_become_two_records(tmp_path: Path) -> None:
    """Ids are ASCII, so names that differ only by Unicode normalisation are both refused."""
    nfc, nfd = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
    assert nfc != nfd
    files = {f"models/org/{nfc}.yaml": valid_base_model(), f"models/org/{nfd}.yaml": valid_base_model()}
    root = write_catalog(tmp_path, files)
    entries, problems = discover(root)
    assert not [e for e in entries if e.id.startswith("org/")]
    if len(list((root / "models" / "org").iterdir())) == 2:  # a file system that normalises keeps one
        assert len([p for p in problems if "org/caf" in p.path]) == 2


def test_names_differing_only_by_case_are_refused(tmp_path: Path) -> None:
    root = write_catalog(tmp_path, {"models/acme/base-7b.yaml": valid_base_model()})
    problems = _problems(root)
    if len(list((root / "models" / "acme").iterdir())) < 2:
        pytest.skip("case-insensitive file system: the second file replaced the first")
    message = problems["catalog/models/acme/base-7b.yaml"]
    assert "differs only by case from 'acme/Base-7B'" in message


def test_symlinks_out_of_the_catalog_are_refused_and_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(valid_license(name="Read from outside the catalog"), encoding="utf-8")
    root = write_catalog(tmp_path)
    os.symlink(outside / "secret.yaml", root / "licenses" / "linked.yaml")
    os.symlink(outside, root / "models" / "linked-org")
    os.symlink(outside, root / "prompt-formats-link")
    os.symlink("/", root / "datasets" / "root")
    catalog, problems = load(root)
    messages = {p.path: p.message for p in problems}
    for shown in ("catalog/licenses/linked.yaml", "catalog/models/linked-org", "catalog/datasets/root"):
        assert messages[shown] == "symbolic links are not allowed in the catalog; commit the file itself", shown
    assert "catalog/prompt-formats-link" in messages
    assert "linked" not in catalog.records["license"]
    assert all(not rid.startswith("linked-org/") for rid in catalog.records["model"])
    assert not any("secret" in p.path for p in problems)  # never looked inside


ESCAPES = ["../escape.md", "/tmp/escape.md", "a/../../escape.md", "a/../b.md", "a\\..\\escape.md", "", "."]


@pytest.mark.parametrize("rel", ESCAPES)
def test_output_refuses_paths_that_leave_the_folder(tmp_path: Path, rel: str) -> None:
    docs = tmp_path / "work" / "docs"
    write.replace_tree(docs, {"index.md": "old\n"})
    before = _files(tmp_path)
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write.replace_tree(docs, {"index.md": "new\n", rel: "escaped\n"})
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write.update_in_place(docs, {"index.md": "new\n", rel: "escaped\n"})
    assert _files(tmp_path) == before
    assert not [p for p in (tmp_path / "work").iterdir() if p.name.startswith(".docs.")]


def test_a_record_id_that_escapes_never_reaches_the_disk(tmp_path: Path) -> None:
    """Even a record that slipped past discovery (built by hand here) cannot write outside docs/."""
    catalog, problems = load(write_catalog(tmp_path))
    assert not problems
    record = catalog.records["license"]["open-license"]
    catalog.records["license"]["../../../escaped"] = record
    docs = tmp_path / "out" / "docs"
    write.replace_tree(docs, {"index.md": "previous\n"})
    before = _files(tmp_path)
    with pytest.raises(ValueError, match="refusing to write outside the output folder"):
        write.replace_tree(docs, pipeline.render(catalog))
    assert _files(tmp_path) == before
    assert not list(tmp_path.rglob("escaped*"))


def test_writing_through_a_symlink_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "site-root"
    outside = tmp_path / "outside"
    outside.mkdir()
    write.replace_tree(target, {"a.md": "a\n"})
    os.symlink(outside / "owned.md", target / "b.md")
    with pytest.raises(ValueError, match="symbolic link"):
        write.update_in_place(target, {"a.md": "a\n", "b.md": "written through the link\n"})
    assert not (outside / "owned.md").exists()


def test_a_tree_writer_does_not_write_through_a_symlink(tmp_path: Path) -> None:
    """A link planted in the tree being filled (by another program) is refused, not followed."""
    fresh, outside = tmp_path / "fresh", tmp_path / "outside"
    (fresh / "en").mkdir(parents=True)
    outside.mkdir()
    os.symlink(outside / "owned.md", fresh / "en" / "b.md")
    writer = write.TreeWriter(fresh, None)
    writer.put("en/a.md", "a\n")
    with pytest.raises(ValueError, match="symbolic link"):
        writer.put("en/b.md", "written through the link\n")
    assert not (outside / "owned.md").exists()
    assert (fresh / "en" / "a.md").read_text(encoding="utf-8") == "a\n"


def test_generated_paths_stay_inside_docs(tmp_path: Path) -> None:
    """Every path the generator produces for the fixture catalog is a plain relative path."""
    catalog, _ = load(MINI)
    for rel in pipeline.render(catalog):
        parts = rel.split("/")
        assert rel and not rel.startswith("/") and "\\" not in rel and all(p not in ("", ".", "..") for p in parts), rel


def test_files_that_are_not_regular_are_refused_and_never_opened(tmp_path: Path) -> None:
    """A named pipe would make the reader wait for a writer forever; a socket cannot be read."""
    import socket

    root = write_catalog(tmp_path)
    os.mkfifo(root / "licenses" / "pipe.yaml")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(root / "datasets" / "sock.yaml"))
        problems = _problems(root)
    finally:
        server.close()
    assert problems["catalog/licenses/pipe.yaml"] == (
        "this is a named pipe, not a regular file; the catalog holds files and folders only"
    )
    assert problems["catalog/datasets/sock.yaml"].startswith("this is a socket, not a regular file")


def test_the_record_reader_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """Also when discovery is bypassed (the file changed after it was listed)."""
    from generator.read.discover import discover
    from generator.read.records import read_record

    root = write_catalog(tmp_path)
    entries, _ = discover(root)
    entry = next(e for e in entries if e.id == "open-license")
    entry.path.unlink()
    entry.path.symlink_to("/dev/zero")
    assert [p.message for p in read_record(entry)[1]] == ["the record is a symbolic link; commit the file itself"]
    entry.path.unlink()
    os.mkfifo(entry.path)
    assert [p.message for p in read_record(entry)[1]] == [
        "the record is a named pipe, not a regular file; commit the file itself"
    ]
