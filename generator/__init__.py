"""Model Atlas generator: validates the YAML catalog and turns it into a bilingual site.

Data flows one way, one folder or module per step:

- ``read``: record files -> records (positioned YAML, limits, ids from paths, schema).
- ``check``: rules across records, every problem collected.
- ``catalog``: the in-memory ``Catalog`` the steps pass on.
- ``resolve``: everything derived (lineage, licenses, files, scores, coverage) -> page data.
- ``render``: page data + templates + UI strings -> Markdown and JSON text.
- ``write``: every file the project writes, atomically; ``lock``: one run at a time per output folder.
- ``site``: building the HTML with MkDocs, and the policy each built page obeys.
- ``export``: the offline zip.
- ``pipeline``: the steps in order; ``cli``: the ``python -m generator`` verbs;
  ``mkdocs_hooks``: thin glue for ``mkdocs serve``; ``serve``: live regeneration.
- ``schema``: the record classes (and their JSON Schema) every step shares.
- ``importer``, ``scaffold``, ``diff``: contributor tools.
"""
