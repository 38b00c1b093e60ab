"""Page data to text: templates and UI strings give Markdown pages, the API gives JSON.

- ``pages``: rendering each page from its template in each language.
- ``templates/``: one template per page kind, each saying what it receives.
- ``strings``: UI strings, one table per language under ``strings/``.
- ``text``: safe Markdown from contributor text (HTML escaped, only http(s) links).
- ``api``: the machine-readable JSON API under ``api/``.
"""
