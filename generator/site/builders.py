"""What each site builder does with a page's file name: the one table of reserved record ids.

A record's page is ``<folder>/<id>.md`` (``record_path``). A builder may read a file name as
something else than "the page of this id":

- as the index page of its folder: MkDocs (and mkdocs-static-i18n) build ``README.md`` as
  ``index.md``, so a dataset ``foo/README`` would replace the page of the dataset ``foo``
  (``datasets/foo/`` is both), and a license ``README`` would clash with the licenses index
  and stop the strict build after validation passed;
- as a translation: with ``docs_structure: suffix``, mkdocs-static-i18n reads
  ``<name>.<locale>.md`` as the ``<locale>`` version of ``<name>.md`` for every
  locale-shaped suffix (``.zh``, ``.fr``, ``.pt-BR``), not only the languages the site builds;
  a record ``wiki.fr`` would vanish from the site or pose as another record's translation.

An id whose last part a builder reads either way is refused by the validator
(``read.discover``) and by ``import --id``. Index names are compared without case: on a
case-insensitive file system ``Readme.md`` is ``README.md``.

Adding a builder (Zensical, for one) is an entry in ``BUILDERS``, plus a test that builds a
catalog of colliding pages with it (``tests/hostile/test_page_names.py`` does so for MkDocs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Builder:
    """How one builder maps page file names."""

    name: str
    #: File stems it builds as the folder's index page, as it spells them.
    index_names: tuple[str, ...]
    #: A last ``.suffix`` of a stem it reads as a translation (None: it reads none).
    translation: re.Pattern[str] | None

    def reserved(self, last: str) -> str | None:
        """Why a page named ``last`` (an id's last part) is not that record's own page, or None."""
        if last.lower() in {name.lower() for name in self.index_names}:
            return f"{self.name} builds a page named '{last}' as its folder's index page"
        stem, dot, suffix = last.rpartition(".")
        if dot and stem and self.translation is not None and self.translation.fullmatch(suffix):
            return f"{self.name} reads a page named '{last}' as the '{suffix}' translation of {stem!r}"
        return None


#: The locales mkdocs-static-i18n recognises in a suffix (its ``RE_LOCALE``), in any case.
_I18N_LOCALE = re.compile(r"[a-z]{2}(?:-[a-z]{4})?(?:-[a-z]{2})?|[a-z]{2}_[a-z]{2}", re.IGNORECASE)

BUILDERS: tuple[Builder, ...] = (
    Builder("MkDocs", index_names=("index", "README"), translation=_I18N_LOCALE),
)


def reserved(record_id: str) -> str | None:
    """Why a builder would not give ``record_id`` a page of its own, or None.

    >>> reserved("org/README")
    "MkDocs builds a page named 'README' as its folder's index page"
    >>> reserved("wiki.fr")
    "MkDocs reads a page named 'wiki.fr' as the 'fr' translation of 'wiki'"
    >>> reserved("org/Llama-2-7B") is None
    True
    """
    last = record_id.rsplit("/", 1)[-1]
    for builder in BUILDERS:
        reason = builder.reserved(last)
        if reason:
            return reason
    return None
