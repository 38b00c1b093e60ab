"""Fixtures for hostile-input tests: what the validator makes of each payload, and one site
built from a catalog holding every accepted payload (plus a clean site to compare with)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile import corpus, inject

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, inject.Outcome]:
    """Payload name -> which spots of the base catalog accept it (and why the others refuse)."""
    work = tmp_path_factory.mktemp("payloads")
    base = inject.base_records()
    return {name: inject.survivors(payload, work / name, base) for name, payload in corpus.PAYLOADS.items()}


@dataclass
class Built:
    catalog: Path
    docs: Path
    site: Path
    clean_site: Path
    copies: dict[str, str]  # payload name -> id suffix of the records holding it


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, outcomes: dict[str, inject.Outcome]) -> Built:
    """Every accepted payload validated, generated and built with ``mkdocs build --strict``."""
    from generator import pipeline
    from generator.site import build

    work = tmp_path_factory.mktemp("hostile-site")
    groups = inject.group(outcomes, work / "groups")
    records = inject.hostile_records(groups)
    inject.write(work / "catalog", records)
    problems = pipeline.generate(work / "catalog", work / "docs")
    assert not [p for p in problems if p.severity == "error"], [p.text() for p in problems]
    build.mkdocs_build(REPO / "mkdocs.yml", work / "site", docs=work / "docs")

    inject.write(work / "clean" / "catalog", inject.base_records())
    problems = pipeline.generate(work / "clean" / "catalog", work / "clean" / "docs")
    assert not [p for p in problems if p.severity == "error"], [p.text() for p in problems]
    build.mkdocs_build(REPO / "mkdocs.yml", work / "clean" / "site", docs=work / "clean" / "docs")
    copies = {name: item.suffix for item in groups for name in item.names}
    assert sorted(copies) == sorted(outcomes)
    return Built(work / "catalog", work / "docs", work / "site", work / "clean" / "site", copies)
