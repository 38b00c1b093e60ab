"""Model Atlas generator: validates the YAML catalog and turns it into a bilingual site.

Layout:
- ``generator.catalog``: reading records (YAML with positions, schema, references).
- ``generator.diagnostics``: problems and how they are printed.
- ``generator.cli``: the ``python -m generator`` command line.
"""
