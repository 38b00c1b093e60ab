"""Page names: every id a site builder maps onto another page is reserved, one rule per builder.

``generator.builders.BUILDERS`` says what each builder does with a page's file name.
Each entry is checked against a real build of a colliding catalog: records whose ids the
validator refuses are put into a valid catalog by hand, rendered, and built. The build must
show the very collision the entry describes (so the table is neither stale nor needlessly
strict), and the validator must refuse each such id while a near miss stays a record.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator import builders, pipeline, write
from generator.catalog import Catalog
from generator.pipeline import load
from generator.read.discover import id_problem
from generator.schema.kinds import BY_NAME

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


def _build(project: Path, builder: builders.Builder) -> str:
    """One language built without --strict (to see every collision), returning its log."""
    from generator.site import build

    config = project / ".build.en.test.yml"
    write.write_file(config, build.language_config("en", "docs/en", "site-out"))
    command = [part for part in builder.command(config.relative_to(project)) if part != "--strict"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", MODEL_ATLAS_OFFLINE="false")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr + result.stdout


def test_the_table_has_every_builder_the_site_is_built_with() -> None:
    from generator.site import build

    assert sorted(builders.BUILDERS) == ["mkdocs", "zensical"]
    assert all(b.translation is None for b in builders.BUILDERS.values())  # one tree per language
    assert build.builders is builders


@pytest.mark.build
@pytest.mark.parametrize("name", ["mkdocs", "zensical"])
def test_each_reserved_name_is_built_as_an_index_page(tmp_path: Path, name: str) -> None:
    from tests.conftest import project_copy

    builder = builders.BUILDERS[name]
    extra: dict[str, str] = {}
    for index in builder.index_names:
        if index == "index":
            continue  # the generator's own index page has that name: nothing else may have it
        extra[f"victim-{index}/{index}"] = f"Attacker {index}"  # datasets/victim-x/<index>.md
        extra[index] = f"Top {index}"  # datasets/<index>.md, beside the datasets index
    for near in NEAR_MISSES:
        extra[f"org/{near}"] = f"Kept {near}"
    for suffix in SUFFIXES:
        extra[f"wikitext.{suffix}"] = f"Kept {suffix}"
    project_copy(tmp_path, MINI)
    write.replace_tree(tmp_path / "docs", pipeline.render(_catalog_with(extra)))
    _build(tmp_path, builder)
    site = tmp_path / "site-out"

    def page(record_id: str) -> str:
        path = site / "datasets" / f"{record_id}.html"
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    for index in builder.index_names:
        if index == "index":
            continue
        # The builder made index.html of README.md: the page the generator links to is missing.
        assert not page(f"victim-{index}/{index}"), f"{builder.shown} no longer builds {index}.md as an index page"
        assert "Attacker" in (site / "datasets" / f"victim-{index}" / "index.html").read_text(encoding="utf-8")
        assert not page(index)
    for near in NEAR_MISSES:
        assert f"Kept {near}" in page(f"org/{near}"), near
    for suffix in SUFFIXES:
        assert f"Kept {suffix}" in page(f"wikitext.{suffix}"), suffix

    # The validator refuses exactly the ids whose pages went elsewhere.
    for record_id in extra:
        problem = id_problem(BY_NAME["dataset"], record_id)
        if record_id.startswith("org/") or record_id.startswith("wikitext."):
            assert problem is None, (record_id, problem)
        else:
            assert problem and "is reserved" in problem, (record_id, problem)
    assert id_problem(BY_NAME["dataset"], "wiki/Readme")  # README on a case-insensitive file system
    assert id_problem(BY_NAME["dataset"], "index")  # the generator's own
