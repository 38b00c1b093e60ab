"""Page names: every id a site builder maps onto another page is reserved, one rule per builder.

``generator.site.builders.BUILDERS`` says what each builder does with a page's file name.
Each entry is checked against a real build of a colliding catalog: records whose ids the
validator refuses are put into a valid catalog by hand, rendered, and built. The build must
show the very collision the entry describes (so the table is neither stale nor needlessly
strict), and the validator must refuse each such id while a near miss stays a record.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import pipeline, write
from generator.catalog import Catalog
from generator.pipeline import load
from generator.read.discover import id_problem
from generator.schema.kinds import BY_NAME
from generator.site import builders

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini" / "catalog"
#: Locale suffixes to try; the site builds 'zh', the others are only locale-shaped.
SUFFIXES = ("zh", "fr", "pt-BR", "zh_TW")
#: Near misses: no builder reads these as anything but the record's own page.
NEAR_MISSES = ("READMEs", "index2", "wiki.v1", "wiki.q4")


def _catalog_with(extra: dict[str, str]) -> Catalog:
    """The mini catalog plus datasets under ``extra`` ids (id -> shown name), added by hand."""
    catalog, problems = load(MINI)
    assert not problems
    base = catalog.records["dataset"]["wikitext"]
    for record_id, name in extra.items():
        data = base.data.model_copy(update={"name": name})
        catalog.records["dataset"][record_id] = type(base)("dataset", record_id, base.shown, data, base.doc)
    return catalog


def _build(docs: Path, site: Path) -> str:
    """``mkdocs build`` without --strict (to see every collision), returning its log."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MODEL_ATLAS_DOCS=str(docs), MODEL_ATLAS_OFFLINE="false")
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(site)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def test_the_table_has_a_builder_for_the_configured_site() -> None:
    assert [b.name for b in builders.BUILDERS] == ["MkDocs"]


@pytest.mark.build
def test_mkdocs_maps_each_reserved_name_onto_another_page(tmp_path: Path) -> None:
    (mkdocs,) = builders.BUILDERS
    assert mkdocs.translation is not None
    extra: dict[str, str] = {}
    for name in mkdocs.index_names:
        extra[f"victim-{name}"] = f"Victim {name}"
        extra[f"victim-{name}/{name}"] = f"Attacker {name}"  # page datasets/victim-x/<name>.md
        extra[name] = f"Top {name}"  # page datasets/<name>.md, beside the datasets index
    for suffix in SUFFIXES:
        extra[f"wikitext.{suffix}"] = f"Lost {suffix}"
    for near in NEAR_MISSES:
        extra[f"org/{near}"] = f"Kept {near}"
    docs, site = tmp_path / "docs", tmp_path / "site"
    write.replace_tree(docs, pipeline.render(_catalog_with(extra)))
    log = _build(docs, site)

    def page(*parts: str) -> str:
        path = site.joinpath("datasets", *parts, "index.html")
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    for name in mkdocs.index_names:
        # The attacker's page replaces the victim's: both are datasets/victim-<name>/.
        assert f"Attacker {name}" in page(f"victim-{name}"), f"MkDocs no longer builds {name}.md as an index page"
        assert f"Victim {name}" not in page(f"victim-{name}"), name
        # Beside the folder's own index page: one of the two is dropped (--strict fails on README).
        clash = f"Excluding 'datasets/{name}.md' from the site because it conflicts with 'datasets/index.md'"
        assert name == "index" or clash in log, log[-2000:]
    for suffix in SUFFIXES:
        assert mkdocs.translation.fullmatch(suffix), suffix
        assert not site.joinpath("datasets", f"wikitext.{suffix}").exists(), f"'.{suffix}' is not read as a locale"
    for near in NEAR_MISSES:
        assert f"Kept {near}" in page("org", near), near

    # The validator refuses exactly the ids whose pages went elsewhere.
    own_pages = {f"victim-{name}" for name in mkdocs.index_names} | {f"org/{near}" for near in NEAR_MISSES}
    for record_id in extra:
        problem = id_problem(BY_NAME["dataset"], record_id)
        if record_id in own_pages:
            assert problem is None, (record_id, problem)
        else:
            assert problem and "is reserved" in problem, (record_id, problem)
    assert id_problem(BY_NAME["dataset"], "wiki/Readme")  # README on a case-insensitive file system
