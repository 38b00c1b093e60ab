"""The site builders: how each is run, and what each does with a page's file name.

Both read mkdocs.yml (``generator/site/build.py`` runs them, one build per language). A
record's page is ``<folder>/<id>.md`` (``record_path``), and a builder may read a file name
as something else than "the page of this id": MkDocs and Zensical build ``README.md`` as
``index.md``, so a dataset ``README`` would clash with the datasets index (the strict build
stops after validation passed) and ``foo/README`` would be built where no link leads. The
generator writes its own ``index.md`` in every record folder, so ``index`` is taken too.

An id whose last part a builder reads that way is refused by the validator
(``read.discover``) and by ``import --id``; names are compared without case, since on a
case-insensitive file system ``Readme.md`` is ``README.md``.

With one tree per language (``docs/<lang>/``), no builder reads a suffix as a language any
more (mkdocs-static-i18n did: ``wiki.zh.md`` was the Chinese ``wiki.md``), so ``wiki.zh``
is an id like any other. Adding a builder is an entry in ``BUILDERS``, its name in each
language's UI strings (``footer.builder.<name>``: the footer says what built the site), plus
its case in the build tests (``tests/hostile/test_page_names.py`` builds a catalog of
colliding pages).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

#: File stems the generator writes itself in every record folder.
GENERATOR_NAMES = ("index",)


@dataclass(frozen=True)
class Builder:
    """One site builder."""

    name: str  # as on the command line: --builder mkdocs
    shown: str  # in messages: MkDocs
    module: str  # run as ``python -m <module> build``
    failure_prefixes: tuple[str, ...]  # lines of its output that explain a failure
    index_names: tuple[str, ...]  # file stems it builds as the folder's index page
    translation: re.Pattern[str] | None = None  # a stem's last ``.suffix`` it reads as a language

    def command(self, config: Path) -> list[str]:
        # No --quiet: it silences the warnings that --strict counts, so a broken link would pass.
        return [sys.executable, "-m", self.module, "build", "--strict", "--config-file", str(config)]

    def reserved(self, last: str) -> str | None:
        """Why a page named ``last`` (an id's last part) is not that record's own page, or None."""
        if last.lower() in {name.lower() for name in (*GENERATOR_NAMES, *self.index_names)}:
            return f"{self.shown} builds a page named '{last}' as its folder's index page"
        stem, dot, suffix = last.rpartition(".")
        if dot and stem and self.translation is not None and self.translation.fullmatch(suffix):
            return f"{self.shown} reads a page named '{last}' as the '{suffix}' translation of {stem!r}"
        return None


BUILDERS: dict[str, Builder] = {
    "mkdocs": Builder("mkdocs", "MkDocs", "mkdocs", ("WARNING", "ERROR", "Aborted"), ("index", "README")),
    "zensical": Builder("zensical", "Zensical", "zensical", ("Error", "error", "Warning", "warning"), ("index", "README")),
}


def reserved(record_id: str) -> str | None:
    """Why a builder would not give ``record_id`` a page of its own, or None.

    >>> reserved("org/README")
    "MkDocs builds a page named 'README' as its folder's index page"
    >>> reserved("wiki.zh") is None
    True
    """
    last = record_id.rsplit("/", 1)[-1]
    for builder in BUILDERS.values():
        reason = builder.reserved(last)
        if reason:
            return reason
    return None
