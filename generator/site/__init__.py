"""Turning a loaded catalog into Markdown pages and data files for MkDocs.

- ``views``: facts derived across records (lineage, files per model, leaderboards...).
- ``text``: safe Markdown from contributor text (HTML escaped, only http(s) links).
- ``strings``: UI strings, one table per language under ``strings/``.
- ``pages``: which page each record gets and rendering the templates.
- ``output``: writing the generated tree atomically.
- ``export``: the machine-readable JSON export.
"""
